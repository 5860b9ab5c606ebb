export default function LoadingProfile() {
  return (
    <div role="status" aria-label="Loading profile" className="grid animate-pulse gap-6 lg:grid-cols-[3fr_2fr]">
      <div className="flex flex-col gap-6">
        <div className="h-36 rounded-lg bg-slate-200" />
        <div className="h-80 rounded-lg bg-slate-200" />
      </div>
      <div className="h-40 rounded-lg bg-slate-200" />
      <span className="sr-only">Loading the profile from Attestr…</span>
    </div>
  );
}

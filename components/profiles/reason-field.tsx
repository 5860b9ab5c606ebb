/** The optional reason kept with a change in the console's record of updates. */
export function ReasonField({
  id,
  value,
  onChange,
  maxLength,
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  maxLength: number;
}) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-800">
        Reason <span className="font-normal text-slate-500">(optional)</span>
      </label>
      <input
        id={id}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        maxLength={maxLength}
        autoComplete="off"
        aria-describedby={`${id}-hint`}
        className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm"
      />
      <p id={`${id}-hint`} className="text-xs text-slate-500">
        Why you are making this change, for example a ticket number. It is kept with the change in the console’s record
        of updates.
      </p>
    </div>
  );
}

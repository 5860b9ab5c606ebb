import type { AttestrSaid } from '@/lib/errors/attestr-said';

/**
 * Attestr's own words about an error and its code, quoted as it sent them, for whoever must
 * pass them on to Attestr's support or a colleague: read without opening anything, after the
 * console's plain sentence and advice, and no larger than the advice. Shown only for an error
 * Attestr answered (see `attestrSaid`): the console's own errors have no such line. Plain text,
 * so markup in Attestr's words is shown as written, never rendered; long words wrap rather
 * than widen the page.
 */
export function AttestrSaidLine({ said }: { said: AttestrSaid }) {
  const code = <span className="whitespace-nowrap font-mono text-xs text-slate-600">({said.code})</span>;
  return (
    <p
      data-testid="attestr-said"
      className="border-l-4 border-slate-300 pl-3 text-sm text-slate-900 [overflow-wrap:anywhere]"
    >
      {said.message.trim() === '' ? (
        <>Attestr gave no message {code}</>
      ) : (
        <>
          <span className="font-semibold">Attestr said:</span> “{said.message}” {code}
        </>
      )}
    </p>
  );
}

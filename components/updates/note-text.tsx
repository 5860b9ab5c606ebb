import Link from 'next/link';

import { LocalTime } from '@/components/ui/local-time';
import { splitNote, type NoteRef } from '@/lib/shared/note-refs';

/** Another update, named by who made it and when, as a link to its page. */
export function UpdateLink({ href, who, at }: { href: string; who: string | null; at: number }) {
  return (
    <Link href={href} className="text-indigo-700 underline-offset-2 hover:underline">
      {who ? `${who}’s update` : 'An update'} of <LocalTime ms={at} />
    </Link>
  );
}

function RefText({ target }: { target: NoteRef }) {
  if (target.kind === 'update') return <UpdateLink href={target.href} who={target.who} at={target.at} />;
  if (target.kind === 'hidden-update') return <>another update</>;
  return (
    <Link href={target.href} className="text-indigo-700 underline-offset-2 hover:underline">
      {target.name ?? 'the profile'}
    </Link>
  );
}

/** A note as written, with each id it names shown as a name or a link rather than the id. */
export function NoteText({ note, refs }: { note: string; refs: Readonly<Record<string, NoteRef>> }) {
  return (
    <span className="[overflow-wrap:anywhere]">
      {splitNote(note, refs).map((part, index) =>
        typeof part === 'string' ? part : <RefText key={`${part.id}-${index}`} target={part.ref} />,
      )}
    </span>
  );
}

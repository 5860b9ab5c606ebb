/**
 * What an id written in a note stands for, as an update's page shows it instead of the id: an
 * update the viewer may open (who made it and when), one they may not, or a profile (by name
 * where the console knows it).
 */
export type NoteRef =
  | { kind: 'update'; href: string; who: string | null; at: number }
  | { kind: 'hidden-update' }
  | { kind: 'profile'; href: string; name: string | null };

/** A note cut into its own words and the ids it names, in order, for showing each id as a name or link. */
export function splitNote(
  note: string,
  refs: Readonly<Record<string, NoteRef>>,
): (string | { id: string; ref: NoteRef })[] {
  const ids = Object.keys(refs).sort((a, b) => b.length - a.length);
  if (ids.length === 0) return [note];
  const escaped = ids.map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(`(?<![A-Za-z0-9_.-])(${escaped.join('|')})(?![A-Za-z0-9_-]|\\.[0-9])`, 'g');
  const parts: (string | { id: string; ref: NoteRef })[] = [];
  let last = 0;
  for (const match of note.matchAll(pattern)) {
    const id = match[0];
    const ref = refs[id];
    if (!ref) continue;
    if (match.index > last) parts.push(note.slice(last, match.index));
    parts.push({ id, ref });
    last = match.index + id.length;
  }
  if (last < note.length) parts.push(note.slice(last));
  return parts;
}

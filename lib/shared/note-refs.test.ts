import { describe, expect, it } from 'vitest';

import { splitNote, type NoteRef } from '@/lib/shared/note-refs';

const update: NoteRef = { kind: 'update', href: '/updates/x', who: 'Priya Nair', at: 1 };
const profile: NoteRef = { kind: 'profile', href: '/profiles/p', name: 'Gitanjali Raheja' };

describe('splitNote', () => {
  it('cuts out each id the note names, so the page can show a name or a link in its place', () => {
    const id = '0198f0e4-7c1a-7d2b-9e3f-4a5b6c7d8e9f';
    expect(splitNote(`Retried as ${id}: saved`, { [id]: update })).toEqual([
      'Retried as ',
      { id, ref: update },
      ': saved',
    ]);
  });

  it('takes a bulk line’s dotted id whole, and a profile id beside it', () => {
    const line = 'AbCdEfGhIjKlMnOpQr.12.3';
    const profileId = 'AX1LgghsxZsJZUwYvN';
    expect(splitNote(`Saved as ${line}. See ${profileId}`, { [line]: update, [profileId]: profile })).toEqual([
      'Saved as ',
      { id: line, ref: update },
      '. See ',
      { id: profileId, ref: profile },
    ]);
  });

  it('leaves an id inside a longer word alone, and a note with no known id as it is', () => {
    const id = 'AX1LgghsxZsJZUwYvN';
    expect(splitNote(`${id}Z`, { [id]: profile })).toEqual([`${id}Z`]);
    expect(splitNote('Changed by phone, TICKET-9', {})).toEqual(['Changed by phone, TICKET-9']);
  });
});

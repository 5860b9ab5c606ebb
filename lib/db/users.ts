import 'server-only';

import { getDatabase } from '@/lib/db/connection';

/** A person as lists name them: the updates page, a profile's history. */
export interface UserName {
  id: string;
  name: string;
  role: string | null;
}

/** The people with these ids; an id no user has any more is left out. */
export async function listUserNames(input: { ids: readonly string[] }): Promise<Map<string, UserName>> {
  if (input.ids.length === 0) return new Map();
  const rows = await getDatabase()
    .db.selectFrom('user')
    .select(['id', 'name', 'role'])
    .where('id', 'in', [...new Set(input.ids)])
    .execute();
  return new Map(rows.map((row) => [row.id, row]));
}

/** Every person, by name: the choices of a "Who" filter. */
export async function listAllUserNames(): Promise<UserName[]> {
  return getDatabase().db.selectFrom('user').select(['id', 'name', 'role']).orderBy('name').execute();
}

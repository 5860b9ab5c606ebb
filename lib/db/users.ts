import 'server-only';

import { sql, type Kysely } from 'kysely';

import { getDatabase, type DatabaseEngine } from '@/lib/db/connection';
import type { Database } from '@/lib/db/schema';

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

/** A user as a change of who may do what sees them, inside the lock. */
export interface UserAccess {
  id: string;
  role: string | null;
  disabled: boolean;
}

/** The reads and writes of a change of roles or of disabled accounts; only inside the lock. */
export interface UserAccessTransaction {
  /** The users with these ids; an id no user has is left out. */
  find(input: { ids: readonly string[] }): Promise<Map<string, UserAccess>>;
  /** The ids of the administrators whose account is not disabled. */
  listActiveAdminIds(): Promise<string[]>;
  setRole(input: { userId: string; role: string }): Promise<void>;
  /** Disables the account and deletes its sessions: the person is signed out at once. */
  disable(input: { userId: string; reason: string }): Promise<void>;
  enable(input: { userId: string }): Promise<void>;
}

// Any fixed number, the same in every instance: PostgreSQL's advisory locks are keyed by one.
const USER_ACCESS_LOCK_KEY = 7_264_180_312;

function accessTransaction(db: Kysely<Database>, engine: DatabaseEngine): UserAccessTransaction {
  // Better Auth's columns as it stores them: SQLite has no booleans or dates.
  const flag = (value: boolean) => (engine === 'sqlite' ? Number(value) : value);
  const now = () => (engine === 'sqlite' ? new Date().toISOString() : new Date());
  return {
    async find({ ids }) {
      if (ids.length === 0) return new Map();
      const rows = await db
        .selectFrom('user')
        .select(['id', 'role', 'banned'])
        .where('id', 'in', [...new Set(ids)])
        .execute();
      return new Map(rows.map((row) => [row.id, { id: row.id, role: row.role, disabled: Boolean(row.banned) }]));
    },
    async listActiveAdminIds() {
      const rows = await db
        .selectFrom('user')
        .select('id')
        .where('role', '=', 'admin')
        .where((eb) => eb.or([eb('banned', 'is', null), eb('banned', '=', flag(false))]))
        .execute();
      return rows.map((row) => row.id);
    },
    async setRole({ userId, role }) {
      await db.updateTable('user').set({ role, updatedAt: now() }).where('id', '=', userId).execute();
    },
    async disable({ userId, reason }) {
      await db
        .updateTable('user')
        .set({ banned: flag(true), banReason: reason, banExpires: null, updatedAt: now() })
        .where('id', '=', userId)
        .execute();
      await db.deleteFrom('session').where('userId', '=', userId).execute();
    },
    async enable({ userId }) {
      await db
        .updateTable('user')
        .set({ banned: flag(false), banReason: null, banExpires: null, updatedAt: now() })
        .where('id', '=', userId)
        .execute();
    },
  };
}

/**
 * Runs `work` in one transaction that changes of roles and of disabled accounts take in turn,
 * across every instance sharing the database, so that what it reads (who is an active
 * administrator) still holds when it writes. PostgreSQL: a transaction-level advisory lock,
 * released by the commit or rollback. SQLite: BEGIN IMMEDIATE takes the file's write lock before
 * the first read (a plain BEGIN would read first and could then fail to write), and Kysely
 * hands its one connection to nothing else until the transaction ends.
 */
export async function inUserAccessTransaction<T>(work: (tx: UserAccessTransaction) => Promise<T>): Promise<T> {
  const handle = getDatabase();
  if (handle.engine === 'postgres') {
    return handle.db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${sql.lit(USER_ACCESS_LOCK_KEY)})`.execute(trx);
      return work(accessTransaction(trx, 'postgres'));
    });
  }
  const { sqlite } = handle;
  return handle.db.connection().execute(async (connection) => {
    await sql`begin immediate`.execute(connection);
    try {
      const result = await work(accessTransaction(connection, 'sqlite'));
      await sql`commit`.execute(connection);
      return result;
    } catch (error) {
      if (sqlite.inTransaction) await sql`rollback`.execute(connection);
      throw error;
    }
  });
}

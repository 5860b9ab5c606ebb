import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';

import { openDatabase } from '@/lib/db/connection';

let root: string;
let umask: number;

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'console-perm-'));
  // The usual default: files 0644 and folders 0755, readable by every local user.
  umask = process.umask(0o022);
});
afterEach(() => {
  process.umask(umask);
  rmSync(root, { recursive: true, force: true });
});

const modeOf = (file: string) => statSync(file).mode & 0o777;

it('creates DATA_DIR 0700 and the SQLite file with its -wal and -shm 0600', async () => {
  const dataDir = path.join(root, 'data');
  const file = path.join(dataDir, 'console.sqlite');
  const { db } = openDatabase({ sqliteFile: file });
  try {
    await sql`create table t (id integer primary key)`.execute(db);
    await sql`insert into t (id) values (1)`.execute(db);

    expect(modeOf(dataDir).toString(8)).toBe('700');
    for (const name of [file, `${file}-wal`, `${file}-shm`]) expect(modeOf(name).toString(8)).toBe('600');
  } finally {
    await db.destroy();
  }
});

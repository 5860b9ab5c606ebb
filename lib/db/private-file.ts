import 'server-only';

import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';

/**
 * Makes the SQLite file readable by the console's own user only, whatever the umask: it holds
 * session tokens. Its folder is created 0700 and the file 0600 before SQLite opens it; SQLite
 * gives the -wal and -shm files it creates the database file's permissions, and any left from
 * before are tightened too.
 */
export function preparePrivateDatabaseFile(file: string): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  closeSync(openSync(file, 'a', 0o600));
  for (const name of [file, `${file}-wal`, `${file}-shm`]) {
    if (existsSync(name)) chmodSync(name, 0o600);
  }
}

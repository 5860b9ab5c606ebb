import 'server-only';

import { getDatabase } from '@/lib/db/connection';

export interface ProcessRecord {
  id: string;
  host: string;
  pid: number;
  startedAt: number;
  heartbeatAt: number;
}

/** Notes a process as alive now: its first beat adds it, every later one moves its heartbeat. */
export async function beatProcess(input: ProcessRecord): Promise<void> {
  await getDatabase()
    .db.insertInto('console_process')
    .values({
      id: input.id,
      host: input.host,
      pid: input.pid,
      started_at: input.startedAt,
      heartbeat_at: input.heartbeatAt,
    })
    .onConflict((conflict) => conflict.column('id').doUpdateSet({ heartbeat_at: input.heartbeatAt }))
    .execute();
}

export async function listProcesses(): Promise<ProcessRecord[]> {
  const rows = await getDatabase().db.selectFrom('console_process').selectAll().execute();
  return rows.map((row) => ({
    id: row.id,
    host: row.host,
    pid: Number(row.pid),
    startedAt: Number(row.started_at),
    heartbeatAt: Number(row.heartbeat_at),
  }));
}

export async function forgetProcesses(ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await getDatabase().db.deleteFrom('console_process').where('id', 'in', ids).execute();
}

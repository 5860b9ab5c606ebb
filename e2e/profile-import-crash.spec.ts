import {
  adminApi,
  sqliteDatabase,
  startConsole,
  startRig,
  type Database,
  type Rig,
  type RunningConsole,
} from './support/bulk-rig';
import { expect, test } from './fixtures/test';

/**
 * A directory import survives its console being killed (SIGKILL) while it reads: started again,
 * the console reads the rest, and reads again the profiles that were on their way, so every ID
 * ends found. Real console processes against a sandbox in the test's own process that answers
 * slowly, so the import takes seconds and a read is in flight when the console dies.
 */

const PROFILES = 120;

type ImportView = { id: string; total: number; read: number; found: number; finishedAt: number | null };

test('a directory import whose console is killed mid-read resumes after a restart and reads every ID [sqlite]', async () => {
  const testInfo = test.info();
  test.setTimeout(180_000);
  let rig: Rig | undefined;
  let database: Database | undefined;
  const consoles: RunningConsole[] = [];
  try {
    rig = await startRig({ count: PROFILES, latencyMs: 100, perSecond: 45 });
    database = sqliteDatabase();
    const start = async (n: number) => {
      const running = await startConsole({
        slot: 0,
        database: database as Database,
        rig: rig as Rig,
        perSecond: 45,
        logFile: testInfo.outputPath(`console-${n}.log`),
      });
      consoles.push(running);
      return running;
    };
    const first = await start(1);
    const api = await adminApi(first.baseUrl);
    const created = await api.post('/api/profiles/imports', {
      data: { fileName: 'directory.csv', profileIds: rig.profiles.map((profile) => profile.id) },
    });
    expect(created.status(), await created.text()).toBe(201);
    const { id } = ((await created.json()) as { import: ImportView }).import;
    const progress = async (on = api) =>
      ((await (await on.get(`/api/profiles/imports/${id}`)).json()) as { import: ImportView }).import;

    await expect.poll(async () => (await progress()).read, { timeout: 60_000, intervals: [200] }).toBeGreaterThan(20);
    await expect.poll(() => first.tap.inFlight('GET'), { intervals: [2] }).toBeGreaterThan(0);
    await first.kill();
    await api.dispose();
    const readBeforeKill = first.tap.calls().filter((call) => call.method === 'GET' && call.status === 200).length;
    expect(readBeforeKill).toBeLessThan(PROFILES);

    const second = await start(2);
    const again = await adminApi(second.baseUrl);
    const done = await expect
      .poll(async () => (await progress(again)).finishedAt, { timeout: 120_000, intervals: [250] })
      .not.toBeNull()
      .then(() => progress(again));
    expect(done).toMatchObject({ total: PROFILES, read: PROFILES, found: PROFILES });
    // The restarted console read the rest, and the reads the killed one had in hand again.
    expect(second.tap.calls().filter((call) => call.method === 'GET').length).toBeGreaterThanOrEqual(
      PROFILES - readBeforeKill,
    );
    expect(second.log().some((entry) => entry.event === 'profile_import.resumed')).toBe(true);
    // Every imported profile is found by its name.
    const found = await again.post('/api/profiles/search', { data: { q: `Person ${PROFILES}` } });
    expect(((await found.json()) as { results: { name: string }[] }).results.map((result) => result.name)).toContain(
      `Person ${PROFILES}`,
    );
    await again.dispose();
  } finally {
    for (const running of consoles) await running.kill();
    for (const running of consoles) await running.tap.close();
    await rig?.close();
    await database?.cleanUp();
  }
});

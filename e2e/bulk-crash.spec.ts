import {
  acceptedCount,
  adminApi,
  createJob,
  expectExactlyOnce,
  jobOf,
  postgresDatabase,
  sqliteDatabase,
  startConsole,
  startRig,
  waitForDone,
  type Database,
  type Rig,
  type RunningConsole,
} from './support/bulk-rig';
import { expect, test } from './fixtures/test';

/**
 * Bulk jobs survive their console being killed (SIGKILL) mid-way: started again, or with
 * another instance still going, every line ends settled and saved, and Attestr accepts exactly
 * one update per profile, even for an update that was on its way when its console died. Real
 * console processes, started and killed here, against a sandbox in the test's own process that
 * answers slowly and within a rate limit, so the job takes seconds and an update is in flight.
 */

const LINES = 240;
const LATENCY_MS = 100;
const PER_SECOND = 45;
const postgresUrl = process.env.TEST_DATABASE_URL;

interface Scene {
  rig: Rig;
  database: Database;
  consoles: RunningConsole[];
}

async function tearDown(scene: Partial<Scene>): Promise<void> {
  for (const running of scene.consoles ?? []) await running.kill();
  for (const running of scene.consoles ?? []) await running.tap.close();
  await scene.rig?.close();
  await scene.database?.cleanUp();
}

/** Waits until `doneAtLeast` lines are saved and an update is on its way through `running`'s tap, then kills it. */
async function killMidUpdate(input: {
  running: RunningConsole;
  observe: RunningConsole;
  jobId: string;
  doneAtLeast: number;
}): Promise<{ done: number }> {
  const api = await adminApi(input.observe.baseUrl);
  await expect
    .poll(async () => (await jobOf(api, input.jobId)).counts.done, { timeout: 90_000, intervals: [200] })
    .toBeGreaterThanOrEqual(input.doneAtLeast);
  await api.dispose();
  const deadline = Date.now() + 10_000;
  while (input.running.tap.inFlight('PUT') === 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  expect(input.running.tap.inFlight('PUT'), 'an update on its way as the console is killed').toBeGreaterThan(0);
  const done = acceptedCount(input.running.tap);
  await input.running.kill();
  return { done };
}

const engines: [string, () => Promise<Database>][] = [['sqlite', async () => sqliteDatabase()]];
if (postgresUrl) engines.push(['postgres', () => postgresDatabase(postgresUrl)]);

for (const [engine, makeDatabase] of engines) {
  test(`a bulk job whose console is killed mid-update resumes after a restart, each line sent once [${engine}]`, async () => {
    const testInfo = test.info();
    // On PostgreSQL the dead process's claims lapse after 30 s before they are settled.
    test.setTimeout(240_000);
    const scene: Partial<Scene> = { consoles: [] };
    try {
      scene.rig = await startRig({ count: LINES, latencyMs: LATENCY_MS, perSecond: PER_SECOND });
      scene.database = await makeDatabase();
      const start = (n: number) =>
        startConsole({
          slot: 0,
          database: scene.database as Database,
          rig: scene.rig as Rig,
          perSecond: PER_SECOND,
          logFile: testInfo.outputPath(`console-${n}.log`),
        });
      const first = await start(1);
      scene.consoles?.push(first);
      const api = await adminApi(first.baseUrl);
      const job = await createJob(api, scene.rig);
      await api.dispose();

      const { done } = await killMidUpdate({ running: first, observe: first, jobId: job.id, doneAtLeast: 60 });
      expect(done).toBeLessThan(LINES);

      const second = await start(2);
      scene.consoles?.push(second);
      const again = await adminApi(second.baseUrl);
      await waitForDone(again, job.id, 150_000);
      await expectExactlyOnce({ api: again, jobId: job.id, rig: scene.rig, taps: [first.tap, second.tap] });
      // The restarted console did the rest, and settled the lines the killed one had in hand.
      expect(acceptedCount(second.tap)).toBeGreaterThan(0);
      expect(second.log().some((entry) => entry.event === 'bulk.line_recovered')).toBe(true);
      await again.dispose();
    } finally {
      await tearDown(scene);
    }
  });
}

// Registered only with a PostgreSQL server to use, like the PostgreSQL run of the test above.
const sharing = 'two consoles on one PostgreSQL database share a job, and one goes on when the other is killed';
const sharingTest = async () => {
  const testInfo = test.info();
  test.setTimeout(240_000);
  const scene: Partial<Scene> = { consoles: [] };
  try {
    scene.rig = await startRig({ count: LINES, latencyMs: LATENCY_MS, perSecond: PER_SECOND });
    scene.database = await postgresDatabase(postgresUrl as string);
    const start = (slot: number) =>
      startConsole({
        slot,
        database: scene.database as Database,
        rig: scene.rig as Rig,
        perSecond: PER_SECOND,
        logFile: testInfo.outputPath(`console-${slot}.log`),
      });
    // One after the other: both migrate the same database at start.
    const a = await start(0);
    scene.consoles?.push(a);
    const b = await start(1);
    scene.consoles?.push(b);
    const api = await adminApi(b.baseUrl);
    const job = await createJob(api, scene.rig);

    await killMidUpdate({ running: a, observe: b, jobId: job.id, doneAtLeast: 80 });
    // Both were working on it until then.
    expect(acceptedCount(a.tap)).toBeGreaterThan(0);
    expect(acceptedCount(b.tap)).toBeGreaterThan(0);

    await waitForDone(api, job.id, 150_000);
    await expectExactlyOnce({ api, jobId: job.id, rig: scene.rig, taps: [a.tap, b.tap] });
    // The killed instance's lines in hand were settled by the other once their claims lapsed.
    expect(b.log().some((entry) => entry.event === 'bulk.line_recovered')).toBe(true);
    await api.dispose();
  } finally {
    await tearDown(scene);
  }
};
if (postgresUrl) test(sharing, sharingTest);

test('a second console on the same SQLite file does not run bulk jobs', async () => {
  const testInfo = test.info();
  test.setTimeout(180_000);
  const scene: Partial<Scene> = { consoles: [] };
  try {
    // Attestr answers slowly: the first console always has updates on their way as the second starts.
    scene.rig = await startRig({ count: 30, latencyMs: 1000, perSecond: PER_SECOND });
    scene.database = sqliteDatabase();
    const start = (slot: number) =>
      startConsole({
        slot,
        database: scene.database as Database,
        rig: scene.rig as Rig,
        perSecond: PER_SECOND,
        logFile: testInfo.outputPath(`console-${slot}.log`),
      });
    const first = await start(0);
    scene.consoles?.push(first);
    const api = await adminApi(first.baseUrl);
    const job = await createJob(api, scene.rig);
    await expect.poll(async () => (await jobOf(api, job.id)).counts.done, { intervals: [200] }).toBeGreaterThan(3);

    const second = await start(1);
    scene.consoles?.push(second);
    // The second one serves pages from the same file.
    const there = await adminApi(second.baseUrl);
    expect((await jobOf(there, job.id)).id).toBe(job.id);
    await there.dispose();

    await waitForDone(api, job.id, 120_000);
    await expectExactlyOnce({ api, jobId: job.id, rig: scene.rig, taps: [first.tap, second.tap] });
    expect(acceptedCount(first.tap)).toBe(scene.rig.profiles.length);
    expect(second.tap.calls()).toEqual([]);
    expect(first.log().some((entry) => entry.event === 'bulk.runner_lease')).toBe(true);
    expect(second.log().some((entry) => entry.event === 'bulk.runner_lease')).toBe(false);
    // Nor does it take the first one's updates on their way for interrupted ones.
    expect(second.log().filter((entry) => entry.event === 'update.interrupted')).toEqual([]);
    await api.dispose();
  } finally {
    await tearDown(scene);
  }
});

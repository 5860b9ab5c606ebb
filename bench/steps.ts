// `npm run bench:steps`: where one save's time goes, step by step, in one process: the session
// check through Better Auth, one Attestr exchange, and the whole save path, each repeated and
// timed (wall and CPU per call). No HTTP in front of the console, so Next's own cost is not in it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { startSandbox } from '@/sandbox';
import { SANDBOX_PROFILE_IDS } from '@/sandbox/seed';

const TOKEN = 'bench-steps-token-7d2a';
const ROUNDS = Number(process.env.STEPS_ROUNDS ?? 1000);
const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-steps-'));
const sandbox = await startSandbox({ token: TOKEN });
Object.assign(process.env, {
  ATTESTR_BASE_URL: sandbox.url,
  ATTESTR_AUTH_TOKEN: TOKEN,
  BETTER_AUTH_SECRET: 'bench-steps-secret-0123456789abcdefghij',
  BETTER_AUTH_URL: 'http://localhost:3000',
  DATA_DIR: dataDir,
  LOG_LEVEL: 'silent',
});

const { migrateDatabase } = await import('@/lib/auth/migrate');
const { getAuth } = await import('@/lib/auth/auth');
const { getAttestrClient } = await import('@/lib/attestr/instance');
const { saveProfile } = await import('@/lib/updates/save');
const { findAttempt } = await import('@/lib/db/update-attempts');

await migrateDatabase();
const user = { email: 'steps@example.com', password: 'bench-steps-password', name: 'Steps' };
await getAuth().api.createUser({ body: { ...user, role: 'hr' } });
const signedIn = await getAuth().api.signInEmail({ body: user, asResponse: true });
const cookie = signedIn.headers
  .getSetCookie()
  .map((line) => line.split(';', 1)[0])
  .join('; ');
const headers = new Headers({ cookie });
// What lib/auth/session.ts's readSession asks of Better Auth on every request (that module
// also needs Next's request context, which a plain script has not).
const readSession = () => getAuth().api.getSession({ headers, returnHeaders: true });
const session = (await readSession()).response;
if (!session) throw new Error('no session');

async function measure(name: string, run: (index: number) => Promise<unknown>): Promise<void> {
  for (let index = 0; index < Math.min(200, ROUNDS); index += 1) await run(index);
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let index = 0; index < ROUNDS; index += 1) await run(index);
  const wallMs = (performance.now() - started) / ROUNDS;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000 / ROUNDS;
  process.stdout.write(`${name.padEnd(34)} ${wallMs.toFixed(3)} ms/call wall  ${cpuMs.toFixed(3)} ms/call CPU\n`);
}

const client = await getAttestrClient();
const profileId = SANDBOX_PROFILE_IDS.gitanjali;
const values = {
  tag: 'AA-1234',
  name: 'Gitanjali Raheja',
  email: 'gitanjali.raheja@gmail.com',
  mobile: '+918888999978',
};
const actor = { userId: session.user.id, role: 'hr' };

process.stdout.write(`${ROUNDS} calls each (CPU includes the sandbox, which runs in this process too)\n`);
await measure('session check (getSession)', () => readSession());
await measure('Attestr exchange (Get Profile)', () => client.getProfile(profileId));
await measure('Attestr exchange (Update Profile)', () => client.updateProfile({ profileId, fields: values }));
await measure('look up an attempt id', () => findAttempt({ id: `missing-attempt-${Math.random()}` }));
let next = 0;
await measure('save path (saveProfile)', () =>
  saveProfile({
    actor,
    profileId,
    values,
    base: values,
    source: 'form',
    attemptId: `bench-steps-attempt-${(next += 1)}-${process.pid}`,
  }),
);

await sandbox.close();
rmSync(dataDir, { recursive: true, force: true });
process.exit(0);

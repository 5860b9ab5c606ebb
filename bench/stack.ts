import { randomBytes } from 'node:crypto';
import path from 'node:path';

import { ADMIN_EMAIL, DIST_DIR_NAME, RESULTS_DIR, ROOT_DIR } from './config';
import { freePort, startService, waitForHttp, type Service } from './processes';

/** The sandbox and the console, started as separate processes, and a signed-in session. */
export interface Stack {
  sandboxUrl: string;
  sandboxToken: string;
  consoleUrl: string;
  /** `Cookie` header value of the admin's session. */
  sessionCookie: string;
  sandbox: Service;
  console: Service;
}

const randomText = (length: number) => randomBytes(length).toString('base64url').slice(0, length);

export async function startStack(input: { dataDir: string }): Promise<Stack> {
  const [sandboxPort, consolePort] = await distinctFreePorts();
  const sandboxToken = randomText(32);
  const adminPassword = randomText(20);
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  const consoleUrl = `http://127.0.0.1:${consolePort}`;

  const sandbox = startService({
    name: 'sandbox',
    command: 'npx',
    args: ['--no', 'tsx', 'scripts/sandbox.ts'],
    cwd: ROOT_DIR,
    env: {
      ...process.env,
      SANDBOX_PORT: String(sandboxPort),
      SANDBOX_HOST: '127.0.0.1',
      SANDBOX_AUTH_TOKEN: sandboxToken,
    },
    logFile: path.join(RESULTS_DIR, 'sandbox.log'),
  });

  const consoleService = startService({
    name: 'console',
    command: 'npx',
    args: ['--no', 'next', 'start', '-p', String(consolePort), '-H', '127.0.0.1'],
    cwd: ROOT_DIR,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      NEXT_DIST_DIR: DIST_DIR_NAME,
      ATTESTR_BASE_URL: sandboxUrl,
      ATTESTR_AUTH_TOKEN: sandboxToken,
      BETTER_AUTH_SECRET: randomText(40),
      BETTER_AUTH_URL: consoleUrl,
      DATA_DIR: input.dataDir,
      // An inherited DATABASE_URL would point the console at someone else's PostgreSQL.
      DATABASE_URL: '',
      TRUSTED_PROXIES: '',
      // The route is measured, not the Attestr budget: its limits far above any load here (at
      // the default 10 calls a second, a save's three calls would cap the console at 3 saves a
      // second and refuse the rest).
      ATTESTR_RATE_LIMIT_PER_SEC: '100000',
      ATTESTR_DAILY_LIMIT: '1000000000',
      // The benchmark signs in as an administrator: every field is theirs to change, so no
      // save is refused for its role.
      ADMIN_EMAIL,
      ADMIN_PASSWORD: adminPassword,
      LOG_LEVEL: 'warn',
    },
    logFile: path.join(RESULTS_DIR, 'console.log'),
  });

  // The sandbox answers 4016 (401) without a token: enough to know it is listening.
  await waitForHttp({ service: sandbox, url: `${sandboxUrl}/api/v1/public/factx/${'x'.repeat(18)}`, status: 401 });
  await waitForHttp({ service: consoleService, url: `${consoleUrl}/api/health` });
  const sessionCookie = await signIn({ consoleUrl, email: ADMIN_EMAIL, password: adminPassword });
  return { sandboxUrl, sandboxToken, consoleUrl, sessionCookie, sandbox, console: consoleService };
}

async function distinctFreePorts(): Promise<[number, number]> {
  const first = await freePort();
  let second = await freePort();
  while (second === first) second = await freePort();
  return [first, second];
}

/** Signs in through the console's own route and returns the cookies it set, as a Cookie header. */
export async function signIn(input: { consoleUrl: string; email: string; password: string }): Promise<string> {
  const response = await fetch(`${input.consoleUrl}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: input.consoleUrl },
    body: JSON.stringify({ email: input.email, password: input.password }),
    redirect: 'manual',
  });
  if (response.status !== 200) {
    throw new Error(`Sign-in answered HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`);
  }
  const cookies = response.headers.getSetCookie().map((cookie) => cookie.split(';', 1)[0] ?? '');
  if (!cookies.some((cookie) => cookie.includes('session_token='))) {
    throw new Error('Sign-in answered 200 but set no session cookie');
  }
  return cookies.join('; ');
}

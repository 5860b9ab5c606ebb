import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createAttestrClient, type AttestrClient } from '@/lib/attestr/client';
import { AttestrError } from '@/lib/attestr/errors';
import { SANDBOX_PROFILE_IDS, startSandbox, type RunningSandbox } from '@/sandbox';

const TOKEN = 'canary-client-token-7Qx2Lp9W';
const WRONG_TOKEN = 'canary-wrong-token-3Zr8Kd1M';
const { gitanjali, arjun, archived } = SANDBOX_PROFILE_IDS;
const UNKNOWN_ID = 'ZZZZZZZZZZZZZZZZZZ';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const FACTX = '/api/v1/public/factx';
const validFields = {
  tag: 'AA-1234',
  name: 'Gitanjali Raheja',
  email: 'g.raheja@example.com',
  mobile: '+918888999978',
};

/** The docs' error table, copied rather than imported so that a drift in the shared table fails here. */
const DOCUMENTED: Record<number, { status: number; message: string; retryable: boolean }> = {
  4001: { status: 400, message: 'Malformed data or missing required parameter values', retryable: false },
  4005: { status: 400, message: 'Operation could not be performed due to low credits balance', retryable: false },
  40018: { status: 400, message: 'Invalid profile Id or you do not have access to this record', retryable: false },
  40038: { status: 400, message: 'Profile is archived already, operation not allowed', retryable: false },
  4016: { status: 401, message: 'Invalid client authorization', retryable: false },
  4031: { status: 403, message: 'Unauthorized access', retryable: false },
  4035: { status: 403, message: 'Requested service is not provisioned for your account', retryable: false },
  4039: { status: 403, message: "Client's IP address is not whitelisted", retryable: false },
  // A daily limit passes only the next day, so retrying it soon is pointless.
  4291: { status: 429, message: 'Maximum account rate limit exceeded', retryable: true },
  4292: { status: 429, message: 'Maximum API rate limit exceeded', retryable: true },
  4293: { status: 429, message: 'Maximum account daily limit exceeded', retryable: false },
  4294: { status: 429, message: 'Maximum API daily limit exceeded', retryable: false },
  5001: { status: 500, message: 'Request could not be processed', retryable: true },
};

// The sandbox clock stands still, so per-second limits never straddle a window.
const FIXED_NOW = Date.parse('2026-03-10T10:00:00.000Z');

let sandbox: RunningSandbox;
let client: AttestrClient;

function clientFor(baseUrl: string, options: { authToken?: string; timeoutMs?: number } = {}): AttestrClient {
  return createAttestrClient({
    baseUrl,
    apiVersion: 'v1',
    authToken: options.authToken ?? TOKEN,
    timeoutMs: options.timeoutMs ?? 5_000,
  });
}

/** Asserts that no readable form of the error carries a secret. */
function expectNoSecret(error: AttestrError, secrets: string[] = [TOKEN, WRONG_TOKEN]): void {
  const views = [String(error), error.message, JSON.stringify(error), error.details ?? '', error.path, error.stack];
  for (const secret of secrets) {
    for (const view of views) expect(view).not.toContain(secret);
  }
}

/** The AttestrError a call rejects with, already checked for leaked secrets. */
async function failure(call: Promise<unknown>, secrets?: string[]): Promise<AttestrError> {
  const error = await call.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AttestrError);
  const attestrError = error as AttestrError;
  expectNoSecret(attestrError, secrets);
  return attestrError;
}

async function expectDocumented(call: Promise<unknown>, code: number, details?: string): Promise<AttestrError> {
  const documented = DOCUMENTED[code];
  if (!documented) throw new Error(`no documented entry for ${code}`);
  const error = await failure(call);
  expect({
    kind: error.kind,
    code: error.code,
    message: error.message,
    httpStatus: error.httpStatus,
    details: error.details,
    source: error.source,
    retryable: error.retryable,
    responseStatus: error.responseStatus,
  }).toEqual({
    kind: 'http',
    code,
    message: documented.message,
    httpStatus: documented.status,
    details,
    source: 'attestr',
    retryable: documented.retryable,
    responseStatus: documented.status,
  });
  expect(error.tracingId).toMatch(UUID);
  // Only waiting a moment helps: daily limits and every other code are not retried.
  expect(documented.retryable).toBe([4291, 4292, 5001].includes(code));
  return error;
}

async function isArchived(profileId: string): Promise<boolean> {
  return (await client.getProfile(profileId)).archived;
}

interface Recorded {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

interface TestServer {
  url: string;
  port: number;
  requests: Recorded[];
  close(): Promise<void>;
}

/** A node:http server that records every request and answers with `answer`. */
async function recordingServer(
  answer: (recorded: Recorded) => { status: number; headers?: Record<string, string>; body?: string },
): Promise<TestServer & { connections(): number }> {
  const requests: Recorded[] = [];
  let connections = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      const reply = answer(recorded);
      res.writeHead(reply.status, reply.headers ?? {});
      res.end(reply.body ?? '');
    });
  });
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** An HTTPS server whose certificate no one vouches for: a client must refuse to talk to it. */
async function selfSignedHttpsServer() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'attestr-tls-'));
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1'].concat([
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      'key.pem',
      '-out',
      'cert.pem',
    ]),
    { cwd: dir, stdio: 'ignore' },
  );
  let requests = 0;
  let handshakes = 0;
  const server = createHttpsServer(
    { key: readFileSync(path.join(dir, 'key.pem')), cert: readFileSync(path.join(dir, 'cert.pem')) },
    (_req, res) => {
      requests += 1;
      res.end('{}');
    },
  );
  rmSync(dir, { recursive: true, force: true });
  server.on('connection', () => (handshakes += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    requests: () => requests,
    handshakes: () => handshakes,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A pass-through proxy to the sandbox that counts what reaches it. */
async function countingProxy(target: RunningSandbox): Promise<TestServer> {
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: '' });
    const upstream = httpRequest(
      { host: '127.0.0.1', port: target.port, method: req.method, path: req.url, headers: req.headers },
      (upstreamResponse) => {
        res.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
        upstreamResponse.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

beforeAll(async () => {
  sandbox = await startSandbox({ token: TOKEN, now: () => FIXED_NOW });
  client = clientFor(sandbox.url);
});

afterAll(async () => {
  await sandbox.close();
});

beforeEach(() => {
  sandbox.reset();
});

describe('documented Attestr errors, each from its real trigger', () => {
  it('4001: a malformed mobile, with Attestr’s details', async () => {
    await expectDocumented(
      client.updateProfile({ profileId: gitanjali, fields: { ...validFields, mobile: '98888 99978' } }),
      4001,
      'mobile must be in E.164 format, like +918888999978',
    );
    expect((await client.getProfile(gitanjali)).mobile).toBe('+918888999978');
  });

  it('4005: no credits left', async () => {
    sandbox.configure({ credits: 0 });
    await expectDocumented(client.updateProfile({ profileId: gitanjali, fields: validFields }), 4005);
    await expectDocumented(client.createProfile({ tag: 'NEW-1', name: 'New Person' }), 4005);
  });

  it('40018: an unknown profile id', async () => {
    await expectDocumented(client.getProfile(UNKNOWN_ID), 40018);
    await expectDocumented(client.updateProfile({ profileId: UNKNOWN_ID, fields: validFields }), 40018);
    await expectDocumented(client.archiveProfile(UNKNOWN_ID), 40018);
  });

  it('40038: an archived profile', async () => {
    await expectDocumented(client.updateProfile({ profileId: archived, fields: validFields }), 40038);
    await expectDocumented(client.archiveProfile(archived), 40038);
  });

  it('4016: a wrong token, which never appears in the error', async () => {
    const wrong = clientFor(sandbox.url, { authToken: WRONG_TOKEN });
    await expectDocumented(wrong.getProfile(gitanjali), 4016);
    await expectDocumented(wrong.updateProfile({ profileId: gitanjali, fields: validFields }), 4016);
  });

  it('4031: unauthorized access (injected: the sandbox has no natural trigger)', async () => {
    sandbox.injectFault({ kind: 'error', code: 4031 });
    await expectDocumented(client.getProfile(gitanjali), 4031);
  });

  it('4035: the service is not provisioned', async () => {
    sandbox.configure({ provisioned: false });
    await expectDocumented(client.getProfile(gitanjali), 4035);
  });

  it('4039: the caller’s IP is not whitelisted', async () => {
    sandbox.configure({ allowedIps: ['10.20.30.40'] });
    await expectDocumented(client.getProfile(gitanjali), 4039);
    sandbox.configure({ allowedIps: ['127.0.0.1'] });
    expect((await client.getProfile(gitanjali)).id).toBe(gitanjali);
  });

  it('4291: the account rate limit', async () => {
    sandbox.configure({ rateLimitPerSecond: { account: 1, api: null } });
    await client.getProfile(gitanjali);
    await expectDocumented(client.updateProfile({ profileId: gitanjali, fields: validFields }), 4291);
  });

  it('4292: the per-API rate limit, which leaves other endpoints alone', async () => {
    sandbox.configure({ rateLimitPerSecond: { account: null, api: 1 } });
    await client.getProfile(gitanjali);
    await expectDocumented(client.getProfile(gitanjali), 4292);
    await client.updateProfile({ profileId: gitanjali, fields: validFields });
  });

  it('4293: the account daily limit', async () => {
    sandbox.configure({ dailyLimit: { account: 1, api: null } });
    await client.getProfile(gitanjali);
    await expectDocumented(client.archiveProfile(arjun), 4293);
  });

  it('4294: the per-API daily limit', async () => {
    sandbox.configure({ dailyLimit: { account: null, api: 1 } });
    await client.updateProfile({ profileId: gitanjali, fields: validFields });
    await expectDocumented(client.updateProfile({ profileId: gitanjali, fields: validFields }), 4294);
  });

  it('5001: Attestr could not process the request', async () => {
    sandbox.injectFault({ kind: 'error5001' });
    await expectDocumented(client.updateProfile({ profileId: gitanjali, fields: validFields }), 5001);
  });

  it('takes the tracing id verbatim from the xattestrid header, and drops one that is not an id', async () => {
    const upstream = await recordingServer((recorded) => ({
      status: 500,
      headers: {
        'content-type': 'application/json',
        xattestrid: recorded.method === 'GET' ? 'trace-5f2c9e81ab' : 'not an id; <script>',
      },
      body: JSON.stringify({ code: 5001, message: 'Request could not be processed' }),
    }));
    try {
      const traced = await failure(clientFor(upstream.url).getProfile(gitanjali));
      expect(traced.tracingId).toBe('trace-5f2c9e81ab');
      const untraced = await failure(clientFor(upstream.url).archiveProfile(gitanjali));
      expect(untraced.code).toBe(5001);
      expect(untraced.tracingId).toBeUndefined();
    } finally {
      await upstream.close();
    }
  });
});

describe('undocumented answers', () => {
  it('an empty 200 on Get Profile is a bad response', async () => {
    sandbox.injectFault({ kind: 'empty200', method: 'GET' });
    const error = await failure(client.getProfile(gitanjali));
    expect(error).toMatchObject({
      kind: 'invalid_response',
      code: 'UPSTREAM_BAD_RESPONSE',
      httpStatus: 200,
      source: 'console',
      retryable: true,
      responseStatus: 502,
    });
    expect(error.details).toMatch(/empty body/);
    expect(error.tracingId).toMatch(UUID);
  });

  it('a non-JSON 200 on Get Profile is a bad response', async () => {
    sandbox.injectFault({ kind: 'nonJson200', method: 'GET' });
    const error = await failure(client.getProfile(gitanjali));
    expect(error).toMatchObject({ kind: 'invalid_response', code: 'UPSTREAM_BAD_RESPONSE', httpStatus: 200 });
    expect(error.details).toMatch(/not JSON/);
  });

  it('an empty or non-JSON 200 on Update Profile is a success, as the docs define no body', async () => {
    sandbox.injectFault({ kind: 'empty200', method: 'PUT' });
    const empty = await client.updateProfile({ profileId: gitanjali, fields: validFields });
    expect(empty.tracingId).toMatch(UUID);
    sandbox.injectFault({ kind: 'nonJson200', method: 'PUT' });
    await expect(client.updateProfile({ profileId: gitanjali, fields: validFields })).resolves.toBeDefined();
  });

  it('a gateway’s HTML 502 is a bad response that keeps the 502', async () => {
    sandbox.injectFault({ kind: 'html502' });
    const error = await failure(client.updateProfile({ profileId: gitanjali, fields: validFields }));
    expect(error).toMatchObject({
      kind: 'invalid_response',
      code: 'UPSTREAM_BAD_RESPONSE',
      httpStatus: 502,
      source: 'console',
      retryable: true,
    });
    expect(error.details).toMatch(/HTML/);
  });

  it('an undocumented code is UPSTREAM_UNKNOWN_ERROR with the upstream code in details', async () => {
    sandbox.injectFault({ kind: 'unknownCode' });
    const error = await failure(client.updateProfile({ profileId: gitanjali, fields: validFields }));
    expect(error).toMatchObject({
      kind: 'http',
      code: 'UPSTREAM_UNKNOWN_ERROR',
      httpStatus: 400,
      source: 'console',
      retryable: false,
      responseStatus: 502,
    });
    expect(error.details).toContain('4999');
    expect(error.details).toContain('Request rejected by policy');
    expect(error.tracingId).toMatch(UUID);
  });

  it('a hanging Attestr is a timeout after timeoutMs', async () => {
    sandbox.injectFault({ kind: 'hang' });
    const started = performance.now();
    const error = await failure(clientFor(sandbox.url, { timeoutMs: 300 }).getProfile(gitanjali));
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(error).toMatchObject({
      kind: 'timeout',
      code: 'UPSTREAM_TIMEOUT',
      source: 'console',
      retryable: true,
      responseStatus: 504,
    });
    expect(error.httpStatus).toBeUndefined();
    expect(error.details).toBe('No answer within 0.3 seconds.');
  });

  it('a dropped connection is a network error', async () => {
    sandbox.injectFault({ kind: 'drop' });
    const error = await failure(client.updateProfile({ profileId: gitanjali, fields: validFields }));
    expect(error).toMatchObject({
      kind: 'network',
      code: 'UPSTREAM_UNREACHABLE',
      source: 'console',
      retryable: true,
      responseStatus: 502,
    });
  });

  it('a closed port is a network error', async () => {
    const gone = await recordingServer(() => ({ status: 200 }));
    await gone.close();
    const error = await failure(clientFor(gone.url).getProfile(gitanjali));
    expect(error).toMatchObject({ kind: 'network', code: 'UPSTREAM_UNREACHABLE' });
    expect(error.details).toBe('The connection was refused.');
  });

  it('an answer larger than 1 MiB is refused, not buffered whole', async () => {
    const huge = await recordingServer(() => ({
      status: 502,
      headers: { 'content-type': 'text/html', xattestrid: 'trace-huge-1' },
      body: `<html>${'x'.repeat(2 * 1024 * 1024)}</html>`,
    }));
    try {
      const error = await failure(clientFor(huge.url).getProfile(gitanjali));
      expect(error).toMatchObject({ kind: 'invalid_response', code: 'UPSTREAM_BAD_RESPONSE', httpStatus: 502 });
      expect(error.details).toBe('Attestr answered HTTP 502 with a body larger than 1024 KiB.');
      expect(error.tracingId).toBe('trace-huge-1');
    } finally {
      await huge.close();
    }
  });

  it('after an answer cut off for its size, the next call on the same client goes through', async () => {
    let calls = 0;
    const flaky = await recordingServer((): { status: number; headers: Record<string, string>; body: string } =>
      ++calls === 1
        ? { status: 502, headers: { 'content-type': 'text/html' }, body: `<html>${'x'.repeat(2 * 1024 * 1024)}</html>` }
        : { status: 200, headers: { xattestrid: 'trace-after-1' }, body: '' },
    );
    try {
      const reused = clientFor(flaky.url);
      await expect(reused.updateProfile({ profileId: gitanjali, fields: validFields })).rejects.toMatchObject({
        code: 'UPSTREAM_BAD_RESPONSE',
      });
      await expect(reused.updateProfile({ profileId: gitanjali, fields: validFields })).resolves.toEqual({
        tracingId: 'trace-after-1',
      });
    } finally {
      await flaky.close();
    }
  });

  it('a timeout while the body is still arriving keeps the tracing id already received', async () => {
    const slow = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', xattestrid: 'trace-slow-1' });
      res.write('{"_id":');
      // ...and never finishes.
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = slow.address() as AddressInfo;
      const error = await failure(clientFor(`http://127.0.0.1:${port}`, { timeoutMs: 300 }).getProfile(gitanjali));
      expect(error).toMatchObject({ kind: 'timeout', code: 'UPSTREAM_TIMEOUT', tracingId: 'trace-slow-1' });
    } finally {
      slow.closeAllConnections();
      await new Promise((resolve) => slow.close(resolve));
    }
  });

  it('reuses one connection for calls in a row', async () => {
    const counted = await recordingServer(() => ({ status: 200, body: '' }));
    try {
      const reused = clientFor(counted.url);
      for (let i = 0; i < 5; i++) await reused.updateProfile({ profileId: gitanjali, fields: validFields });
      expect(counted.requests).toHaveLength(5);
      // One, or two when a call starts while the last one's connection is being handed back.
      expect(counted.connections()).toBeLessThanOrEqual(2);
    } finally {
      await counted.close();
    }
  });

  it('speaks TLS to an https URL and refuses a certificate it cannot verify', async () => {
    const tls = await selfSignedHttpsServer();
    try {
      const error = await failure(clientFor(tls.url).getProfile(gitanjali));
      expect(error).toMatchObject({ kind: 'network', code: 'UPSTREAM_UNREACHABLE' });
      expect(error.details).toBe('The TLS connection failed: Attestr’s certificate could not be verified.');
      expect(tls.requests()).toBe(0);
      expect(tls.handshakes()).toBeGreaterThan(0);
    } finally {
      await tls.close();
    }
  });

  it.each([302, 307, 308])('a %i redirect to the archive URL is never followed', async (status) => {
    const redirector = await recordingServer(() => ({
      status,
      headers: { location: `${sandbox.url}${FACTX}/${gitanjali}/archive` },
    }));
    try {
      const redirected = clientFor(redirector.url);
      const calls = [
        () => redirected.getProfile(gitanjali),
        () => redirected.updateProfile({ profileId: gitanjali, fields: validFields }),
        () => redirected.archiveProfile(arjun),
      ];
      for (const call of calls) {
        const error = await failure(call());
        expect(error).toMatchObject({ kind: 'invalid_response', code: 'UPSTREAM_BAD_RESPONSE' });
        expect(error.details).toMatch(/redirect/);
      }
      expect(redirector.requests).toHaveLength(3);
      expect(await isArchived(gitanjali)).toBe(false);
      expect(await isArchived(arjun)).toBe(false);
    } finally {
      await redirector.close();
    }
  });
});

describe('whether a failed call may have reached Attestr', () => {
  /** A server that answers with `reply` on each request's socket, or never when it returns nothing. */
  async function rawServer(reply: (socket: Socket) => void) {
    const server = createNetServer((socket) => socket.once('data', () => reply(socket)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const sockets = new Set<Socket>();
    server.on('connection', (socket) => sockets.add(socket));
    return {
      url: `http://127.0.0.1:${port}`,
      close: () =>
        new Promise<void>((resolve) => {
          for (const socket of sockets) socket.destroy();
          server.close(() => resolve());
        }),
    };
  }

  it('an update that timed out after it was sent may have been applied; a read never', async () => {
    sandbox.injectFault({ kind: 'hang', times: 2 });
    const slow = clientFor(sandbox.url, { timeoutMs: 300 });
    const update = await failure(slow.updateProfile({ profileId: gitanjali, fields: validFields }));
    expect(update).toMatchObject({ kind: 'timeout', mayHaveBeenApplied: true });
    const read = await failure(slow.getProfile(gitanjali));
    expect(read).toMatchObject({ kind: 'timeout', mayHaveBeenApplied: false });
  });

  it('an update whose connection dropped after it was sent may have been applied', async () => {
    sandbox.injectFault({ kind: 'drop' });
    const error = await failure(client.updateProfile({ profileId: gitanjali, fields: validFields }));
    expect(error).toMatchObject({ kind: 'network', mayHaveBeenApplied: true });
    sandbox.injectFault({ kind: 'drop' });
    expect(await failure(client.createProfile({ tag: 'NEW-1', name: 'New Person' }))).toMatchObject({
      kind: 'network',
      mayHaveBeenApplied: true,
    });
  });

  it('an update that stalled after a success status may have been applied; after an error status not', async () => {
    const stalled = await rawServer((socket) => socket.write('HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\n{'));
    const refused = await rawServer((socket) => socket.write('HTTP/1.1 500 Oops\r\ncontent-length: 10\r\n\r\n{'));
    try {
      const afterSuccess = await failure(
        clientFor(stalled.url, { timeoutMs: 300 }).updateProfile({ profileId: gitanjali, fields: validFields }),
      );
      expect(afterSuccess).toMatchObject({ kind: 'timeout', httpStatus: undefined, mayHaveBeenApplied: true });
      const afterError = await failure(
        clientFor(refused.url, { timeoutMs: 300 }).updateProfile({ profileId: gitanjali, fields: validFields }),
      );
      expect(afterError).toMatchObject({ kind: 'timeout', mayHaveBeenApplied: false });
    } finally {
      await stalled.close();
      await refused.close();
    }
  });

  it('an update that could not connect, or timed out in the TLS handshake, was never sent', async () => {
    const gone = await recordingServer(() => ({ status: 200 }));
    await gone.close();
    const refused = await failure(clientFor(gone.url).updateProfile({ profileId: gitanjali, fields: validFields }));
    expect(refused).toMatchObject({ kind: 'network', mayHaveBeenApplied: false });

    // Accepts the TCP connection and never answers the TLS handshake.
    const silent = await rawServer(() => undefined);
    try {
      const started = performance.now();
      const handshake = await failure(
        clientFor(silent.url.replace('http:', 'https:'), { timeoutMs: 300 }).updateProfile({
          profileId: gitanjali,
          fields: validFields,
        }),
      );
      expect(performance.now() - started).toBeLessThan(3_000);
      expect(handshake).toMatchObject({ kind: 'timeout', code: 'UPSTREAM_TIMEOUT', mayHaveBeenApplied: false });
    } finally {
      await silent.close();
    }

    const tls = await selfSignedHttpsServer();
    try {
      const untrusted = await failure(clientFor(tls.url).updateProfile({ profileId: gitanjali, fields: validFields }));
      expect(untrusted).toMatchObject({ kind: 'network', mayHaveBeenApplied: false });
    } finally {
      await tls.close();
    }
  });

  it('an update Attestr answered with an error was not applied', async () => {
    sandbox.injectFault({ kind: 'error5001' });
    const error = await failure(client.updateProfile({ profileId: gitanjali, fields: validFields }));
    expect(error).toMatchObject({ code: 5001, mayHaveBeenApplied: false });
  });
});

describe('profile ids', () => {
  const unsafeIds = [
    'abc/archive',
    '../x',
    '%2F',
    'a%2Farchive',
    `${gitanjali}/archive`,
    '',
    'x'.repeat(65),
    'é',
    'a b',
    'a?b',
    'a#b',
  ];

  it.each(unsafeIds)('refuses %j before any request is sent', async (profileId) => {
    const proxy = await countingProxy(sandbox);
    try {
      const proxied = clientFor(proxy.url);
      const calls = [
        () => proxied.getProfile(profileId),
        () => proxied.updateProfile({ profileId, fields: validFields }),
        () => proxied.archiveProfile(profileId),
      ];
      for (const call of calls) {
        const error = await failure(call());
        expect(error).toMatchObject({ kind: 'invalid_request', code: 'INVALID_PROFILE_ID', source: 'console' });
        expect(error.responseStatus).toBe(400);
        expect(error.path).not.toContain(profileId || '\0');
      }
      expect(proxy.requests).toEqual([]);
      expect(await isArchived(gitanjali)).toBe(false);

      // The proxy does count: a valid id reaches the sandbox through it.
      await proxied.getProfile(gitanjali);
      expect(proxy.requests.map((r) => `${r.method} ${r.url}`)).toEqual([`GET ${FACTX}/${gitanjali}`]);
    } finally {
      await proxy.close();
    }
  });

  it('accepts ids with dashes and underscores, and the longest allowed id', async () => {
    expect((await client.getProfile(SANDBOX_PROFILE_IDS.priya)).id).toBe(SANDBOX_PROFILE_IDS.priya);
    await expectDocumented(client.getProfile('x'.repeat(64)), 40018);
  });
});

describe('what the client sends', () => {
  it('sends Authorization: Basic <token> and Content-Type: application/json on every call', async () => {
    const upstream = await recordingServer((recorded) => ({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body:
        recorded.method === 'POST'
          ? JSON.stringify({ _id: 'NEWid0000000000000', number: '1111-222222-3333' })
          : recorded.method === 'GET'
            ? JSON.stringify({ _id: gitanjali, tag: 'AA-1234', name: 'Gitanjali Raheja' })
            : '',
    }));
    try {
      const capturing = clientFor(`${upstream.url}/gateway/`);
      await capturing.getProfile(gitanjali);
      await capturing.updateProfile({ profileId: gitanjali, fields: { tag: 'AA-1', name: 'N' } });
      await capturing.createProfile(validFields);
      await capturing.archiveProfile(gitanjali);
      expect(upstream.requests.map((r) => [r.method, r.url, r.body])).toEqual([
        ['GET', `/gateway${FACTX}/${gitanjali}`, ''],
        ['PUT', `/gateway${FACTX}/${gitanjali}`, '{"tag":"AA-1","name":"N"}'],
        ['POST', `/gateway${FACTX}/`, JSON.stringify(validFields)],
        ['PUT', `/gateway${FACTX}/${gitanjali}/archive`, ''],
      ]);
      for (const recorded of upstream.requests) {
        expect(recorded.headers.authorization).toBe(`Basic ${TOKEN}`);
        expect(recorded.headers['content-type']).toBe('application/json');
      }
    } finally {
      await upstream.close();
    }
  });

  it.each(['canary-broken\ntoken-9Hf3', 'canary broken-token-9Hf3', 'canary-bröken-token-9Hf3'])(
    'refuses a token that cannot travel in a header (%j) when created, without quoting it',
    (secret) => {
      let thrown: unknown;
      try {
        clientFor(sandbox.url, { authToken: secret });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(Error);
      const inspected = inspect(thrown, { depth: 10 });
      expect(inspected).toMatch(/printable ASCII/);
      for (const part of ['canary', 'token-9Hf3']) expect(inspected).not.toContain(part);
    },
  );
});

describe('happy paths against the sandbox', () => {
  it('getProfile maps Attestr’s profile', async () => {
    expect(await client.getProfile(gitanjali)).toEqual({
      id: gitanjali,
      number: '3801-575765-9695',
      tag: 'AA-1234',
      name: 'Gitanjali Raheja',
      email: 'gitanjali.raheja@gmail.com',
      mobile: '+918888999978',
      created: Date.parse('2025-03-14T09:30:00Z'),
      updated: Date.parse('2025-11-02T12:05:41Z'),
      archived: false,
      itemCount: 0,
      queryCount: 0,
      tracingId: expect.stringMatching(UUID),
    });
    const withItems = await client.getProfile(arjun);
    expect(withItems.itemCount).toBe(2);
    const anjali = await client.getProfile(SANDBOX_PROFILE_IDS.anjali);
    expect({ email: anjali.email, mobile: anjali.mobile }).toEqual({ email: null, mobile: null });
    expect((await client.getProfile(archived)).archived).toBe(true);
  });

  it('updateProfile replaces the basic info: an omitted email is cleared', async () => {
    const result = await client.updateProfile({
      profileId: gitanjali,
      fields: { tag: 'AA-9999', name: 'Gitanjali R.', mobile: '+919845012399' },
    });
    expect(result.tracingId).toMatch(UUID);
    expect(await client.getProfile(gitanjali)).toMatchObject({
      tag: 'AA-9999',
      name: 'Gitanjali R.',
      email: null,
      mobile: '+919845012399',
      updated: FIXED_NOW,
    });
  });

  it('createProfile answers the new id and number, and the profile can be read back', async () => {
    const created = await client.createProfile({ tag: 'NEW-1', name: 'Nadia Okafor', email: 'nadia@example.com' });
    expect(created).toEqual({
      id: expect.stringMatching(/^[A-Za-z0-9_-]{18}$/),
      number: expect.stringMatching(/^\d{4}-\d{6}-\d{4}$/),
      tracingId: expect.stringMatching(UUID),
    });
    expect(await client.getProfile(created.id)).toMatchObject({
      id: created.id,
      number: created.number,
      tag: 'NEW-1',
      name: 'Nadia Okafor',
      email: 'nadia@example.com',
      mobile: null,
      archived: false,
    });
  });

  it('archiveProfile archives: Get Profile then shows it archived, with its items purged', async () => {
    expect(await isArchived(arjun)).toBe(false);
    const result = await client.archiveProfile(arjun);
    expect(result.tracingId).toMatch(UUID);
    expect(await client.getProfile(arjun)).toMatchObject({ archived: true, itemCount: 0 });
  });
});

describe('secrets in errors', () => {
  it('no error kind carries the token in its message, string form, JSON, details, path or inspection', async () => {
    const errors: AttestrError[] = [];
    sandbox.injectFault({ kind: 'error5001' });
    errors.push(await failure(client.getProfile(gitanjali)));
    sandbox.injectFault({ kind: 'hang' });
    errors.push(await failure(clientFor(sandbox.url, { timeoutMs: 200 }).getProfile(gitanjali)));
    sandbox.injectFault({ kind: 'drop' });
    errors.push(await failure(client.getProfile(gitanjali)));
    sandbox.injectFault({ kind: 'html502' });
    errors.push(await failure(client.getProfile(gitanjali)));
    errors.push(await failure(client.getProfile('abc/archive')));
    errors.push(await failure(clientFor(sandbox.url, { authToken: WRONG_TOKEN }).getProfile(gitanjali)));
    expect(errors.map((error) => error.kind).sort()).toEqual(
      ['http', 'http', 'invalid_request', 'invalid_response', 'network', 'timeout'].sort(),
    );
    for (const error of errors) {
      const inspected = inspect(error, { depth: 10 });
      expect(inspected).not.toContain(TOKEN);
      expect(inspected).not.toContain(WRONG_TOKEN);
    }
  });
});

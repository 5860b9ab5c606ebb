import type { IncomingMessage } from 'node:http';

import { faultReply } from './faults';
import { attestrErrorReply, emptyReply, jsonReply, readBody, type Reply } from './http';
import type { ApiKind } from './limits';
import { parseProfileBody, type ProfileBodyResult } from './profile-body';
import { isAuthorised, isIpAllowed, type SandboxState } from './state';

export type AttestrRoute = { kind: 'create' } | { kind: Exclude<ApiKind, 'create'>; profileId: string };

/**
 * The Attestr endpoint a request is for, or null when a gateway would answer 404. Only
 * Create accepts a trailing slash, since that is the only path the docs write with one.
 */
export function matchAttestrRoute(
  method: string | undefined,
  path: string,
  versions: readonly string[],
): AttestrRoute | null {
  const segments = path.split('/');
  const [root, api, version, pub, factx, profileId, action] = segments;
  if (root !== '' || api !== 'api' || pub !== 'public' || factx !== 'factx') return null;
  if (version === undefined || !versions.includes(version) || segments.length > 7) return null;

  if (profileId === undefined || profileId === '') {
    return method === 'POST' && action === undefined ? { kind: 'create' } : null;
  }
  if (action === undefined) {
    if (method === 'GET') return { kind: 'get', profileId };
    if (method === 'PUT') return { kind: 'update', profileId };
    return null;
  }
  return action === 'archive' && method === 'PUT' ? { kind: 'archive', profileId } : null;
}

async function readProfileBody(req: IncomingMessage): Promise<ProfileBodyResult> {
  return parseProfileBody(req.headers['content-type'], await readBody(req));
}

function hasCredit(state: SandboxState): boolean {
  return state.config.credits === null || state.config.credits > 0;
}

function spendCredit(state: SandboxState): void {
  if (state.config.credits !== null) state.config.credits -= 1;
}

/** Answers an Attestr call, running the checks in the order Attestr is documented to apply them. */
export async function handleAttestrRequest(
  state: SandboxState,
  req: IncomingMessage,
  route: AttestrRoute,
  path: string,
): Promise<Reply> {
  if (!isAuthorised(state, req.headers.authorization)) return attestrErrorReply(4016);
  if (!isIpAllowed(state, req.socket.remoteAddress)) return attestrErrorReply(4039);
  if (!state.config.provisioned) return attestrErrorReply(4035);

  const fault = state.faults.take(req.method ?? '', path);
  if (fault && !(fault.afterApplying && route.kind === 'update')) return faultReply(fault);

  const limited = state.usage.admit(route.kind, state.now(), state.config);
  if (limited !== null) return attestrErrorReply(limited);

  if (route.kind === 'create') {
    const body = await readProfileBody(req);
    if (!body.ok) return attestrErrorReply(4001, body.details);
    if (!hasCredit(state)) return attestrErrorReply(4005);
    const profile = state.store.create(body.input, state.now());
    spendCredit(state);
    return jsonReply(200, { _id: profile._id, number: profile.number });
  }

  if (route.kind === 'get') {
    const profile = state.store.get(route.profileId);
    return profile ? jsonReply(200, profile) : attestrErrorReply(40018);
  }

  if (route.kind === 'update') {
    const body = await readProfileBody(req);
    if (!body.ok) return attestrErrorReply(4001, body.details);
    const profile = state.store.get(route.profileId);
    if (!profile) return attestrErrorReply(40018);
    if (profile.archived) return attestrErrorReply(40038);
    if (!hasCredit(state)) return attestrErrorReply(4005);
    state.store.update(profile._id, body.input, state.now(), state.config.leftOutFields === 'keep');
    spendCredit(state);
    return fault ? faultReply(fault) : emptyReply(200);
  }

  const profile = state.store.get(route.profileId);
  if (!profile) return attestrErrorReply(40018);
  if (profile.archived) return attestrErrorReply(40038);
  state.store.archive(profile._id, state.now());
  return emptyReply(200);
}

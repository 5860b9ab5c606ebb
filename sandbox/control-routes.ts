import type { IncomingMessage } from 'node:http';

import { z } from 'zod';

import { mergeSandboxConfig, sandboxConfigPatchSchema, sandboxFaultSchema } from './config';
import { attestrErrorReply, emptyReply, jsonReply, notFoundReply, readBody, type Reply } from './http';
import { isAuthorised, resetSandboxState, type SandboxState } from './state';

export const CONTROL_PREFIX = '/__sandbox/';

function invalid(message: string, details: string): Reply {
  return jsonReply(400, { message, details });
}

async function readJson<T>(
  req: IncomingMessage,
  schema: z.ZodType<T>,
): Promise<{ ok: true; value: T } | { ok: false; reply: Reply }> {
  const body = await readBody(req);
  if (!body.ok) return { ok: false, reply: invalid('Invalid request', 'body is too large') };
  let json: unknown;
  try {
    json = JSON.parse(body.text);
  } catch {
    return { ok: false, reply: invalid('Invalid request', 'body must be valid JSON') };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return { ok: false, reply: invalid('Invalid request', z.prettifyError(parsed.error)) };
  return { ok: true, value: parsed.data };
}

/**
 * The sandbox's own API for tests and demos; not part of Attestr. It needs the same token, but
 * no IP, provisioning, limit or fault applies to it, so a test cannot lock itself out.
 */
export async function handleControlRequest(state: SandboxState, req: IncomingMessage, path: string): Promise<Reply> {
  if (!isAuthorised(state, req.headers.authorization)) return attestrErrorReply(4016);
  const action = `${req.method ?? ''} ${path.slice(CONTROL_PREFIX.length)}`;

  switch (action) {
    case 'GET config':
      return jsonReply(200, state.config);
    case 'PATCH config': {
      const patch = await readJson(req, sandboxConfigPatchSchema);
      if (!patch.ok) return patch.reply;
      state.config = mergeSandboxConfig(state.config, patch.value);
      return jsonReply(200, state.config);
    }
    case 'POST faults': {
      const fault = await readJson(req, sandboxFaultSchema);
      if (!fault.ok) return fault.reply;
      state.faults.add(fault.value);
      return emptyReply(204);
    }
    case 'GET usage':
      return jsonReply(200, state.usage.totals());
    case 'POST reset':
      resetSandboxState(state);
      return emptyReply(204);
    default:
      return notFoundReply;
  }
}

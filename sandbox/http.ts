import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { describeAttestrCode } from '@/lib/errors/codes';

/** What a handler decided; the server applies latency and writes it. */
export type Reply =
  { type: 'send'; status: number; contentType: string | null; body: string } | { type: 'drop' } | { type: 'hang' };

export function jsonReply(status: number, value: unknown): Reply {
  return { type: 'send', status, contentType: 'application/json', body: JSON.stringify(value) };
}

/** Attestr documents no body for Update and Archive successes; neither does the sandbox send one. */
export function emptyReply(status: number): Reply {
  return { type: 'send', status, contentType: null, body: '' };
}

/**
 * An error exactly as the docs' table has it: `{code, message, details?}` with its HTTP status;
 * `message` words it otherwise, as a real answer may.
 */
export function attestrErrorReply(code: number, details?: string, message?: string): Reply {
  const entry = describeAttestrCode(code);
  if (!entry) throw new Error(`Attestr error code ${code} is not documented`);
  const words = message ?? entry.message;
  const body = details === undefined ? { code, message: words } : { code, message: words, details };
  return jsonReply(entry.httpStatus, body);
}

function gatewayPage(status: string): string {
  return `<html>\r\n<head><title>${status}</title></head>\r\n<body>\r\n<center><h1>${status}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

/** What a gateway in front of Attestr answers for a path or method it does not route. */
export const notFoundReply: Reply = {
  type: 'send',
  status: 404,
  contentType: 'text/html',
  body: gatewayPage('404 Not Found'),
};

export const badGatewayReply: Reply = {
  type: 'send',
  status: 502,
  contentType: 'text/html',
  body: gatewayPage('502 Bad Gateway'),
};

/** Writes a reply, unless the client has gone. Every answer gets a fresh `xattestrid`. */
export function writeReply(req: IncomingMessage, res: ServerResponse, reply: Reply): void {
  if (reply.type === 'hang') return;
  if (reply.type === 'drop') {
    req.socket.destroy();
    return;
  }
  if (res.destroyed || res.writableEnded) return;
  const headers: Record<string, string | number> = { xattestrid: randomUUID() };
  // An explicit length keeps responses out of chunked encoding; HTTP forbids one on a 204.
  if (reply.status !== 204) headers['content-length'] = Buffer.byteLength(reply.body);
  if (reply.contentType !== null) headers['content-type'] = reply.contentType;
  res.writeHead(reply.status, headers);
  res.end(reply.body);
}

export const MAX_BODY_BYTES = 64 * 1024;

export type BodyResult = { ok: true; text: string } | { ok: false; tooLarge: true };

/**
 * Reads the request body up to `MAX_BODY_BYTES`. A larger body is drained, not kept, so the
 * connection stays usable for keep-alive. Rejects when the client goes away mid-body.
 */
export function readBody(req: IncomingMessage): Promise<BodyResult> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      resolve(
        size > MAX_BODY_BYTES
          ? { ok: false, tooLarge: true }
          : { ok: true, text: Buffer.concat(chunks).toString('utf8') },
      );
    });
    req.on('error', reject);
    req.on('close', () => reject(new Error('Client closed the connection before the body ended')));
  });
}

/** The media type of a Content-Type header, without parameters such as charset. */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
}

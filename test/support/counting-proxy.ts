import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { RunningSandbox } from '@/sandbox';

export interface Forwarded {
  method: string;
  url: string;
  body: string;
  /** When the request reached the proxy (epoch ms). */
  at: number;
  /** The sandbox's HTTP status, once it answered; undefined while it has not (or never did). */
  status?: number;
  /** When the sandbox's answer reached the proxy (epoch ms), on the clock of `at`. */
  answeredAt?: number;
}

/** A pass-through proxy in front of a sandbox, so a test can see what reached Attestr. */
export interface CountingProxy {
  url: string;
  requests: Forwarded[];
  target: RunningSandbox;
  close(): Promise<void>;
}

export async function startCountingProxy(target: RunningSandbox): Promise<CountingProxy> {
  const proxy = { requests: [] as Forwarded[], target } as CountingProxy;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const forwarded: Forwarded = {
        method: req.method ?? '',
        url: req.url ?? '',
        body: body.toString('utf8'),
        at: Date.now(),
      };
      proxy.requests.push(forwarded);
      const upstream = httpRequest(
        { host: '127.0.0.1', port: proxy.target.port, method: req.method, path: req.url, headers: req.headers },
        (upstreamResponse) => {
          forwarded.status = upstreamResponse.statusCode;
          forwarded.answeredAt = Date.now();
          res.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
          upstreamResponse.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      res.on('close', () => upstream.destroy());
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return proxy;
}

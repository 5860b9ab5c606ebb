import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for someone else's web site: a plain node:http server on a port of its own that
 * serves whatever page a test gives it. Opened as http://127.0.0.1:<port> it is same-site but
 * cross-origin to the console (the cookie goes along, Sec-Fetch-Site says same-site); opened as
 * http://localhost:<port> it is cross-site (a SameSite=Lax cookie stays home on a POST).
 */
export class AttackerSite {
  private constructor(
    private readonly server: Server,
    private readonly pages: Map<string, string>,
  ) {}

  static async start(): Promise<AttackerSite> {
    const pages = new Map<string, string>();
    const server = createServer((request, response) => {
      const html = pages.get(new URL(request.url ?? '/', 'http://attacker').pathname);
      response.writeHead(html === undefined ? 404 : 200, { 'Content-Type': 'text/html; charset=utf-8' });
      response.end(html ?? 'not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new AttackerSite(server, pages);
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Serves `html` at `path`; answers the page's address on the given host. */
  serve(path: string, html: string, host: '127.0.0.1' | 'localhost' = '127.0.0.1'): string {
    this.pages.set(path, html);
    return `http://${host}:${this.port}${path}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

// The REST API of the headless node (nwaku-compatible paths), loopback only and only when
// asked for with --rest-port. Routes are a table so each protocol can add its own.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from './log.ts';

export interface RestResponse {
  status: number;
  body: unknown;
  /** Sent as text/plain when true, else as JSON. */
  text?: boolean;
}

export interface RestRequest {
  method: string;
  url: URL;
  body: string;
  /** For a route registered as "METHOD /prefix/*": the decoded rest of the path. */
  param: string;
}

export type RestRoute = (request: RestRequest) => RestResponse | Promise<RestResponse>;

export interface RestServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1 << 20;

/** Routes keyed by "METHOD /path", or "METHOD /prefix/*" to take the rest of the path as a parameter. */
export async function startRestServer(options: {
  port: number;
  routes: Record<string, RestRoute>;
  log: Logger;
  host?: string;
}): Promise<RestServer> {
  const host = options.host ?? '127.0.0.1';
  const server = http.createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      options.log.error('rest handler failed', { path: req.url, error: String(error) });
      if (!res.headersSent) send(res, { status: 500, body: { error: 'internal error' } });
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://${host}`);
    const method = req.method ?? 'GET';
    const found = findRoute(options.routes, method, url.pathname);
    if (!found) {
      send(res, { status: 404, body: { error: `no route ${method} ${url.pathname}` } });
      return;
    }
    const body = await readBody(req);
    if (body === undefined) {
      send(res, { status: 413, body: { error: `body over ${MAX_BODY_BYTES} bytes` } });
      return;
    }
    send(res, await found.route({ method, url, body, param: found.param }));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function findRoute(
  routes: Record<string, RestRoute>,
  method: string,
  pathname: string,
): { route: RestRoute; param: string } | null {
  const exact = routes[`${method} ${pathname}`];
  if (exact) return { route: exact, param: '' };
  for (const [key, route] of Object.entries(routes)) {
    if (!key.endsWith('/*') || !key.startsWith(`${method} `)) continue;
    const prefix = key.slice(method.length + 1, -1);
    if (!pathname.startsWith(prefix) || pathname.length === prefix.length) continue;
    try {
      return { route, param: decodeURIComponent(pathname.slice(prefix.length)) };
    } catch {
      return null;
    }
  }
  return null;
}

function send(res: http.ServerResponse, response: RestResponse): void {
  const payload = response.text ? String(response.body) : JSON.stringify(response.body);
  res.writeHead(response.status, {
    'content-type': response.text ? 'text/plain; charset=utf-8' : 'application/json',
    'content-length': Buffer.byteLength(payload),
  });
  res.end(payload);
}

function readBody(req: http.IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(undefined);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

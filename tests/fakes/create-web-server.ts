import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A route handler of the fake web server. */
export type Route = (req: IncomingMessage, res: ServerResponse) => void;

/** A web server on 127.0.0.1 whose pages a test defines, counting connections and requests. */
export interface WebServer {
  url: string;
  port: number;
  routes: Map<string, Route>;
  /** Every request path, in order. */
  requests: { path: string; headers: IncomingMessage['headers'] }[];
  connections: number;
  close(): Promise<void>;
}

/** Starts the fake web server; unknown paths answer 404. */
export async function createWebServer(routes: Record<string, Route> = {}): Promise<WebServer> {
  const table = new Map(Object.entries(routes));
  const state = { requests: [] as WebServer['requests'], connections: 0 };
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    state.requests.push({ path, headers: req.headers });
    const route = table.get(path.split('?')[0] ?? path);
    if (route) route(req, res);
    else res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  server.on('connection', () => void state.connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    routes: table,
    get requests() {
      return state.requests;
    },
    get connections() {
      return state.connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Sends an HTML page. */
export function html(body: string, headers: Record<string, string> = {}): Route {
  return (_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers }).end(body);
}

import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

/** An HTTP proxy on 127.0.0.1 that records where each request was going. */
export interface FakeProxy {
  url: string;
  /** `host:port` of every CONNECT tunnel and every absolute-form request, in order. */
  targets: string[];
  /** The local port of each connection the proxy opened to a target: the peer port the target sees, so a server can tell which of its connections came through here. */
  upstreamPorts: number[];
  close(): Promise<void>;
}

/**
 * Starts the proxy: CONNECT opens a tunnel to the target (what undici and https-proxy-agent send,
 * for http and https targets alike), and an absolute-form request (`GET http://host/path`) is
 * forwarded. It resolves nothing itself beyond what the OS does: tests use 127.0.0.1 targets.
 */
export async function createFakeProxy(): Promise<FakeProxy> {
  const targets: string[] = [];
  const upstreamPorts: number[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const target = new URL(req.url ?? '');
    targets.push(target.host);
    const upstream = httpRequest({ host: target.hostname, port: target.port || 80, path: `${target.pathname}${target.search}`, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on('connect', (req, client: Socket, head: Buffer) => {
    const [host = '', port = '80'] = (req.url ?? '').split(/:(?=\d+$)/);
    targets.push(`${host}:${port}`);
    const upstream = connect(Number(port), host.replace(/^\[|\]$/g, ''), () => {
      if (upstream.localPort !== undefined) upstreamPorts.push(upstream.localPort);
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    targets,
    upstreamPorts,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

import type { Server } from 'node:http';
import type { WebSocket, WebSocketServer } from 'ws';

/** Stops a fake platform: cuts its WebSockets, then closes the WebSocket and HTTP servers. */
export function closeServers(server: Server, wss: WebSocketServer, sockets: readonly WebSocket[]): Promise<void> {
  return new Promise<void>((resolve) => {
    for (const s of sockets) s.terminate();
    wss.close();
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

import type { Server } from 'node:http';

/** Stop accepting, let in-flight requests finish, and close each connection as soon as it goes idle. */
export function gracefulClose(server: Server, closeWebSocket: () => void): Promise<void> {
  return new Promise<void>((resolve) => {
    closeWebSocket();
    server.close(() => {
      clearInterval(sweeper);
      resolve();
    });
    // Connections that finish their last request go idle: close them as they do.
    server.closeIdleConnections();
    const sweeper = setInterval(() => server.closeIdleConnections(), 50);
  });
}

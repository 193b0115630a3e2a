/**
 * Stops an HTTP server without hanging on clients that keep polling. Node's `server.close()` closes only the
 * connections idle at that moment; a keep-alive connection with a request in flight stays open and the client
 * (a console page polling every few seconds) goes on using it, so `close()` never calls back — CI's browser
 * suites hung in their teardown on exactly this. Here a request that arrives while closing is answered with
 * `Connection: close`, idle connections are closed as they become idle, and whatever is still open after
 * `graceMs` is cut.
 */
import type { Server } from 'node:http';

export function closeServer(server: Server, graceMs = 10_000): Promise<void> {
  return new Promise<void>((resolve) => {
    const cut = setTimeout(() => server.closeAllConnections(), graceMs);
    cut.unref();
    server.on('request', (_req, res) => {
      if (!res.headersSent) res.setHeader('Connection', 'close');
    });
    server.close(() => {
      clearTimeout(cut);
      resolve();
    });
    server.closeIdleConnections();
  });
}

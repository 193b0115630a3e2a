import type { Server } from 'node:http';

/**
 * How long the gateway keeps an idle keep-alive connection. Node's default (5 s) is shorter than
 * what its clients assume: nginx keeps idle upstream connections 60 s (`keepalive_timeout` in the
 * cluster's upstream block) and reuses one the gateway has just closed, which a POST answers with
 * 502; a fetch client whose event loop lags past its 1 s margin does the same (ECONNRESET, seen in
 * CI under load). The side that closes must be the client, so the gateway waits longer than both.
 */
export const KEEP_ALIVE_MS = 65_000;

export function applyKeepAlive(server: Server): Server {
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  // Headers of the next request on a kept-alive connection must be allowed the same window.
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
  return server;
}

import { applyKeepAlive, KEEP_ALIVE_MS } from '../../api/http/keep-alive';
import { createServer } from 'node:http';
import { nginxConfig } from '../../scripts/cluster/nginx';
import { clusterLayout } from '../../scripts/cluster/layout';

describe('keep-alive between the edge and the gateway', () => {
  test('when nginx keeps idle upstream connections, then the gateway keeps them longer, so nginx is the side that closes', () => {
    const seconds = /keepalive_timeout\s+(\d+)s;/.exec(nginxConfig(clusterLayout({})))?.[1];
    expect(seconds).toBeDefined();
    expect(KEEP_ALIVE_MS).toBeGreaterThan(Number(seconds) * 1000);
  });

  test('when a gateway server is prepared, then its idle and header timeouts exceed Node’s 5 s default', () => {
    const server = applyKeepAlive(createServer());
    expect(server.keepAliveTimeout).toBe(KEEP_ALIVE_MS);
    expect(server.headersTimeout).toBeGreaterThan(server.keepAliveTimeout);
  });
});

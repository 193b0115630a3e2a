/** api/http/close-server.ts: a server stops even while a keep-alive client keeps polling it. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeServer } from '../../api/http/close-server';

describe('停止 HTTP 服务', () => {
  test('when a keep-alive client polls without pause, then the server closes, and the request in flight is answered', async () => {
    let arrived = 0;
    let third!: () => void;
    const thirdInFlight = new Promise<void>((resolve) => (third = resolve));
    const server = http.createServer((_req, res) => {
      arrived += 1;
      if (arrived === 3) third(); // close while this one is being answered: its connection is not idle
      setTimeout(() => res.end('ok'), 50);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const statuses: number[] = [];
    let polling = true;
    let refused = 0;
    const poll = (async () => {
      while (polling) {
        await new Promise<void>((resolve) => {
          http
            .get({ host: '127.0.0.1', port, agent }, (res) => {
              statuses.push(res.statusCode ?? 0);
              res.resume();
              res.on('end', resolve);
            })
            .on('error', () => {
              refused += 1; // after the close: the server no longer takes connections
              polling = false;
              resolve();
            });
        });
      }
    })();
    await thirdInFlight;

    const started = Date.now();
    await closeServer(server, 60_000); // far above the test timeout: only the Connection: close path can end it
    expect(Date.now() - started).toBeLessThan(5_000);
    await poll;
    agent.destroy();
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(refused).toBe(1);
  });
});

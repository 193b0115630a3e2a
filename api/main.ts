/** Gateway process entry point (production image and `npm run api`). */
import pino from 'pino';
import { describeConfig, loadConfig } from '../lib/config';
import { listenForRevocations } from '../lib/auth/key-revocations';
import { createDb, providerOf } from '../lib/db/client';
import { connectClient } from '../lib/temporal/client';
import { createApp } from './app';
import { closeServer } from './http/close-server';
import { applyKeepAlive } from './http/keep-alive';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = pino({ level: config.LOG_LEVEL, base: { service: 'gateway' } });
  logger.info({ config: describeConfig(config) }, '网关启动');
  const db = createDb(config.DATABASE_URL);
  const temporal = await connectClient(config);
  // Several gateways share a PostgreSQL read model: each hears the others' key revocations.
  const revocations = providerOf(db) === 'postgresql' ? listenForRevocations(config.DATABASE_URL, logger) : undefined;
  const server = applyKeepAlive(
    createApp({ db, temporal, config, logger, revocations }).listen(config.API_PORT, config.API_HOST, () =>
      logger.info(`网关已监听 http://${config.API_HOST}:${config.API_PORT}`),
    ),
  );
  const stop = () => {
    // Consoles poll: a plain close() would wait for ever on their keep-alive connections.
    void closeServer(server)
      .then(() => Promise.all([temporal.connection.close(), db.$disconnect(), revocations?.close()]))
      .then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`网关启动失败：${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

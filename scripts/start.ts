/**
 * `npm start`: the whole system on embedded defaults — Temporal dev server (file-backed, with
 * Web UI), read-model migrations, demo catalogue, dev API keys, worker and API gateway — and
 * prints where everything is. Ctrl-C drains the worker and stops everything cleanly.
 */
import path from 'node:path';
import pino from 'pino';
import { createApp } from '../api/app';
import { describeConfig, loadConfig, meetingRulesOf, yellowPercentOf } from '../lib/config';
import { createDb } from '../lib/db/client';
import { addressPolicyFrom } from '../lib/net/address-policy';
import { secretBoxFrom } from '../lib/crypto/secret-box';
import { migrateDatabase } from '../lib/db/migrate';
import { dataDir } from '../lib/paths';
import { ensureDevCredentials, readDevOfficers, seedCatalogue, seedDevIntermediaries } from '../lib/seed';
import { resolveTemporalCli } from '../lib/temporal/binaries';
import { connectClient, connectWorker } from '../lib/temporal/client';
import { portOpen, startDevServer, type DevServer } from '../lib/temporal/dev-server';
import { dataConverterFrom } from '../lib/temporal/data-converter';
import { CODEC_PATH } from '../api/routes/temporal-codec';
import { DEV_PAYLOAD_KEY_FILE } from '../lib/temporal/codec';
import { closeServer } from '../api/http/close-server';
import { applyKeepAlive } from '../api/http/keep-alive';
import { createWorker } from '../worker/worker';

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '0.0.0.0']);
const LOCAL_WEBHOOK_RECEIVERS = '127.0.0.1,::1,localhost';

async function main(): Promise<void> {
  const started = Date.now();
  // The dev system may deliver webhooks to receivers on this machine (a local test receiver);
  // an explicit WEBHOOK_ALLOWED_HOSTS replaces this default.
  // Likewise the dev server's Web UI may call the gateway's codec server (payload decryption).
  const uiPort = process.env.TEMPORAL_UI_PORT || '8233';
  const config = loadConfig({
    WEBHOOK_ALLOWED_HOSTS: LOCAL_WEBHOOK_RECEIVERS,
    TEMPORAL_UI_ORIGINS: `http://127.0.0.1:${uiPort},http://localhost:${uiPort}`,
    ...process.env,
  });
  const base = config.PUBLIC_BASE_URL ?? `http://${config.API_HOST}:${config.API_PORT}`;
  const codecEndpoint = `${base}${CODEC_PATH}`;
  const logger = pino({ level: config.LOG_LEVEL });
  logger.debug({ config: describeConfig(config) }, '配置');

  // 1. Temporal: use a running server if there is one; start the embedded dev server otherwise.
  const [host, portText] = config.TEMPORAL_ADDRESS.split(':');
  const port = Number(portText);
  let devServer: DevServer | undefined;
  if (LOCAL_HOSTS.has(host) && !(await portOpen(host, port))) {
    logger.info('启动 Temporal 开发服务器（数据持久化在 data/temporal.db）…');
    devServer = await startDevServer({
      cli: resolveTemporalCli(),
      ip: host === 'localhost' ? '127.0.0.1' : host,
      port,
      uiPort: config.TEMPORAL_UI_PORT,
      namespace: config.TEMPORAL_NAMESPACE,
      dbFile: path.join(dataDir, 'temporal.db'),
      logFile: path.join(dataDir, 'temporal.log'),
      uiCodecEndpoint: codecEndpoint,
    });
  }

  // 2. Read model: migrations, catalogue, dev credentials.
  await migrateDatabase(config.DATABASE_URL, { log: (m) => logger.info(m) });
  const db = createDb(config.DATABASE_URL);
  await seedCatalogue(db);
  const credentialsFile = path.join(dataDir, 'dev-credentials.json');
  const credentials = await ensureDevCredentials(db, credentialsFile);
  await seedDevIntermediaries(db);

  // 3. Worker and gateway.
  const workerConnection = await connectWorker(config);
  const worker = await createWorker({
    connection: workerConnection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    deps: { db, yellowPercent: yellowPercentOf(config.YELLOW_RATIO), meetingRules: meetingRulesOf(config), addressPolicy: addressPolicyFrom(config), secretBox: secretBoxFrom(config) },
    dataConverter: dataConverterFrom(config),
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
  });
  const workerRun = worker.run();
  const temporal = await connectClient(config);
  const app = createApp({ db, temporal, config, logger });
  const server = applyKeepAlive(app.listen(config.API_PORT, config.API_HOST));
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));

  const uiHost = host === 'localhost' || host === '0.0.0.0' ? '127.0.0.1' : host;
  process.stdout.write(
    [
      '',
      `并联审批网关已就绪（用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒）`,
      `  API 基址        ${base}/api/v1`,
      `  公开服务门户    ${base}/（办事指南、预计办结、进度查询、投诉，无需登录）`,
      `  工作台          ${base}/console/（账号见 data/dev-credentials.json）`,
      `  接口文档        ${base}/docs`,
      `  健康检查        ${base}/health`,
      devServer ? `  Temporal Web UI http://${uiHost}:${config.TEMPORAL_UI_PORT}` : `  Temporal        ${config.TEMPORAL_ADDRESS}（外部服务器）`,
      `  开发密钥        ${credentialsFile}（${credentials.length} 个 API Key，按角色）`,
      `  载荷加密        ${config.PAYLOAD_ENCRYPTION_KEYS ? 'PAYLOAD_ENCRYPTION_KEYS' : DEV_PAYLOAD_KEY_FILE}；Codec Server ${codecEndpoint}（仅管理员）`,
      `  开发登录        同一文件的 officers（${readDevOfficers(credentialsFile).length} 名工作人员，按角色；登录接口 POST ${base}/api/v1/session）`,
      '  按 Ctrl-C 停止',
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, '正在停止：关闭网关、排空工作进程…');
    await closeServer(server);
    // The SDK also reacts to SIGINT/SIGTERM by itself; a second shutdown call would throw.
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await workerRun;
    await workerConnection.close();
    await temporal.connection.close();
    await db.$disconnect();
    await devServer?.stop();
    logger.info('已停止');
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop(signal));
}

main().catch((err: unknown) => {
  process.stderr.write(`启动失败：${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});

/** Worker process entry point (production image and `npm run worker`). */
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { describeConfig, loadConfig, meetingRulesOf, yellowPercentOf } from '../lib/config';
import { createDb } from '../lib/db/client';
import { addressPolicyFrom } from '../lib/net/address-policy';
import { secretBoxFrom } from '../lib/crypto/secret-box';
import { connectWorker } from '../lib/temporal/client';
import { dataConverterFrom } from '../lib/temporal/data-converter';
import { installWorkerRuntime } from '../lib/temporal/telemetry';
import { createWorker } from './worker';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = pino({ level: config.LOG_LEVEL, base: { service: 'worker' } });
  logger.info({ config: describeConfig(config) }, '工作进程启动');
  const db = createDb(config.DATABASE_URL);
  installWorkerRuntime(config, logger);
  const connection = await connectWorker(config);
  // The production image ships a prebuilt bundle so the worker starts without webpack; so does `npm run cluster`.
  const bundlePath = config.WORKFLOW_BUNDLE ?? path.join(__dirname, '..', 'workflow-bundle.js');
  const worker = await createWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    deps: { db, yellowPercent: yellowPercentOf(config.YELLOW_RATIO), meetingRules: meetingRulesOf(config), addressPolicy: addressPolicyFrom(config), secretBox: secretBoxFrom(config) },
    dataConverter: dataConverterFrom(config),
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
    workflowBundle: fs.existsSync(bundlePath) ? { codePath: bundlePath } : undefined,
  });
  // The SDK drains in-flight tasks on SIGINT/SIGTERM and then resolves run().
  await worker.run();
  await connection.close();
  await db.$disconnect();
  logger.info('工作进程已停止');
}

main().catch((err: unknown) => {
  process.stderr.write(`工作进程启动失败：${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

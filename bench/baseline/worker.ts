/**
 * Baseline worker process: bundles bench/baseline/workflows.ts on its own task queue with the
 * same Worker options as the product worker (worker/worker.ts: the SDK defaults), so the ceiling
 * is measured under the same concurrency settings.
 */
import { NativeConnection, Worker } from '@temporalio/worker';
import { loadConfig } from '../../lib/config';
import { dataConverterFrom } from '../../lib/temporal/data-converter';
import * as activities from './activities';

async function main(): Promise<void> {
  const address = process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
  const taskQueue = process.env.BASELINE_TASK_QUEUE ?? 'bench-baseline';
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection,
    namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
    taskQueue,
    activities,
    // Payload encryption like the product's worker: the baseline pays the same codec cost.
    dataConverter: dataConverterFrom(loadConfig()),
    workflowsPath: require.resolve('./workflows'),
  });
  await worker.run();
  await connection.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`基线 worker 启动失败：${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

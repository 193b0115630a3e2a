/**
 * Stopping a worker while a local write is in flight (worker/worker.ts SHUTDOWN_OPTIONS, workflows/retry-policies.ts
 * READ_MODEL_LOCAL_WRITE). The SDK keeps retrying a failing local activity after shutdown is requested; with the default
 * retry threshold one write that kept failing held a test system's teardown open until CI's hook timeout.
 * Real dev server; the production options.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { randomBytes } from 'node:crypto';
import { resolveTemporalCli } from '../../lib/temporal/binaries';
import { SHUTDOWN_OPTIONS } from '../../worker/worker';
import { startServer } from '../support/temporal';

jest.setTimeout(120_000);

const workflowsPath = require.resolve('../fixtures/shutdown/workflow');

describe('工作进程停止', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await startServer(() => TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path: resolveTemporalCli() }, ui: false } }));
  });
  afterAll(async () => {
    await env?.teardown();
  });

  /** A worker whose write waits for `gate` and then fails while `failing()` says so. */
  async function workerWith(taskQueue: string, gate: Promise<void>, failing: () => boolean, started: () => void): Promise<Worker> {
    return Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath,
      ...SHUTDOWN_OPTIONS,
      activities: {
        async write(): Promise<void> {
          started();
          await gate;
          if (failing()) throw new Error('数据库不可用');
        },
      },
    });
  }

  test('when the worker stops while a local write is running, then the write finishes, the workflow completes and run() drains', async () => {
    const taskQueue = `shutdown-${randomBytes(4).toString('hex')}`;
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let markStarted!: () => void;
    const started = new Promise<void>((resolve) => (markStarted = resolve));
    const worker = await workerWith(taskQueue, gate, () => false, markStarted);
    const run = worker.run();
    const handle = await env.client.workflow.start('localWrite', { taskQueue, workflowId: `wf-${taskQueue}`, args: ['a'] });
    await started;
    worker.shutdown();
    open(); // the write completes inside the grace time
    await expect(run).resolves.toBeUndefined();
    await expect(handle.result()).resolves.toBe('written a');
  });

  test('when a local write keeps failing as the worker stops, then the retry moves to a workflow timer, run() drains and a new worker finishes the workflow', async () => {
    const taskQueue = `shutdown-${randomBytes(4).toString('hex')}`;
    let databaseDown = true;
    let markStarted!: () => void;
    const started = new Promise<void>((resolve) => (markStarted = resolve));
    const first = await workerWith(taskQueue, Promise.resolve(), () => databaseDown, markStarted);
    const run = first.run();
    const handle = await env.client.workflow.start('localWrite', { taskQueue, workflowId: `wf-${taskQueue}`, args: ['b'] });
    await started;
    first.shutdown();
    await expect(run).resolves.toBeUndefined();
    const { events } = await handle.fetchHistory();
    expect(events?.some((e) => e.timerStartedEventAttributes)).toBe(true); // the retry waits on the server, not in the worker

    databaseDown = false;
    const second = await workerWith(taskQueue, Promise.resolve(), () => databaseDown, () => undefined);
    const result = await second.runUntil(handle.result());
    expect(result).toBe('written b');
  });
});

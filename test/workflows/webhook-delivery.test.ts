import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createTimeSkippingEnv } from '../support/temporal';
import { eventually } from '../support/eventually';
import { exportHistory } from '../support/histories';
import { workflowsPath } from '../../worker/worker';
import { positionOfCursor } from '../../lib/event-feed';
import type { webhookDeliveryWorkflow } from '../../workflows';
import type { DeliverInput, DeliverResult, EventRef, FetchBatchInput, FetchBatchResult, WebhookActivities } from '../../activities/webhooks';
import {
  stopWebhookSignal,
  webhookStateQuery,
  webhookWorkflowId,
  type WebhookDeliverySettings,
} from '../../workflows/webhook/contracts';

const settings = (over: Partial<WebhookDeliverySettings> = {}): WebhookDeliverySettings => ({
  retryMaxIntervalMs: 60_000,
  requestTimeoutMs: 10_000,
  pollWaitMs: 30_000,
  batchSize: 50,
  stepsPerRun: 200,
  ...over,
});

const events = (n: number): EventRef[] => Array.from({ length: n }, (_, i) => ({ seq: i + 1, id: `evt-${i + 1}`, cursor: `7.${i + 1}` }));
/** The seq a cursor names in the fake outbox (a number is a legacy seq, as new subscriptions never carry). */
const seqAfter = (after: number | string) => (typeof after === 'number' ? after : positionOfCursor(after).seq);

/**
 * An outbox of fixed events and a receiver script. Once every event is handed over, the
 * outbox reports the subscription deleted (unless `idle`), which ends the workflow.
 */
function fakes(outbox: EventRef[], receiver: (input: DeliverInput, call: number) => DeliverResult | 'fail', opts: { idle?: boolean } = {}) {
  const log: string[] = [];
  const calls = new Map<string, number>();
  const fetchWebhookBatch = jest.fn<Promise<FetchBatchResult>, [FetchBatchInput]>(async ({ after, limit }) => {
    const next = outbox.filter((e) => e.seq > seqAfter(after)).slice(0, limit);
    if (next.length > 0) return { kind: 'events', events: next };
    if (!opts.idle) return { kind: 'inactive', reason: 'deleted' };
    await new Promise((r) => setTimeout(r, 20));
    return { kind: 'events', events: [] };
  });
  const deliverWebhook = jest.fn<Promise<DeliverResult>, [DeliverInput]>(async (input) => {
    const call = (calls.get(input.eventId) ?? 0) + 1;
    calls.set(input.eventId, call);
    const outcome = receiver(input, call);
    log.push(`${input.eventId}:${outcome === 'fail' ? 'fail' : outcome.kind}`);
    if (outcome === 'fail') throw ApplicationFailure.retryable(`接收方返回 HTTP 503`, 'WebhookDeliveryFailed');
    return outcome;
  });
  const activities: Pick<WebhookActivities, 'fetchWebhookBatch' | 'deliverWebhook'> = { fetchWebhookBatch, deliverWebhook };
  return { activities, fetchWebhookBatch, deliverWebhook, log };
}

describe('webhook delivery workflow', () => {
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;
  let n = 0;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
    bundle = await bundleWorkflowCode({ workflowsPath, logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} } });
  });
  afterAll(async () => {
    await env?.teardown();
  });

  async function run<T>(activities: object, body: (taskQueue: string) => Promise<T>): Promise<T> {
    const taskQueue = `webhook-${++n}`;
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: bundle, activities });
    return worker.runUntil(body(taskQueue));
  }

  const start = (taskQueue: string, subscriptionId: string, s: WebhookDeliverySettings, cursor = 0) =>
    env.client.workflow.start<typeof webhookDeliveryWorkflow>('webhookDeliveryWorkflow', {
      taskQueue,
      workflowId: webhookWorkflowId(subscriptionId),
      args: [{ subscriptionId, cursor, settings: s }],
    });

  test('when the receiver fails three times before answering, then every event is delivered once, in order, each after the previous one', async () => {
    const f = fakes(events(3), (input, call) => (input.eventId === 'evt-1' && call <= 3 ? 'fail' : { kind: 'delivered', status: 204 }));
    const result = await run(f.activities, async (taskQueue) => {
      const handle = await start(taskQueue, 'sub-order', settings());
      const r = await handle.result();
      // webhook-delivery.json is the same scenario recorded before commit ordering (plain seq cursors).
      await exportHistory(handle, 'webhook-delivery-cursor');
      return r;
    });

    expect(f.log).toEqual(['evt-1:fail', 'evt-1:fail', 'evt-1:fail', 'evt-1:delivered', 'evt-2:delivered', 'evt-3:delivered']);
    expect(result).toEqual({ subscriptionId: 'sub-order', cursor: '7.3', reason: 'deleted' });
  });

  test('when the receiver is down for hours, then the backoff is capped by the configured maximum and nothing is dropped', async () => {
    // 1 s doubling, capped at 5 min: 40 failures span well over two hours of (skipped) time.
    const f = fakes(events(2), (input, call) => (input.eventId === 'evt-1' && call <= 40 ? 'fail' : { kind: 'delivered', status: 200 }));
    const { result, history } = await run(f.activities, async (taskQueue) => {
      const handle = await start(taskQueue, 'sub-long', settings({ retryMaxIntervalMs: 300_000 }));
      return { result: await handle.result(), history: await handle.fetchHistory() };
    });
    // Server time between scheduling evt-1's delivery and its completion (time-skipped).
    const seconds = (e: { eventTime?: { seconds?: unknown } | null }) => Number(e.eventTime?.seconds ?? 0);
    const scheduled = history.events!.find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'deliverWebhook')!;
    const completed = history.events!.find((e) => Number(e.activityTaskCompletedEventAttributes?.scheduledEventId) === Number(scheduled.eventId))!;
    const hours = (seconds(completed) - seconds(scheduled)) / 3600;

    // 1+2+…+256 s, then 31 waits of 5 min: about 2.7 hours.
    expect(hours).toBeGreaterThan(2.5);
    expect(hours).toBeLessThan(3);
    expect(f.log.filter((l) => l === 'evt-1:fail')).toHaveLength(40);
    expect(f.log.slice(-2)).toEqual(['evt-1:delivered', 'evt-2:delivered']);
    expect(result.cursor).toBe('7.2');
  });

  test('when a run reaches its step budget, then it continues as new from the last delivered event', async () => {
    const f = fakes(events(5), () => ({ kind: 'delivered', status: 200 }));
    const { result, firstRunId, lastRunId } = await run(f.activities, async (taskQueue) => {
      const handle = await start(taskQueue, 'sub-can', settings({ stepsPerRun: 2, batchSize: 1 }));
      const r = await handle.result();
      const described = await env.client.workflow.getHandle(webhookWorkflowId('sub-can')).describe();
      return { result: r, firstRunId: handle.firstExecutionRunId, lastRunId: described.runId };
    });

    expect(lastRunId).not.toBe(firstRunId);
    expect(f.fetchWebhookBatch.mock.calls.map(([i]) => i.after)).toEqual([0, '7.1', '7.2', '7.3', '7.4', '7.5']);
    expect(f.deliverWebhook.mock.calls.map(([i]) => i.eventId)).toEqual(['evt-1', 'evt-2', 'evt-3', 'evt-4', 'evt-5']);
    expect(result.cursor).toBe('7.5');
  });

  test('when the subscription is deleted while an event is retrying, then the stop signal ends delivery at once and later events are never sent', async () => {
    const f = fakes(events(2), () => 'fail');
    const { result, state, attemptsAtStop, scheduled } = await run(f.activities, async (taskQueue) => {
      const handle = await start(taskQueue, 'sub-stop', settings({ retryMaxIntervalMs: 1000 }));
      await eventually(async () => f.deliverWebhook.mock.calls.length, (c) => c >= 2, '投递至少重试一次');
      const s = await handle.query(webhookStateQuery);
      const atStop = f.deliverWebhook.mock.calls.length;
      await handle.signal(stopWebhookSignal, { reason: 'deleted' });
      const r = await handle.result();
      // The worker still polls here: a retry or a next event that survived the stop would run now.
      await env.sleep(60_000);
      const history = await handle.fetchHistory();
      const names = history.events!.map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name).filter(Boolean);
      return { result: r, state: s, attemptsAtStop: atStop, scheduled: names };
    });

    expect(state).toMatchObject({ cursor: 0, pendingEventId: 'evt-1', delivered: 0 });
    expect(result).toEqual({ subscriptionId: 'sub-stop', cursor: 0, reason: 'deleted' });
    // At most the attempt already running when the signal arrived; never evt-2.
    expect(f.deliverWebhook.mock.calls.length).toBeLessThanOrEqual(attemptsAtStop + 1);
    expect(f.deliverWebhook.mock.calls.every(([i]) => i.eventId === 'evt-1')).toBe(true);
    expect(scheduled).toEqual(['fetchWebhookBatch', 'deliverWebhook']);
  });

  test('when the workflow is cancelled while idle, then it ends as cancelled without delivering', async () => {
    const f = fakes([], () => ({ kind: 'delivered', status: 200 }), { idle: true });
    const outcome = await run(f.activities, async (taskQueue) => {
      const handle = await start(taskQueue, 'sub-cancel', settings());
      await eventually(async () => f.fetchWebhookBatch.mock.calls.length, (c) => c >= 1, '开始轮询');
      await handle.cancel();
      return handle.result().then(
        () => 'completed',
        (err: Error & { cause?: { name?: string } }) => err.cause?.name ?? err.name,
      );
    });

    expect(outcome).toBe('CancelledFailure');
    expect(f.deliverWebhook).not.toHaveBeenCalled();
  });

  test('when the receiver answers 410 Gone, then delivery ends with the subscription disabled', async () => {
    const f = fakes(events(3), (input) => (input.eventId === 'evt-2' ? { kind: 'inactive', reason: 'gone' } : { kind: 'delivered', status: 200 }));
    const result = await run(f.activities, async (taskQueue) => (await start(taskQueue, 'sub-gone', settings())).result());

    expect(result).toEqual({ subscriptionId: 'sub-gone', cursor: '7.1', reason: 'gone' });
    expect(f.log).toEqual(['evt-1:delivered', 'evt-2:inactive']);
  });
});

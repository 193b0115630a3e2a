/** Temporal test environments backed by the project's own binaries (no downloads). */
import { WorkflowClient, type WorkflowHandle } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { ClientOptionsForTestEnv } from '@temporalio/testing/lib/client';
import { temporal } from '@temporalio/proto';
import { Runtime, DefaultLogger, Worker } from '@temporalio/worker';
import { addDays, dayOfWeek, shanghaiDateOf, shanghaiStartOfDay, type IsoDate } from '../../domain/clock';
import { workflowsPath } from '../../worker/worker';
import { resolveTestServer } from '../../lib/temporal/binaries';
import { SEARCH_ATTRIBUTE_KEYS } from '../../workflows/search-attributes';
import { untilPasses } from './eventually';

let runtimeInstalled = false;

/** The SDK's Runtime is process-wide; install it once per Jest worker with a quiet logger. */
export function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Another test file in this Jest worker already installed it.
  }
}

/**
 * The SDK gives a test or dev server a fixed 5 s to answer (sdk-core ephemeral_server: 50 tries
 * 100 ms apart) and then kills it; the JVM of the time-skipping server starting on a loaded 2-core
 * CI machine can need longer. Only that start-up timeout is retried; other failures throw at once.
 */
export async function startServer<T>(start: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (err) {
      if (attempt >= attempts || !/did not start within/.test(String((err as Error)?.message))) throw err;
    }
  }
}

export async function createTimeSkippingEnv(client: ClientOptionsForTestEnv = {}): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  const env = await startServer(() =>
    TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: resolveTestServer() } }, client }),
  );
  // The test server refuses unregistered search attributes; it has no start flag for them.
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(SEARCH_ATTRIBUTE_KEYS.map((k) => [k.name, temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD])),
  });
  return env;
}

const HOUR = 3_600_000;

/** Skips the time-skipping server's clock forward to `instant` (never backwards). */
export async function skipTo(env: TestWorkflowEnvironment, instant: number): Promise<void> {
  const now = await env.currentTimeMs();
  if (instant > now) await env.sleep(instant - now);
}

/** The next Monday (never today) after the server's current Shanghai date. */
export async function nextMondayOf(env: TestWorkflowEnvironment): Promise<IsoDate> {
  const today = shanghaiDateOf(await env.currentTimeMs());
  return addDays(today, (8 - dayOfWeek(today)) % 7 || 7);
}

/** `hour` o'clock Shanghai on `date` (24 = midnight at the end of the day). */
export const shanghaiAt = (date: IsoDate, hour: number): number => shanghaiStartOfDay(date) + hour * HOUR;

export interface TimeSkippingHarness {
  /** The environment, available inside tests (set up by the harness's beforeAll). */
  readonly env: TestWorkflowEnvironment;
  /** Skips the server clock forward to `instant` (never backwards). */
  sleepUntil(instant: number): Promise<void>;
  /** Skips to the next Monday at `hour` Shanghai time and returns that date. */
  nextMonday(hour: number): Promise<IsoDate>;
  /** Waits until each workflow has processed everything due by the server's current time (see `settled`). */
  settled(...handles: WorkflowHandle[]): Promise<void>;
  /**
   * The result of a workflow that ends without the clock moving (a reply after the last decision,
   * a withdrawal), awaited with time skipping kept locked. The environment's own `result()` unlocks
   * time while it waits; if the only timer left is far ahead — a replied project's follow-up
   * (跟踪问效) workflow has none but the test server's 10-year run timeout — the server jumps there
   * before the result arrives, and a later `sleepUntil` hung in real time (seen under CI load).
   */
  outcome<R>(handle: { readonly workflowId: string; result(): Promise<R> }): Promise<R>;
}

/**
 * One time-skipping server and one worker for a test file: registers beforeAll/afterAll and
 * returns helpers for moving the server clock.
 */
export function useTimeSkippingWorker(taskQueue: string, activities: object): TimeSkippingHarness {
  let env: TestWorkflowEnvironment | undefined;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
    worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath, activities });
    running = worker.run();
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });
  const harness: TimeSkippingHarness = {
    get env() {
      if (!env) throw new Error('time-skipping environment used outside a test');
      return env;
    },
    sleepUntil: (instant) => skipTo(harness.env, instant),
    async nextMonday(hour) {
      const monday = await nextMondayOf(harness.env);
      await skipTo(harness.env, shanghaiAt(monday, hour));
      return monday;
    },
    async settled(...handles) {
      for (const handle of handles) await settled(harness.env, handle);
    },
    async outcome<R>(handle: { readonly workflowId: string; result(): Promise<R> }): Promise<R> {
      const plain = new WorkflowClient({ connection: harness.env.connection, namespace: harness.env.namespace });
      return (await plain.getHandle(handle.workflowId).result()) as R;
    },
  };
  return harness;
}

type HistoryEvent = NonNullable<Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']>[number];
const seconds = (t: { seconds?: unknown; nanos?: number | null } | null | undefined): number => Number(t?.seconds ?? 0) * 1000 + (t?.nanos ?? 0) / 1e6;

const closes = (e: HistoryEvent): boolean =>
  Boolean(
    e.workflowExecutionCompletedEventAttributes ??
      e.workflowExecutionFailedEventAttributes ??
      e.workflowExecutionTimedOutEventAttributes ??
      e.workflowExecutionTerminatedEventAttributes ??
      e.workflowExecutionCanceledEventAttributes ??
      e.workflowExecutionContinuedAsNewEventAttributes,
  );

/**
 * What in a workflow's history (latest run) is still unprocessed at server time `now`: a timer due
 * by then that has not fired, a workflow task not completed (or whose last attempt failed), an
 * activity not finished. Empty means every query now answers from a state that has seen them all.
 */
export function unprocessed(events: HistoryEvent[], now: number): string[] {
  const open = new Map<string, string>();
  let lastTaskFailed = false;
  for (const e of events) {
    // A closed run processes nothing more: timers it left pending never fire.
    if (closes(e)) return [];
    const id = String(e.eventId);
    if (e.timerStartedEventAttributes) {
      const fireAt = seconds(e.eventTime) + seconds(e.timerStartedEventAttributes.startToFireTimeout);
      if (fireAt <= now) open.set(`timer ${e.timerStartedEventAttributes.timerId}`, `timer due at ${new Date(fireAt).toISOString()}`);
    }
    const timer = e.timerFiredEventAttributes ?? e.timerCanceledEventAttributes;
    if (timer) open.delete(`timer ${timer.timerId}`);
    if (e.workflowTaskScheduledEventAttributes) open.set(`task ${id}`, 'workflow task');
    const task = e.workflowTaskCompletedEventAttributes ?? e.workflowTaskFailedEventAttributes ?? e.workflowTaskTimedOutEventAttributes;
    if (task) {
      open.delete(`task ${String(task.scheduledEventId)}`);
      lastTaskFailed = !e.workflowTaskCompletedEventAttributes;
    }
    if (e.activityTaskScheduledEventAttributes) open.set(`activity ${id}`, `activity ${e.activityTaskScheduledEventAttributes.activityType?.name}`);
    const activity =
      e.activityTaskCompletedEventAttributes ?? e.activityTaskFailedEventAttributes ?? e.activityTaskTimedOutEventAttributes ?? e.activityTaskCanceledEventAttributes;
    if (activity) open.delete(`activity ${String(activity.scheduledEventId)}`);
  }
  return [...open.values(), ...(lastTaskFailed ? ['failed workflow task'] : [])];
}

/**
 * Waits (bounded) until the workflow has processed every timer due by the server's current time.
 * A "nothing happened yet" check made right after a time skip otherwise passes merely because the
 * worker has not yet handled a timer that fired too early; after this it would see its effects.
 */
export async function settled(env: TestWorkflowEnvironment, handle: WorkflowHandle): Promise<void> {
  await untilPasses(async () => {
    const now = await env.currentTimeMs();
    expect(unprocessed((await handle.fetchHistory()).events ?? [], now)).toEqual([]);
  }, 200);
}

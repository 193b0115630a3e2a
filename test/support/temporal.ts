/** Temporal test environments backed by the project's own binaries (no downloads). */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Runtime, DefaultLogger, Worker } from '@temporalio/worker';
import { addDays, dayOfWeek, shanghaiDateOf, shanghaiStartOfDay, type IsoDate } from '../../domain/clock';
import { workflowsPath } from '../../worker/worker';
import { resolveTestServer } from '../../lib/temporal/binaries';

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

export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: resolveTestServer() } },
  });
}

const HOUR = 3_600_000;

/** `hour` o'clock Shanghai on `date` (24 = midnight at the end of the day). */
export const shanghaiAt = (date: IsoDate, hour: number): number => shanghaiStartOfDay(date) + hour * HOUR;

export interface TimeSkippingHarness {
  /** The environment, available inside tests (set up by the harness's beforeAll). */
  readonly env: TestWorkflowEnvironment;
  /** Skips the server clock forward to `instant` (never backwards). */
  sleepUntil(instant: number): Promise<void>;
  /** Skips to the next Monday at `hour` Shanghai time and returns that date. */
  nextMonday(hour: number): Promise<IsoDate>;
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
    async sleepUntil(instant) {
      const now = await harness.env.currentTimeMs();
      if (instant > now) await harness.env.sleep(instant - now);
    },
    async nextMonday(hour) {
      const today = shanghaiDateOf(await harness.env.currentTimeMs());
      const monday = addDays(today, (8 - dayOfWeek(today)) % 7 || 7);
      await harness.sleepUntil(shanghaiAt(monday, hour));
      return monday;
    },
  };
  return harness;
}

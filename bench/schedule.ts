/**
 * The intake schedule shared by the system run and the baseline: window clients take project
 * numbers in order, wait for each one's due time (open loop at the target rate) and for a free
 * in-flight slot (a project holds it from intake until its reply), so an overloaded system shows
 * up as a lower achieved rate and a growing intake lag rather than an unbounded backlog.
 */
import type { BenchOptions } from './options';
import { Slots, sleep } from './stats';

export interface ScheduleOptions {
  /** Fixed count; ignored when `durationMs` is set. */
  projects: number;
  durationMs?: number;
  /** Projects per second; 0 submits as fast as clients and slots allow. */
  rate: number;
  windowClients: number;
  maxInflight: number;
  deadline: number;
}

export interface ScheduleResult {
  submitted: number;
  completed: number;
  failures: string[];
  /** First intake request to last completion. */
  wallMs: number;
  /** Offered (due) time to the request actually leaving, per project: the intake backlog. */
  lagMs: number[];
}

/**
 * `start(i)` performs the intake of project `i` and resolves with `done`, which settles when the
 * project is complete (its consolidated reply exists). Wrapped in an object because a promise
 * resolved with a promise would wait for the inner one.
 */
export async function driveIntake(o: ScheduleOptions, start: (i: number) => Promise<{ done: Promise<void> }>): Promise<ScheduleResult> {
  const slots = new Slots(o.maxInflight);
  const t0 = Date.now();
  let next = 0;
  let completed = 0;
  let lastDone = t0;
  const failures: string[] = [];
  const lagMs: number[] = [];
  const pending: Promise<void>[] = [];
  const dueAt = (i: number) => (o.rate > 0 ? t0 + (i * 1000) / o.rate : Date.now());
  const more = (i: number) => (o.durationMs !== undefined ? dueAt(i) < t0 + o.durationMs : i < o.projects);

  const client = async () => {
    while (Date.now() < o.deadline) {
      const i = next;
      if (!more(i)) return;
      next++;
      const due = dueAt(i);
      if (due > Date.now()) await sleep(due - Date.now());
      await slots.acquire();
      lagMs.push(Date.now() - due);
      let finished: Promise<void>;
      try {
        finished = (await start(i)).done;
      } catch (err) {
        failures.push(`#${i} 受理失败：${err instanceof Error ? err.message : String(err)}`);
        slots.release();
        continue;
      }
      pending.push(
        finished
          .then(
            () => {
              completed++;
              lastDone = Date.now();
            },
            (err: unknown) => void failures.push(`#${i}：${err instanceof Error ? err.message : String(err)}`),
          )
          .finally(() => slots.release()),
      );
    }
  };
  await Promise.all(Array.from({ length: o.windowClients }, client));
  await Promise.all(pending);
  return { submitted: next, completed, failures, wallMs: lastDone - t0, lagMs };
}

/** Warm-up and measured schedules of a run (shared by `npm run bench` and `npm run cluster -- bench`). */
export function schedules(o: BenchOptions, deadline: number): { warmup: ScheduleOptions; measured: ScheduleOptions; total: number } {
  const warmup = { projects: o.warmup, rate: 0, windowClients: Math.max(1, Math.min(o.warmup, o.windowClients)), maxInflight: Math.max(1, o.warmup), deadline };
  const measured = { projects: o.projects, durationMs: o.durationMs, rate: o.rate, windowClients: o.windowClients, maxInflight: o.maxInflight, deadline };
  const total = o.durationMs !== undefined ? Math.ceil((o.durationMs / 1000) * o.rate) : o.projects;
  return { warmup, measured, total };
}

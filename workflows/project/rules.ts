/** Pure rules of the project workflow (deterministic, unit-testable without Temporal). */
import { shanghaiDateOf, type EpochMs } from '../../domain/clock';
import type { Light, TaskStatus } from '../task/contracts';
import type { ProjectTaskSummary } from './contracts';

/** Tasks whose clock is still running or paused; waiting and concluded tasks carry no light. */
const OPEN: ReadonlySet<TaskStatus> = new Set(['received', 'supplement_requested', 'accepted']);
const CONCLUDED: ReadonlySet<TaskStatus> = new Set(['decided', 'not_started', 'cancelled']);
const SEVERITY: Record<Light, number> = { green: 0, yellow: 1, red: 2 };

export const LIGHT_ZH: Record<Light, string> = { green: '绿灯', yellow: '黄灯', red: '红灯' };

export function isConcluded(status: TaskStatus): boolean {
  return CONCLUDED.has(status);
}

/** The project's light: the worst among its open tasks, green once none is open. */
export function worstOpenLight(tasks: readonly Pick<ProjectTaskSummary, 'status' | 'light'>[]): Light {
  return tasks.filter((t) => OPEN.has(t.status)).reduce<Light>((worst, t) => (SEVERITY[t.light] > SEVERITY[worst] ? t.light : worst), 'green');
}

/**
 * Years whose schedules the project's clocks may touch: from the receipt year (earlier than now
 * only under a receipt override) up to two years ahead, as 365 working days can reach that far.
 */
export function calendarYears(receivedAt: EpochMs, now: EpochMs): number[] {
  const from = Number(shanghaiDateOf(receivedAt).slice(0, 4));
  const to = Number(shanghaiDateOf(now).slice(0, 4)) + 2;
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** Pure rules of the project workflow (deterministic, unit-testable without Temporal). */
import { shanghaiDateOf, type EpochMs } from '../../domain/clock';
import { isConcludedTask, isOpenTask } from '../../domain/vocabulary/statuses';
import type { Light, TaskStatus } from '../task/contracts';
import type { ProjectTaskSummary } from './contracts';

const SEVERITY: Record<Light, number> = { green: 0, yellow: 1, red: 2 };

export const LIGHT_ZH: Record<Light, string> = { green: '绿灯', yellow: '黄灯', red: '红灯' };

export function isConcluded(status: TaskStatus): boolean {
  return isConcludedTask(status);
}

/** The project's light: the worst among its open tasks, green once none is open. */
export function worstOpenLight(tasks: readonly Pick<ProjectTaskSummary, 'status' | 'light'>[]): Light {
  return tasks.filter((t) => isOpenTask(t.status)).reduce<Light>((worst, t) => (SEVERITY[t.light] > SEVERITY[worst] ? t.light : worst), 'green');
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

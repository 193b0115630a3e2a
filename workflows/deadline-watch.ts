/**
 * The watch shared by clocked supervision objects (督办 orders, 会签): 催办 at the yellow point,
 * then the overdue step at the deadline, until the object is done. Any change (a response, a
 * signature) wakes the loop to re-check. Deterministic: only condition() timers.
 */
import { condition } from '@temporalio/workflow';

export interface DeadlineWatch {
  remindAt: number;
  dueAt: number;
  /** The object is finished: the watch ends. */
  done(): boolean;
  /** Still before the deadline step (status open)? */
  open(): boolean;
  reminded(): boolean;
  /** A counter that grows with every change, so a change ends the current wait. */
  changes(): number;
  ring(step: 'remind' | 'overdue'): Promise<void>;
}

export async function watchDeadline(w: DeadlineWatch): Promise<void> {
  while (!w.done()) {
    const step = w.open() ? (w.reminded() ? 'overdue' : 'remind') : undefined;
    const at = step === 'remind' ? w.remindAt : w.dueAt;
    const seen = w.changes();
    const woken = () => w.changes() !== seen;
    if (!step) await condition(woken);
    else if (at <= Date.now()) await w.ring(step);
    else await condition(woken, at - Date.now());
  }
}

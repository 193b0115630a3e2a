/**
 * The watch shared by clocked supervision objects (督办 orders, 会签, intermediary periods): 催办 at
 * the yellow point, then the overdue step at the deadline, until the object is done. Any change
 * (a response, a signature) wakes the loop to re-check. Runs on the shared alarm loop.
 */
import { runAlarmLoop } from './alarm-loop';

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

export function watchDeadline(w: DeadlineWatch): Promise<void> {
  return runAlarmLoop({
    // Every user marks the object done in the same step as the write that bumps `changes`, so
    // waking on `done` as well adds no earlier wake-up than the change already causes.
    open: () => !w.done(),
    next: () => {
      if (!w.open()) return undefined;
      const step = w.reminded() ? 'overdue' : 'remind';
      return { at: step === 'remind' ? w.remindAt : w.dueAt, ring: () => w.ring(step) };
    },
    changes: () => w.changes(),
  });
}

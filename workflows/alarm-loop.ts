/**
 * The one alarm loop every clocked workflow runs (issue #15; task, complaint, follow-up tracking and
 * the deadline watch of 督办 orders, 会签 and intermediary periods each had a copy): one timer for
 * the earliest pending alarm, derived afresh after every change, so a moved deadline moves its
 * timer. Any change (or the object closing) ends the wait early.
 *
 * Its commands are exactly those of the copies it replaces — a timer only while waiting with an
 * alarm ahead, none for a wait without one, the alarm's own commands when it is due — so histories
 * recorded with the copies replay on it. Deterministic: only condition() timers.
 */
import { condition } from '@temporalio/workflow';

export interface Alarm {
  at: number;
  ring(): Promise<void>;
}

export interface AlarmLoop {
  /** The loop runs while this holds; its turning false also ends a wait. */
  open(): boolean;
  /** The earliest pending alarm, or none (the loop then waits for a change). */
  next(): Alarm | undefined;
  /** A counter that grows with every change, so a change ends the current wait. */
  changes(): number;
}

export async function runAlarmLoop(loop: AlarmLoop): Promise<void> {
  while (loop.open()) {
    const alarm = loop.next();
    const seen = loop.changes();
    const woken = () => loop.changes() !== seen || !loop.open();
    if (!alarm) await condition(woken);
    else if (alarm.at <= Date.now()) await alarm.ring();
    else await condition(woken, alarm.at - Date.now());
  }
}

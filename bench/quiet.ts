/**
 * "One request at a time on an idle system" (issue #15) means idle in the engine too, not only
 * over HTTP. Back to back, the next intake landed while the previous project was still finishing
 * (its last workflow tasks, the follow-up's start, the tasks' completions, the server's transfer
 * and visibility tasks for eight closing workflows): the intake's first workflow task then waited
 * 30–55 ms to be dispatched, against 3 ms on a quiet machine. Waiting for the workflows alone
 * (Temporal's describe: nothing pending) was not enough — the server's own queues are not visible
 * there — so before each timed request, the floor probes' and the system's alike, the bench waits
 * untimed until the whole machine has been idle for a moment. On a machine that never goes idle
 * (another job running) it gives up after `MAX_WAIT_MS` and counts the request as not settled.
 * `--serial-back-to-back` keeps the old loop for comparison.
 */
import { machineBusySeconds } from './proc';
import { sleep } from './stats';

/** Idle: less than a tenth of one core busy over this window. */
const WINDOW_MS = 100;
const IDLE_SHARE = 0.1;
const MAX_WAIT_MS = 3_000;

export class Quiet {
  /** Waits that gave up (the machine did not go idle within MAX_WAIT_MS). */
  unsettled = 0;
  waits = 0;

  constructor(readonly enabled: boolean) {}

  /** For the report: the waits of a settled run; undefined when back to back. */
  report(): { waits: number; unsettled: number } | undefined {
    return this.enabled ? { waits: this.waits, unsettled: this.unsettled } : undefined;
  }

  async settle(): Promise<void> {
    if (!this.enabled) return;
    this.waits++;
    const giveUp = Date.now() + MAX_WAIT_MS;
    for (;;) {
      const before = machineBusySeconds();
      await sleep(WINDOW_MS);
      if ((machineBusySeconds() - before) * 1000 < WINDOW_MS * IDLE_SHARE) return;
      if (Date.now() > giveUp) {
        this.unsettled++;
        return;
      }
    }
  }
}

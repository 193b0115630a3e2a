/**
 * Tests against a real system say "today" the way the gateway does: the date in Asia/Shanghai now.
 * A test that starts at 23:59 Beijing time and submits at 00:00 is refused for a real reason (a
 * leave may not start yesterday), so no test starts in the last minutes of a Beijing day: it waits
 * for the new day instead. This waits on the calendar, never on the system under test.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { addDays, shanghaiDateOf, shanghaiStartOfDay } from '../../domain/clock';

/** The longest a test against a real system takes under a full parallel run on two cores, with room. */
export const MIDNIGHT_MARGIN_MS = 4 * 60_000;

/** Milliseconds until the next 00:00 Beijing time. */
export function msUntilBeijingMidnight(now: number = Date.now()): number {
  return shanghaiStartOfDay(addDays(shanghaiDateOf(now), 1)) - now;
}

/** Resolves at once, or just after Beijing midnight when fewer than `marginMs` are left of the day. */
export async function clearOfBeijingMidnight(marginMs = MIDNIGHT_MARGIN_MS): Promise<void> {
  const left = msUntilBeijingMidnight();
  if (left < marginMs) await sleep(left + 1_000);
}

/** Registers the wait before each test of the calling file (a hook outlives Jest's default timeout). */
export function keepClearOfBeijingMidnight(): void {
  beforeEach(() => clearOfBeijingMidnight(), MIDNIGHT_MARGIN_MS + 30_000);
}

/** Typed jest.fn coordination activities (会签) for workflow tests, plus the supervision calendar they read. */
import type { CoordinationActivities } from '../../activities/coordination';
import type { EventInput } from '../../activities/events';
import { mockSupervision } from './mock-supervision';

export function mockCoordination() {
  return {
    ...mockSupervision(),
    recordCountersign: jest.fn<Promise<void>, Parameters<CoordinationActivities['recordCountersign']>>(async () => undefined),
  } satisfies Record<keyof CoordinationActivities, jest.Mock>;
}

/** Every event of the writes, in order. */
export function countersignEvents(calls: { events: EventInput[] }[]): EventInput[] {
  return calls.flatMap((c) => c.events);
}

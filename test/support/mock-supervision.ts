/** Typed jest.fn supervision activities for workflow tests: the same shape as createSupervisionActivities. */
import type { SupervisionActivities } from '../../activities/supervision';
import type { EventInput } from '../../activities/events';
import type { YearSchedule } from '../../domain/clock';

type Supervision = SupervisionActivities;

/** A calendar where only weekends are off, so expectations are plain weekday arithmetic. */
export const plainYear = (year: number): YearSchedule => ({ year, source: 'official', reference: '测试日历：只有周末休息', holidays: [], makeupWorkdays: [] });

export function mockSupervision() {
  return {
    loadSupervisionCalendar: jest.fn<Promise<YearSchedule[]>, Parameters<Supervision['loadSupervisionCalendar']>>(async ({ years }) => years.map(plainYear)),
    recordComplaint: jest.fn<Promise<void>, Parameters<Supervision['recordComplaint']>>(async () => undefined),
    recordSupervisionOrder: jest.fn<Promise<void>, Parameters<Supervision['recordSupervisionOrder']>>(async () => undefined),
  } satisfies Record<keyof Supervision, jest.Mock>;
}

export type SupervisionMocks = ReturnType<typeof mockSupervision>;

/** Every event written for one complaint or order, related events right after the one they accompany. */
export function writtenEvents(calls: { event: EventInput; related?: EventInput[] }[]): EventInput[] {
  return calls.flatMap((c) => [c.event, ...(c.related ?? [])]);
}

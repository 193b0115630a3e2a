/**
 * Official calendars where only weekends are off, for this year and the next, so the time-skipping
 * HTTP tests can write their expected due dates as plain weekday arithmetic.
 */
import { shanghaiDateOf } from '../../domain/clock';
import type { useTestSystem } from './system';

export async function putWeekendOnlyCalendars(t: ReturnType<typeof useTestSystem>): Promise<void> {
  const year = Number(shanghaiDateOf(await t.sys.env.currentTimeMs()).slice(0, 4));
  for (const y of [year, year + 1]) {
    const put = await t.call('putCalendarYear', 'PUT', `/api/v1/calendar/${y}`, {
      key: t.sys.key('admin'),
      body: { official: true, holidays: [], workdays: [], source: '测试日历：只有周末休息' },
    });
    expect(put.status).toBe(200);
  }
}

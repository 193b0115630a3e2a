/**
 * An intermediary period going red end to end (中介服务): the real gateway, worker, workflows and
 * activities over a real database, on the time-skipping test server with a weekends-only calendar.
 * Started Monday D 10:00 with a 3-working-day limit: yellow at floor(3 × 80 %) = 2 → D+2 24:00,
 * due D+3 24:00. At D+4 the read model shows it red and the efficiency record counts it overdue;
 * the result recorded on D+4 used D+1..D+4 = 4 working days and is late.
 */
import { APPLICANT } from '../support/scenario';
import { eventually } from '../support/eventually';
import { useTestSystem } from '../support/system';
import { putWeekendOnlyCalendars } from '../support/weekend-calendar';
import { nextMondayOf, shanghaiAt, skipTo } from '../support/temporal';
import { addDays } from '../../domain/clock';

describe('intermediary clock over HTTP on the time-skipping server', () => {
  const t = useTestSystem({}, { timeSkipping: true });
  beforeAll(() => putWeekendOnlyCalendars(t));

  test('when the intermediary passes its limit, then the period turns yellow then red in the read model and its late result is on the efficiency record', async () => {
    const d = await nextMondayOf(t.sys.env);
    await skipTo(t.sys.env, shanghaiAt(d, 9));
    const put = await t.call('putIntermediary', 'PUT', '/api/v1/intermediaries/ZJ-SB-01', {
      key: t.sys.key('admin'),
      body: { name: '遂宁水保技术服务有限公司', uscc: '91510900MA62UY5P4F', serviceKinds: ['水土保持方案编制'], limitDays: 3, contact: { name: '赵工', phone: '0825-2223333' } },
    });
    expect(put.status).toBe(200);
    const submitted = await t.call('submitProject', 'POST', '/api/v1/projects', {
      key: t.sys.key('window'),
      body: {
        applicant: APPLICANT,
        project: { name: '冷链仓储中心项目', type: 'warehouse', location: '城东工业园 7 号地块', investmentWan: 900 },
        materials: [{ name: '项目申请报告', copies: 1 }],
        firstInquiryStaff: '李窗口',
      },
      headers: { 'Idempotency-Key': 'intermediary-clock-project' },
    });
    expect(submitted.status).toBe(201);
    const task = (submitted.body.tasks as { id: string; departmentId: string; status: string; version: number }[]).find((x) => x.status === 'received')!;
    const key = t.sys.key('department', task.departmentId);
    const accepted = await t.call('acceptTask', 'POST', `/api/v1/tasks/${task.id}/acceptance`, { key, body: {}, headers: { 'If-Match': `"${task.version}"` } });
    expect(accepted.status).toBe(200);

    await skipTo(t.sys.env, shanghaiAt(d, 10));
    const started = await t.call('startIntermediaryPeriod', 'POST', `/api/v1/tasks/${task.id}/intermediary-period`, {
      key,
      body: { intermediaryId: 'ZJ-SB-01', serviceKind: '水土保持方案编制', reason: '编制水土保持方案报告书' },
      headers: { 'If-Match': accepted.headers.get('etag')! },
    });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ light: 'green', yellowDate: addDays(d, 2), dueDate: addDays(d, 3), status: 'open' });

    const periods = () => t.call('listTaskIntermediaryPeriods', 'GET', `/api/v1/tasks/${task.id}/intermediary-periods`, { key });
    await skipTo(t.sys.env, shanghaiAt(addDays(d, 3), 12));
    await eventually(periods, (r) => r.body.items[0].light === 'yellow', '中介服务亮黄灯');
    await skipTo(t.sys.env, shanghaiAt(addDays(d, 4), 10));
    await eventually(periods, (r) => r.body.items[0].light === 'red', '中介服务亮红灯');
    const perf = async () =>
      (await t.call('getIntermediaryPerformance', 'GET', '/api/v1/intermediary-performance', { key: t.sys.key('supervisor') })).body.items.find(
        (x: { intermediaryId: string }) => x.intermediaryId === 'ZJ-SB-01',
      );
    expect(await perf()).toMatchObject({ periods: 1, open: 1, overdue: 1, completed: 0 });
    const feed = await t.call('listEvents', 'GET', `/api/v1/events?type=intermediary.light_changed`, { key });
    expect(feed.body.events.map((e: { payload: { to: string } }) => e.payload.to)).toEqual(['yellow', 'red']);

    const current = await t.call('getTask', 'GET', `/api/v1/tasks/${task.id}`, { key });
    const ended = await t.call('recordIntermediaryResult', 'POST', `/api/v1/tasks/${task.id}/intermediary-period/result`, {
      key,
      body: { result: 'delivered', rating: 2, ratingComment: '超过承诺时限一个工作日' },
      headers: { 'If-Match': current.headers.get('etag')! },
    });
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ status: 'completed', light: 'red', daysUsed: 4, onTime: false, rating: 2 });
    expect(await perf()).toMatchObject({ periods: 1, open: 0, completed: 1, overdue: 1, onTime: { numerator: 0, denominator: 1, value: 0 }, averageDays: 4, averageRating: 2 });
  });
});

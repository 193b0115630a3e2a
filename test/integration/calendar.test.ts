/**
 * The working-day calendar over HTTP: what the clock uses for a year (stored, shipped or
 * provisional), validation of a published schedule, and re-projection of the open deadlines of
 * every project under review after a schedule is published.
 */
import { apiClient } from '../support/http';
import { eventually } from '../support/eventually';
import { startTestSystem, type TestSystem } from '../support/system';
import { APPLICANT } from '../support/scenario';
import { dayOfWeek, shanghaiDateOf } from '../../domain/clock';
import { problemType } from '../../api/http/problem';
import { keepClearOfBeijingMidnight } from '../support/midnight';

describe('working-day calendar', () => {
  let sys: TestSystem;
  let call: ReturnType<typeof apiClient>;
  let admin: string;

  keepClearOfBeijingMidnight();
  beforeAll(async () => {
    sys = await startTestSystem();
    call = apiClient(sys.baseUrl);
    admin = sys.key('admin');
  });
  afterAll(async () => {
    await sys?.stop();
  });

  const put = (year: number, body: object, key = admin) => call('putCalendarYear', 'PUT', `/api/v1/calendar/${year}`, { key, body });

  test('when a year is read, then it is the schedule the clock uses: shipped official, or provisional without 调休', async () => {
    const shipped = await call('getCalendarYear', 'GET', '/api/v1/calendar/2026', { key: sys.key('window') });
    expect(shipped.body).toMatchObject({ year: 2026, official: true, origin: 'shipped', loadedAt: null, workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'] });
    expect(shipped.body.holidays).toEqual(expect.arrayContaining(['2026-09-25', '2026-10-01', '2026-10-07']));
    expect(shipped.body.source).toContain('国务院办公厅');

    const provisional = await call('getCalendarYear', 'GET', '/api/v1/calendar/2031', { key: sys.key('department', 'FGW') });
    expect(provisional.body).toMatchObject({ year: 2031, official: false, origin: 'provisional', workdays: [], loadedAt: null });
    expect(provisional.body.holidays).toContain('2031-01-01');
  });

  test('when a schedule is invalid, foreign or a downgrade, then it is refused and nothing is stored', async () => {
    const monday = ['2031-01-06', '2031-01-07', '2031-01-08', '2031-01-09', '2031-01-10'].find((d) => dayOfWeek(d) === 1)!;
    const weekdayMakeup = await put(2031, { official: true, holidays: ['2031-01-01'], workdays: [monday], source: '测试' });
    expect([weekdayMakeup.status, weekdayMakeup.body.type]).toEqual([422, problemType('rule-violated')]);
    expect(weekdayMakeup.body.errors).toEqual([expect.objectContaining({ pointer: '/workdays/0', message: expect.stringContaining('不是周六或周日') })]);
    const wrongYear = await put(2031, { official: true, holidays: ['2031-01-01', '2030-12-31'], workdays: [], source: '测试' });
    expect(wrongYear.body.errors).toEqual([expect.objectContaining({ pointer: '/holidays/1', message: expect.stringContaining('不在2031年内') })]);
    expect((await put(2026, { official: false, holidays: ['2026-01-01'], workdays: [], source: '预估' })).body).toMatchObject({ status: 409, reason: 'already_exists' });
    expect((await put(2031, { official: true, holidays: [], workdays: [], source: '测试' }, sys.key('window'))).status).toBe(403);
    expect(await sys.db.calendarYear.count()).toBe(0);
  });

  test('when a published schedule adds a day off inside an open task\'s window, then the project is notified and the task\'s deadline moves', async () => {
    const submitted = await call('submitProject', 'POST', '/api/v1/projects', {
      key: sys.key('window'),
      headers: { 'Idempotency-Key': 'calendar-0001' },
      body: {
        applicant: APPLICANT,
        project: { name: '仓储物流中心', type: 'warehouse', location: '城东工业园', investmentWan: 800 },
        materials: [{ name: '项目申请报告' }],
        firstInquiryStaff: '李窗口',
      },
    });
    const code: string = submitted.body.code;
    const task = submitted.body.tasks.find((t: { itemId: string }) => t.itemId === 'FGW-01');
    const open = submitted.body.tasks.filter((t: { status: string }) => t.status === 'received').length;

    // The first working day after today is inside every open window; make it a day off.
    const today = shanghaiDateOf(Date.now());
    const first = (await call('computeDeadline', 'POST', '/api/v1/deadlines/compute', { key: admin, body: { startDate: today, workingDays: 1 } })).body.dueDate;
    const year = Number(first.slice(0, 4));
    const current = (await call('getCalendarYear', 'GET', `/api/v1/calendar/${year}`, { key: admin })).body;
    const makeup = current.workdays.includes(first);
    const body = {
      official: true,
      holidays: makeup ? current.holidays : [...current.holidays, first],
      workdays: makeup ? current.workdays.filter((d: string) => d !== first) : current.workdays,
      source: '测试：临时调整放假安排',
    };

    const published = await put(year, body);
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({
      calendar: { year, official: true, origin: 'stored', source: '测试：临时调整放假安排' },
      reprojection: { status: 'scheduled', notifiedProjects: 1, affectedTasks: open },
    });
    expect(published.body.calendar.loadedAt).not.toBeNull();

    const moved = await eventually(
      () => call('getTask', 'GET', `/api/v1/tasks/${task.id}`, { key: sys.key('department', 'FGW') }),
      (r) => r.body.clock.promisedDueDate !== task.clock.promisedDueDate,
      '承诺到期日重新推算',
    );
    expect(moved.body.clock.promisedDueDate > task.clock.promisedDueDate).toBe(true);
    const feed = await call('listEvents', 'GET', `/api/v1/events?projectId=${code}&type=task.deadline_reprojected`, { key: sys.key('department', 'FGW') });
    expect(feed.body.events).toEqual([expect.objectContaining({ taskId: task.id, payload: expect.objectContaining({ dueDateChanged: true }) })]);
    const audit = await call('listEvents', 'GET', '/api/v1/events?type=calendar.updated', { key: sys.key('supervisor') });
    expect(audit.body.events).toEqual([expect.objectContaining({ actor: expect.objectContaining({ role: 'admin' }), payload: expect.objectContaining({ year, official: true }) })]);

    const stored = await call('getCalendarYear', 'GET', `/api/v1/calendar/${year}`, { key: admin });
    expect(stored.body).toMatchObject({ origin: 'stored', official: true });
    expect(makeup ? !stored.body.workdays.includes(first) : stored.body.holidays.includes(first)).toBe(true);
  });
});

/**
 * Accountability records (责任追究记录) written by the complaint ladder's and the supervision
 * order's (督办) own timers, end to end: the real gateway, worker, workflows and activities over
 * a real database (SQLite, or PostgreSQL with TEST_DATABASE_URL_PG), on the time-skipping test
 * server so that working days can pass. Records are read back through the accountability route,
 * first open, then settled by the late response or resolution.
 *
 * The years concerned get a weekends-only calendar through the calendar API first, so every date
 * below is weekday arithmetic from the Monday (D) the test starts on, whenever the suite runs:
 *     D Mon  D+1 Tue  D+2 Wed  D+3 Thu  D+4 Fri  D+5/D+6 weekend  D+7 Mon … D+14 Mon  D+15 Tue
 * 督办, 2 working days from D: due D+2 24:00; answered on D+3 → 1 working day over.
 * 投诉 (on the next Monday, again D), 5 working days (default ladder: escalation 5 working days after the deadline):
 *     due D+7 24:00 → overdue record; escalation D+8..D+11, D+14 → D+14 24:00 with 5 days over;
 *     resolved on D+15 → D+8..D+11, D+14, D+15 = 6 working days over, for both records.
 */
import { eventually } from '../support/eventually';
import { APPLICANT } from '../support/scenario';
import { useTestSystem } from '../support/system';
import { putWeekendOnlyCalendars } from '../support/weekend-calendar';
import { nextMondayOf, shanghaiAt, skipTo } from '../support/temporal';
import { addDays, type IsoDate } from '../../domain/clock';

interface RecordView {
  id: string;
  kind: string;
  departmentId: string;
  taskId: string | null;
  projectId: string | null;
  complaintId: string | null;
  supervisionOrderId: string | null;
  dueDate: string | null;
  daysOver: number;
  settled: boolean;
  detail: string;
}

describe('accountability written by complaint and 督办 timers', () => {
  const t = useTestSystem({}, { timeSkipping: true });
  let d: IsoDate;

  const at = (days: number, hour: number) => shanghaiAt(addDays(d, days), hour);
  const skip = (days: number, hour: number) => skipTo(t.sys.env, at(days, hour));
  const records = async (kind: string, key = t.sys.key('supervisor')): Promise<RecordView[]> => {
    const res = await t.call<{ items: RecordView[] }>('listAccountabilityRecords', 'GET', `/api/v1/accountability-records?kind=${kind}`, { key });
    expect(res.status).toBe(200);
    return res.body.items;
  };

  /** Skips to the next Monday 09:00 Shanghai and makes it D. */
  const startOnMonday = async () => {
    d = await nextMondayOf(t.sys.env);
    await skip(0, 9);
  };

  beforeAll(() => putWeekendOnlyCalendars(t));

  test('when a 督办 is answered a working day late, then its timer wrote an open record and the response settles it at 1 day over', async () => {
    await startOnMonday();
    const submitted = await t.call('submitProject', 'POST', '/api/v1/projects', {
      key: t.sys.key('window'),
      body: {
        applicant: APPLICANT,
        project: { name: '仓储物流中心项目', type: 'warehouse', location: '城东工业园 5 号地块', investmentWan: 900 },
        materials: [{ name: '项目申请报告', copies: 1 }],
        firstInquiryStaff: '李窗口',
      },
      headers: { 'Idempotency-Key': 'accountability-timers-project' },
    });
    expect(submitted.status).toBe(201);
    const projectId: string = submitted.body.id;
    const task = (submitted.body.tasks as { id: string; departmentId: string; status: string }[]).find((x) => x.status === 'received')!;
    expect(task).toBeDefined();

    const issued = await t.call('createSupervisionOrder', 'POST', `/api/v1/tasks/${task.id}/supervision-orders`, {
      key: t.sys.key('supervisor'),
      body: { directive: '请于两个工作日内办结并书面答复', workingDays: 2 },
    });
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ status: 'open', dueDate: addDays(d, 2) });
    const orderId: string = issued.body.id;
    expect(await records('supervision_order_overdue')).toEqual([]);

    await skip(3, 10);
    const [open] = await eventually(() => records('supervision_order_overdue'), (items) => items.length > 0, '督办逾期记录');
    expect(open).toMatchObject({
      kind: 'supervision_order_overdue',
      departmentId: task.departmentId,
      taskId: task.id,
      projectId,
      supervisionOrderId: orderId,
      complaintId: null,
      dueDate: addDays(d, 2),
      settled: false,
    });
    expect(open.detail).toContain(`督办逾期未答复（督办时限${addDays(d, 2)} 24:00）`);
    // The department sees its own record; another department does not.
    expect((await records('supervision_order_overdue', t.sys.key('department', task.departmentId))).map((r) => r.id)).toEqual([open.id]);
    const other = task.departmentId === 'ZJJ' ? 'FGW' : 'ZJJ';
    expect(await records('supervision_order_overdue', t.sys.key('department', other))).toEqual([]);

    const answered = await t.call('respondSupervisionOrder', 'POST', `/api/v1/tasks/${task.id}/supervision-orders/${orderId}/response`, {
      key: t.sys.key('department', task.departmentId),
      body: { response: '已于今日办结' },
    });
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ status: 'completed' });
    expect(await records('supervision_order_overdue')).toEqual([{ ...open, daysOver: 1, settled: true }]);
  });

  test('when a complaint is neither resolved nor explained, then its timers record overdue and escalation, and the late resolution settles both at 6 days over', async () => {
    await startOnMonday();
    const filed = await t.call('fileComplaint', 'POST', '/api/v1/complaints', {
      key: t.sys.key('window'),
      body: { departmentId: 'ZJJ', category: 'buck_passing', description: '施工许可多次往返仍未受理', complainant: { name: '王群众', phone: '13911112222' } },
      headers: { 'Idempotency-Key': 'accountability-timers-complaint' },
    });
    expect(filed.status).toBe(201);
    const complaintId: string = filed.body.id;
    const assigned = await t.call('assignComplaint', 'POST', `/api/v1/complaints/${complaintId}/assignment`, {
      key: t.sys.key('supervisor'),
      body: { unitId: 'ZJJ', workingDays: 5 },
    });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ dueDate: addDays(d, 7), escalationDate: addDays(d, 14) });
    const mine = async (kind: string) => (await records(kind)).filter((r) => r.complaintId === complaintId);

    await skip(8, 9);
    const [overdue] = await eventually(() => mine('complaint_overdue'), (items) => items.length > 0, '投诉逾期记录');
    const expected = { departmentId: 'ZJJ', complaintId, taskId: null, projectId: null, supervisionOrderId: null, dueDate: addDays(d, 7) };
    expect(overdue).toMatchObject({ ...expected, kind: 'complaint_overdue', daysOver: 0, settled: false });
    expect(overdue.detail).toContain(`超过办理时限（${addDays(d, 7)} 24:00）未办结`);

    await skip(15, 10);
    const [escalated] = await eventually(() => mine('complaint_escalated'), (items) => items.length > 0, '投诉升级追责记录');
    expect(escalated).toMatchObject({ ...expected, kind: 'complaint_escalated', daysOver: 5, settled: false });
    expect(escalated.detail).toContain('超过办理时限5个工作日仍未办结，且未说明原因');
    expect(await mine('complaint_overdue')).toEqual([overdue]);

    const resolved = await t.call('resolveComplaint', 'POST', `/api/v1/complaints/${complaintId}/resolution`, {
      key: t.sys.key('department', 'ZJJ'),
      body: { finding: 'substantiated', detail: '经查，承办人员未按时办理', action: '批评教育并限期整改' },
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body.resolution).toMatchObject({ late: true, workingDaysOver: 6 });
    expect(await mine('complaint_overdue')).toEqual([{ ...overdue, daysOver: 6, settled: true }]);
    expect(await mine('complaint_escalated')).toEqual([{ ...escalated, daysOver: 6, settled: true }]);
  });
});

/**
 * An overdue 会签 becomes an accountability record (责任追究记录) per department that had not signed,
 * end to end on the time-skipping test server (real gateway, worker, workflows, database). The
 * record stays open while the department has not signed and is settled when it signs.
 *
 * Weekends-only calendar, so dates are weekday arithmetic from the Monday (D) the test starts on:
 * a 1-working-day 会签 started on D is due D+1 24:00 (Tue); GTJ signs on D+3 (Thu) → 2 working days over.
 */
import { eventually } from '../support/eventually';
import { INDUSTRIAL_SUBMISSION } from '../support/scenario';
import { useTestSystem } from '../support/system';
import { putWeekendOnlyCalendars } from '../support/weekend-calendar';
import { nextMondayOf, shanghaiAt, skipTo } from '../support/temporal';
import { addDays, type IsoDate } from '../../domain/clock';

interface RecordView {
  kind: string;
  departmentId: string;
  projectId: string | null;
  dueDate: string | null;
  daysOver: number;
  settled: boolean;
  detail: string;
}

describe('accountability for an overdue 会签', () => {
  const t = useTestSystem({}, { timeSkipping: true });
  let d: IsoDate;
  const skip = (days: number, hour: number) => skipTo(t.sys.env, shanghaiAt(addDays(d, days), hour));
  const records = async (key = t.sys.key('supervisor')): Promise<RecordView[]> => {
    const res = await t.call<{ items: RecordView[] }>('listAccountabilityRecords', 'GET', '/api/v1/accountability-records?kind=countersign_overdue', { key });
    expect(res.status).toBe(200);
    return res.body.items;
  };

  beforeAll(() => putWeekendOnlyCalendars(t));

  test('when two departments miss a 会签 deadline, then each gets an open record, and the one that signs later is settled with its working days over', async () => {
    d = await nextMondayOf(t.sys.env);
    await skip(0, 9);
    const submitted = await t.call('submitProject', 'POST', '/api/v1/projects', {
      key: t.sys.key('window'),
      headers: { 'Idempotency-Key': 'countersign-accountability-1' },
      body: INDUSTRIAL_SUBMISSION,
    });
    expect(submitted.status).toBe(201);
    const code: string = submitted.body.code;
    const started = await t.call('startCountersign', 'POST', `/api/v1/projects/${code}/countersigns`, {
      key: t.sys.key('department', 'FGW'),
      body: { title: '关于项目选址的联合意见', draft: '同意选址。', departmentIds: ['GTJ', 'HBJ'], workingDays: 1 },
    });
    expect(started.status).toBe(201);
    expect(started.body.dueDate).toBe(addDays(d, 1));
    expect(await records()).toEqual([]);

    await skip(2, 9);
    const open = await eventually(records, (r) => r.length === 2, '会签逾期记录责任追究');
    expect(open.map((r) => [r.departmentId, r.projectId, r.dueDate, r.settled]).sort()).toEqual([
      ['GTJ', code, addDays(d, 1), false],
      ['HBJ', code, addDays(d, 1), false],
    ]);
    expect(open[0].detail).toContain('会签“关于项目选址的联合意见”逾期未签署');
    // Departments see their own records only.
    expect((await records(t.sys.key('department', 'GTJ'))).map((r) => r.departmentId)).toEqual(['GTJ']);

    await skip(3, 10);
    const signed = await t.call('signCountersign', 'POST', `/api/v1/countersigns/${started.body.id}/signature`, { key: t.sys.key('department', 'GTJ'), body: { decision: 'sign' } });
    expect(signed.status).toBe(200);
    const after = await eventually(records, (r) => r.some((x) => x.departmentId === 'GTJ' && x.settled), '签署后固定逾期天数');
    expect(after.find((r) => r.departmentId === 'GTJ')).toMatchObject({ settled: true, daysOver: 2 });
    expect(after.find((r) => r.departmentId === 'HBJ')).toMatchObject({ settled: false });
  });
});

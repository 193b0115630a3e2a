/*
 * The complaint ladder (效能投诉) and the supervision order (督办) on Temporal's time-skipping
 * test server, with typed jest.fn activities and a calendar where only weekends are off.
 *
 * Every case starts on Monday 09:00 Shanghai (D), so expectations are weekday arithmetic:
 *     D Mon (assignment, not counted)  D+1 Tue  D+2 Wed  D+3 Thu  D+4 Fri  D+5/D+6 weekend  D+7 Mon …
 * A complaint assigned on D with 5 working days and the default settings (reminder at 80 %,
 * explanation 3 and escalation 5 working days after the deadline):
 *     reminder   floor(5 × 80 %) = 4th working day  → D+4 (Fri) 24:00
 *     deadline   D+1..D+4, D+7                      → D+7 (Mon) 24:00
 *     explain by D+8, D+9, D+10                     → D+10 (Wed) 24:00
 *     escalation D+8..D+11, D+14                    → D+14 (Mon) 24:00
 */
import { untilPasses } from '../support/eventually';
import { exportHistory } from '../support/histories';
import { shanghaiAt, useTimeSkippingWorker } from '../support/temporal';
import { mockSupervision, writtenEvents } from '../support/mock-supervision';
import type { complaintWorkflow, supervisionOrderWorkflow } from '../../workflows';
import { rejectionOf } from '../../api/temporal-errors';
import { addDays } from '../../domain/clock';
import type { Actor } from '../../workflows/shared';
import {
  assignComplaintUpdate,
  complaintFiledUpdate,
  complaintStateQuery,
  complaintWorkflowId,
  explainComplaintUpdate,
  recordComplaintFeedbackUpdate,
  resolveComplaintUpdate,
  type ComplaintWorkflowInput,
} from '../../workflows/complaint/contracts';
import { orderIssuedUpdate, orderStateQuery, respondOrderUpdate, supervisionOrderWorkflowId } from '../../workflows/supervision-order/contracts';

const QUEUE = 'complaint-ladder';
const supervisor: Actor = { role: 'supervisor', keyId: 'key-sup', name: '县效能办' };
const unit: Actor = { role: 'department', keyId: 'key-ZJJ', departmentId: 'ZJJ', name: '县住建局' };
const window: Actor = { role: 'window', keyId: 'key-win', name: '综合受理窗口' };
const resolution = { finding: 'substantiated' as const, detail: '经查，承办人员未按时办理', action: '批评教育并限期整改' };

/** `hour` o'clock Shanghai on `date` (24 = midnight at the end of the day). */
const at = shanghaiAt;
/** Timers fire a few ms late (the server clock runs while the worker processes), so compare minutes. */
const minute = (ms: number) => ms - (ms % 60_000);

describe('complaint ladder and supervision order', () => {
  const acts = mockSupervision();
  let seq = 0;

  const h = useTimeSkippingWorker(QUEUE, acts);

  const { sleepUntil, settled } = h;
  const mondayMorning = () => h.nextMonday(9);
  /** Files a complaint against ZJJ and assigns it to ZJJ with 5 working days. */
  const fileAndAssign = async () => {
    const complaintId = `TS-TEST-${++seq}`;
    const input: ComplaintWorkflowInput = {
      complaintId,
      departmentId: 'ZJJ',
      category: 'buck_passing',
      description: '多次往返仍未受理',
      complainant: { name: '李投诉', phone: '13900000000' },
      filedBy: window,
      settings: { explanationDays: 3, escalationDays: 5, followUpDays: 10, yellowPercent: 80 },
    };
    const handle = await h.env.client.workflow.start<typeof complaintWorkflow>('complaintWorkflow', { taskQueue: QUEUE, workflowId: complaintWorkflowId(complaintId), args: [input] });
    await handle.executeUpdate(complaintFiledUpdate);
    const assigned = await handle.executeUpdate(assignComplaintUpdate, { args: [{ actor: supervisor, unitId: 'ZJJ', workingDays: 5 }] });
    return { complaintId, handle, assigned, state: () => handle.query(complaintStateQuery) };
  };
  const writes = (complaintId: string) => acts.recordComplaint.mock.calls.map(([w]) => w).filter((w) => w.complaintId === complaintId);
  const types = (complaintId: string) => writtenEvents(writes(complaintId)).map((e) => e.type);
  const timed = (complaintId: string) =>
    writtenEvents(writes(complaintId))
      .filter((e) => e.actor?.role === 'system')
      .map((e) => [e.type, minute(e.occurredAt)]);
  const refusal = (p: Promise<unknown>) => p.then(() => undefined, (err: unknown) => rejectionOf(err)?.reason);

  test('when the unit resolves before the deadline, then it is reminded once, nothing is recorded against it, and the complaint closes after the follow-up window', async () => {
    const d = await mondayMorning();
    const { complaintId, handle, assigned, state } = await fileAndAssign();
    expect(assigned.schedule).toMatchObject({
      startDate: d,
      dueDate: addDays(d, 7),
      reminderDate: addDays(d, 4),
      explanationDueDate: addDays(d, 10),
      escalationDate: addDays(d, 14),
      provisional: false,
    });
    expect(await refusal(handle.executeUpdate(assignComplaintUpdate, { args: [{ actor: supervisor, unitId: 'FGW', workingDays: 3 }] }))).toBe('illegal_transition');

    await sleepUntil(at(addDays(d, 5), 10)); // Saturday, after the reminder
    await untilPasses(() => expect(types(complaintId)).toContain('complaint.reminded'));
    const resolved = await handle.executeUpdate(resolveComplaintUpdate, { args: [{ actor: unit, ...resolution }] });
    expect(resolved).toMatchObject({ status: 'resolved', resolution: { late: false, workingDaysOver: 0 } });
    expect(writes(complaintId).at(-1)?.settle).toBeUndefined();

    await handle.executeUpdate(recordComplaintFeedbackUpdate, { args: [{ actor: window, rating: 'satisfied' }] });
    expect(await refusal(handle.executeUpdate(recordComplaintFeedbackUpdate, { args: [{ actor: window, rating: 'dissatisfied', comment: '再评一次' }] }))).toBe('already_rated');

    // Follow-up window: 10 working days from Sat D+5 → D+7..D+11, D+14..D+18 → closes at D+18 24:00.
    await sleepUntil(at(addDays(d, 18), 23));
    await settled(handle);
    expect((await state()).status).toBe('resolved');
    await sleepUntil(at(addDays(d, 19), 1));
    // Polled, not awaited with result(): result() unlocks time skipping, and the test server then
    // skipped years ahead, shifting every later case.
    await untilPasses(async () => expect(await state()).toMatchObject({ status: 'closed', closedAt: expect.any(Number) }));
    expect(types(complaintId)).toEqual(['complaint.filed', 'complaint.assigned', 'complaint.reminded', 'complaint.resolved', 'complaint.feedback_recorded', 'complaint.closed']);
    expect(timed(complaintId)).toEqual([
      ['complaint.reminded', at(addDays(d, 4), 24)],
      ['complaint.closed', at(addDays(d, 18), 24)],
    ]);
    expect(writes(complaintId).filter((w) => w.accountability)).toEqual([]);
    // Before assignment the complaint is invisible to the department: its events carry none.
    const filed = writes(complaintId)[0].event;
    expect([filed.type, filed.departmentId, filed.projectId, filed.taskId]).toEqual(['complaint.filed', undefined, undefined, undefined]);
    expect(writes(complaintId)[1].event.departmentId).toBe('ZJJ');
    await exportHistory(handle, 'complaint-closed');
  });

  test('when the deadline passes, then accountability is recorded and an explanation demanded; a late resolution fixes the days over', async () => {
    const d = await mondayMorning();
    const { complaintId, handle, state } = await fileAndAssign();

    await sleepUntil(at(addDays(d, 7), 23));
    await settled(handle);
    expect((await state()).status).toBe('assigned');
    expect(types(complaintId)).not.toContain('complaint.overdue');
    await sleepUntil(at(addDays(d, 8), 9)); // Tue, the day after the deadline
    await untilPasses(async () => expect((await state()).status).toBe('explanation_required'));
    const overdue = writes(complaintId).find((w) => w.event.type === 'complaint.overdue')!;
    expect(overdue.accountability).toMatchObject({ departmentId: 'ZJJ', kind: 'complaint_overdue', complaintId, dueDate: addDays(d, 7), daysOver: 0, settled: false });
    expect(overdue.patch).toMatchObject({ status: 'explanation_required' });

    const explained = await handle.executeUpdate(explainComplaintUpdate, { args: [{ actor: unit, explanation: '承办人员病休，未及时交接' }] });
    expect(explained).toMatchObject({ status: 'explained', explanation: { late: true } });
    expect(await refusal(handle.executeUpdate(explainComplaintUpdate, { args: [{ actor: unit, explanation: '补充说明' }] }))).toBe('already_explained');

    await sleepUntil(at(addDays(d, 9), 10)); // Wed: D+8 and D+9 are the working days over
    const resolved = await handle.executeUpdate(resolveComplaintUpdate, { args: [{ actor: unit, ...resolution }] });
    expect(resolved.resolution).toMatchObject({ late: true, workingDaysOver: 2 });
    expect(writes(complaintId).at(-1)).toMatchObject({ event: { type: 'complaint.resolved' }, settle: { daysOver: 2 } });

    await sleepUntil(at(addDays(d, 15), 9)); // past the escalation date: nothing more happens
    await settled(handle);
    expect(types(complaintId)).toEqual(['complaint.filed', 'complaint.assigned', 'complaint.reminded', 'complaint.overdue', 'complaint.explained', 'complaint.resolved']);
    await handle.terminate('test finished');
  });

  test('when the unit neither explains nor resolves, then it is chased and escalated on the hand-computed days', async () => {
    const d = await mondayMorning();
    const { complaintId, handle, state } = await fileAndAssign();

    await sleepUntil(at(addDays(d, 15), 10));
    await untilPasses(async () => expect((await state()).status).toBe('escalated'));
    expect(timed(complaintId)).toEqual([
      ['complaint.reminded', at(addDays(d, 4), 24)],
      ['complaint.overdue', at(addDays(d, 7), 24)],
      ['complaint.explanation_overdue', at(addDays(d, 10), 24)],
      ['complaint.escalated', at(addDays(d, 14), 24)],
    ]);
    const escalated = writes(complaintId).find((w) => w.event.type === 'complaint.escalated')!;
    expect(escalated.accountability).toMatchObject({ departmentId: 'ZJJ', kind: 'complaint_escalated', dueDate: addDays(d, 7), daysOver: 5, settled: false });
    expect(escalated.accountability?.detail).toContain('且未说明原因');
    expect(escalated.event.payload).toMatchObject({ workingDaysOver: 5, explained: false });

    // Resolved on Tue D+15: D+8..D+11, D+14, D+15 → 6 working days over, for both records.
    const resolved = await handle.executeUpdate(resolveComplaintUpdate, { args: [{ actor: supervisor, ...resolution }] });
    expect(resolved.resolution).toMatchObject({ late: true, workingDaysOver: 6 });
    expect(writes(complaintId).at(-1)?.settle).toMatchObject({ daysOver: 6 });
    await handle.terminate('test finished');
  });

  test('when the unit explains before the deadline, then the overdue step records accountability but demands no further explanation', async () => {
    const d = await mondayMorning();
    const { complaintId, handle, state } = await fileAndAssign();
    const early = await handle.executeUpdate(explainComplaintUpdate, { args: [{ actor: unit, explanation: '需现场核查，预计延期' }] });
    expect(early).toMatchObject({ status: 'assigned', explanation: { late: false } });

    await sleepUntil(at(addDays(d, 11), 9));
    await untilPasses(async () => expect((await state()).status).toBe('explained'));
    await settled(handle); // past the explanation due date (D+10 24:00), not just the overdue step
    expect(types(complaintId)).not.toContain('complaint.explanation_overdue');
    expect(writes(complaintId).find((w) => w.event.type === 'complaint.overdue')?.accountability?.kind).toBe('complaint_overdue');
    await handle.terminate('test finished');
  });

  test('when a supervision order is not answered in time, then it is reminded, goes overdue with an accountability record, and a late response settles the days over', async () => {
    const d = await mondayMorning();
    const orderId = `DB-TEST-${++seq}`;
    const handle = await h.env.client.workflow.start<typeof supervisionOrderWorkflow>('supervisionOrderWorkflow', {
      taskQueue: QUEUE,
      workflowId: supervisionOrderWorkflowId(orderId),
      args: [{
        orderId,
        taskId: 'XM-2026-000001.ZJJ-01',
        projectId: 'XM-2026-000001',
        departmentId: 'ZJJ',
        subject: '厂房扩建（XM-2026-000001）“施工许可”',
        directive: '请于两个工作日内办结并书面答复',
        workingDays: 2,
        issuedBy: supervisor,
        yellowPercent: 80,
      }],
    });
    // 2 working days: reminder after floor(2 × 80 %) = 1 → D+1 (Tue) 24:00; due D+2 (Wed) 24:00.
    expect(await handle.executeUpdate(orderIssuedUpdate)).toMatchObject({ status: 'open', reminderDate: addDays(d, 1), dueDate: addDays(d, 2) });

    await sleepUntil(at(addDays(d, 3), 10));
    await untilPasses(async () => expect((await handle.query(orderStateQuery)).status).toBe('overdue'));
    const calls = acts.recordSupervisionOrder.mock.calls.map(([w]) => w).filter((w) => w.orderId === orderId);
    expect(writtenEvents(calls).filter((e) => e.actor?.role === 'system').map((e) => [e.type, minute(e.occurredAt)])).toEqual([
      ['supervision_order.reminded', at(addDays(d, 1), 24)],
      ['supervision_order.overdue', at(addDays(d, 2), 24)],
    ]);
    const overdue = calls.find((w) => w.event.type === 'supervision_order.overdue')!;
    expect(overdue.event).toMatchObject({ taskId: 'XM-2026-000001.ZJJ-01', departmentId: 'ZJJ' });
    expect(overdue.accountability).toMatchObject({ kind: 'supervision_order_overdue', departmentId: 'ZJJ', supervisionOrderId: orderId, dueDate: addDays(d, 2), settled: false });

    const answered = await handle.executeUpdate(respondOrderUpdate, { args: [{ actor: unit, response: '已于今日办结' }] });
    expect(answered).toMatchObject({ status: 'completed', response: { late: true, workingDaysOver: 1 } });
    expect(acts.recordSupervisionOrder.mock.calls.at(-1)?.[0]).toMatchObject({ event: { type: 'supervision_order.responded' }, settle: { daysOver: 1 } });
    await untilPasses(async () => expect((await handle.describe()).status.name).toBe('COMPLETED'));
    await exportHistory(handle, 'supervision-order-late');
  });
});

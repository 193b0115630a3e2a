/*
 * 职位代理 AB 角 on the time-skipping server: a task arriving while an officer is away goes to the
 * deputy and comes back after the absence's last day; a task in hand moves when the absence begins
 * (officerAbsenceWorkflow); with nobody available the task stays and is flagged to the head.
 * When the officer comes back early (absenceChangedSignal from shortenOfficerAbsence) the tasks
 * return at once or keep the deputy to the new last day, and their own lapse timers return nothing twice.
 * Runs on a weekends-only calendar from a Monday (D) so the dates are plain weekday arithmetic.
 */
import { untilPasses } from '../support/eventually';
import { shanghaiAt, useTimeSkippingWorker } from '../support/temporal';
import { item, mockLifecycle } from '../support/mock-activities';
import { exportHistory } from '../support/histories';
import type { approvalTaskWorkflow, officerAbsenceWorkflow } from '../../workflows';
import { addDays, shanghaiDateOf, shanghaiStartOfDay, type IsoDate, type YearSchedule } from '../../domain/clock';
import type { Actor } from '../../workflows/shared';
import { acceptTaskUpdate, decideTaskUpdate, taskStateQuery, taskWorkflowId, type AbsenceRouting, type TaskWorkflowInput } from '../../workflows/task/contracts';
import { absenceChangedSignal, officerAbsenceWorkflowId } from '../../workflows/absence/contracts';

const QUEUE = 'absence';
const at = shanghaiAt;
const plainYear = (year: number): YearSchedule => ({ year, source: 'official', reference: '测试日历：只有周末休息', holidays: [], makeupWorkdays: [] });
const dept: Actor = { role: 'department', keyId: 'off-b', name: '县住建局', departmentId: 'ZJJ', officerId: 'off-b', officerName: '王芳' };

describe('职位代理 AB 角: absences route tasks to the deputy and back', () => {
  const acts = mockLifecycle([item('ZJJ-01', 'ZJJ')]);
  const h = useTimeSkippingWorker(QUEUE, acts);
  const recorded = (taskId: string) => acts.recordTask.mock.calls.filter(([c]) => c.taskId === taskId).map(([c]) => c);
  const types = (taskId: string) => recorded(taskId).map((c) => c.event.type);

  const input = (taskId: string, d: IsoDate): TaskWorkflowInput => ({
    taskId, projectId: `p-${taskId}`, projectCode: taskId.split('.')[0], projectName: '厂房扩建', itemId: 'ZJJ-01', itemName: '施工许可',
    departmentId: 'ZJJ', statutoryDays: 20, promisedDays: 10, greenChannel: false, yellowPercent: 80, calendar: [0, 1, 2].map((i) => plainYear(Number(d.slice(0, 4)) + i)),
  });
  const start = (taskId: string, d: IsoDate) =>
    h.env.client.workflow.start<typeof approvalTaskWorkflow>('approvalTaskWorkflow', { taskQueue: QUEUE, workflowId: taskWorkflowId(taskId), args: [input(taskId, d)] });
  const routing = (until: IsoDate, deputy?: AbsenceRouting['deputy']): AbsenceRouting => ({
    absenceId: 'AB-2026-000001', kind: 'leave', officerId: 'off-a', officerName: '张伟', until, ...(deputy ? { deputy } : {}),
  });

  test('when a task arrives while the A 角 is on leave, then it is routed to the B 角 at once and returns to the department after 24:00 of the last day', async () => {
    const d = await h.nextMonday(9);
    const wed = addDays(d, 2);
    acts.routeTask.mockResolvedValueOnce(routing(wed, { id: 'off-b', name: '王芳' }));
    const taskId = 'XM-AB-1.ZJJ-01';
    const handle = await start(taskId, d);

    await untilPasses(async () => expect(types(taskId)).toEqual(['task.received', 'task.reassigned']));
    expect(acts.routeTask).toHaveBeenCalledWith({ departmentId: 'ZJJ', at: expect.any(Number) });
    const routed = recorded(taskId)[1];
    // Both officers are on the event: who is away and who took the task.
    expect(routed.event.payload).toMatchObject({ absence: { officerId: 'off-a', officerName: '张伟', deputyId: 'off-b', deputyName: '王芳', kind: 'leave' } });
    expect(routed.patch.assignee).toMatchObject({ delegateId: 'off-b', until: wed, absence: { absenceId: 'AB-2026-000001' } });
    const state = await handle.query(taskStateQuery);
    expect(state.delegation).toMatchObject({ delegateId: 'off-b', delegateName: '王芳', until: wed });

    // The deputy acts for the department while the absence runs.
    const accepted = await handle.executeUpdate(acceptTaskUpdate, { args: [{ expectedVersion: state.version, actor: dept }] });
    expect(recorded(taskId)[2].event.actor).toMatchObject({ name: '王芳', onBehalfOf: 'ZJJ' });

    await h.sleepUntil(at(addDays(wed, 1), 1));
    await untilPasses(async () => expect((await handle.query(taskStateQuery)).delegation).toBeUndefined());
    const back = recorded(taskId).find((c) => c.event.type === 'task.delegation_expired')!;
    expect(back.event.occurredAt - (back.event.occurredAt % 60_000)).toBe(shanghaiStartOfDay(addDays(wed, 1)));
    expect(back.patch.assignee).toBeNull();

    await handle.executeUpdate(decideTaskUpdate, { args: [{ expectedVersion: accepted.version, actor: dept, decision: 'approved', reasons: [], permitNumber: '施字 2026-101' }] });
    expect(recorded(taskId).at(-1)!.event.actor).toEqual(dept);
    await handle.result();
    await exportHistory(handle, 'task-absence-routing');
  });

  test('when an absence begins on Tuesday while a task is in hand, then the absence workflow moves the task to the deputy that day', async () => {
    const d = await h.nextMonday(9);
    const tue = addDays(d, 1);
    const taskId = 'XM-AB-2.ZJJ-01';
    const handle = await start(taskId, d);
    await untilPasses(async () => expect(types(taskId)).toEqual(['task.received']));

    acts.absenceStarted.mockResolvedValueOnce({ routing: routing(addDays(d, 4), { id: 'off-b', name: '王芳' }), taskIds: [taskId, 'XM-GONE-9.ZJJ-01'] });
    const absence = await h.env.client.workflow.start<typeof officerAbsenceWorkflow>('officerAbsenceWorkflow', {
      taskQueue: QUEUE,
      workflowId: officerAbsenceWorkflowId('AB-2026-000001'),
      args: [{ absenceId: 'AB-2026-000001', departmentId: 'ZJJ', startsAt: shanghaiStartOfDay(tue) }],
    });
    await h.settled(absence, handle);
    // Declared on Monday for Tuesday: nothing moves before the first day.
    expect(acts.absenceStarted).not.toHaveBeenCalled();
    expect(types(taskId)).toEqual(['task.received']);

    await h.sleepUntil(at(tue, 8));
    await h.settled(absence, handle);
    const [[asked]] = acts.absenceStarted.mock.calls;
    expect(asked.absenceId).toBe('AB-2026-000001');
    expect(shanghaiDateOf(asked.at)).toBe(tue);
    expect((await handle.query(taskStateQuery)).delegation).toMatchObject({ delegateId: 'off-b', until: addDays(d, 4) });
    // Awaiting a result lets the server skip time, so only after the checks and with the task gone.
    await handle.terminate('test over');
    // A task that no longer exists does not stop the others.
    expect(await absence.result()).toEqual({ signalled: 2 });
    await exportHistory(absence, 'officer-absence');
  });

  const startAbsence = (absenceId: string, first: IsoDate) =>
    h.env.client.workflow.start<typeof officerAbsenceWorkflow>('officerAbsenceWorkflow', {
      taskQueue: QUEUE,
      workflowId: officerAbsenceWorkflowId(absenceId),
      args: [{ absenceId, departmentId: 'ZJJ', startsAt: shanghaiStartOfDay(first) }],
    });
  const returns = (taskId: string) => recorded(taskId).filter((c) => c.event.type === 'task.delegation_expired');

  test('when the A 角 comes back early on Tuesday, then the task with the B 角 returns at once and its own lapse on Friday returns nothing again', async () => {
    const d = await h.nextMonday(9);
    const [tue, fri] = [addDays(d, 1), addDays(d, 4)];
    const taskId = 'XM-AB-4.ZJJ-01';
    const handle = await start(taskId, d);
    await untilPasses(async () => expect(types(taskId)).toEqual(['task.received']));
    acts.absenceStarted.mockResolvedValueOnce({ routing: routing(fri, { id: 'off-b', name: '王芳' }), taskIds: [taskId] });
    const absence = await startAbsence('AB-2026-000001', d);
    await untilPasses(async () => expect((await handle.query(taskStateQuery)).delegation).toMatchObject({ delegateId: 'off-b', until: fri }));

    await h.sleepUntil(at(tue, 10));
    acts.departmentTasksInHand.mockResolvedValueOnce([taskId, 'XM-GONE-9.ZJJ-01']);
    // Back on Tuesday: the absence's last day is now Monday, already past.
    await absence.signal(absenceChangedSignal, { to: d, cancelled: false });
    await untilPasses(async () => expect((await handle.query(taskStateQuery)).delegation).toBeUndefined());
    const [back] = returns(taskId);
    expect(shanghaiDateOf(back.event.occurredAt)).toBe(tue);
    expect(back.event.payload).toMatchObject({ endedEarly: true, delegation: { delegateId: 'off-b', until: fri } });
    expect(String((back.event.payload as { message?: string }).message)).toContain('提前返岗');
    expect(back.patch.assignee).toBeNull();
    expect(acts.departmentTasksInHand).toHaveBeenCalledWith({ departmentId: 'ZJJ' });
    // Told the tasks, the absence is over: its run ends (routed one task, told two).
    expect(await absence.result()).toEqual({ signalled: 3 });

    await h.sleepUntil(at(addDays(fri, 3), 9));
    await h.settled(handle);
    expect(returns(taskId)).toHaveLength(1);
    await handle.terminate('test over');
    await exportHistory(absence, 'officer-absence-early-return');
  });

  test('when the absence is shortened to Wednesday, then the deputy keeps the task to 24:00 on Wednesday and it returns once, by its own timer', async () => {
    const d = await h.nextMonday(9);
    const [tue, wed, thu, fri] = [1, 2, 3, 4].map((n) => addDays(d, n));
    const taskId = 'XM-AB-5.ZJJ-01';
    acts.routeTask.mockResolvedValueOnce({ ...routing(fri, { id: 'off-b', name: '王芳' }), absenceId: 'AB-2026-000002' });
    const handle = await start(taskId, d);
    await untilPasses(async () => expect(types(taskId)).toEqual(['task.received', 'task.reassigned']));
    acts.absenceStarted.mockResolvedValueOnce({ routing: { ...routing(fri, { id: 'off-b', name: '王芳' }), absenceId: 'AB-2026-000002' }, taskIds: [taskId] });
    const absence = await startAbsence('AB-2026-000002', d);
    await h.settled(absence, handle);

    await h.sleepUntil(at(tue, 10));
    acts.departmentTasksInHand.mockResolvedValueOnce([taskId]);
    await absence.signal(absenceChangedSignal, { to: wed, cancelled: false });
    await untilPasses(async () => expect((await handle.query(taskStateQuery)).delegation).toMatchObject({ delegateId: 'off-b', until: wed }));
    const shortened = recorded(taskId).at(-1)!;
    expect(shortened.event.type).toBe('task.reassigned');
    expect(shortened.patch.assignee).toMatchObject({ until: wed, absence: { absenceId: 'AB-2026-000002' } });
    expect(returns(taskId)).toHaveLength(0);

    await h.sleepUntil(at(thu, 1));
    await untilPasses(async () => expect((await handle.query(taskStateQuery)).delegation).toBeUndefined());
    const [back] = returns(taskId);
    expect(back.event.occurredAt - (back.event.occurredAt % 60_000)).toBe(shanghaiStartOfDay(thu));
    expect(back.event.payload).not.toHaveProperty('endedEarly');
    // The absence's run ended with the new last day; Friday's old lapse returns nothing.
    expect(await absence.result()).toEqual({ signalled: 2 });
    await h.sleepUntil(at(addDays(fri, 3), 9));
    await h.settled(handle);
    expect(returns(taskId)).toHaveLength(1);
    await handle.terminate('test over');
    await exportHistory(handle, 'task-absence-shortened');
  });

  test('when an absence is withdrawn before its first day, then nothing is routed and its run ends at once', async () => {
    const d = await h.nextMonday(9);
    const absence = await startAbsence('AB-2026-000003', addDays(d, 2));
    await h.settled(absence);
    await absence.signal(absenceChangedSignal, { to: addDays(d, 1), cancelled: true });
    expect(await absence.result()).toEqual({ signalled: 0 });
    expect(acts.absenceStarted.mock.calls.filter(([c]) => c.absenceId === 'AB-2026-000003')).toEqual([]);
  });

  test('when the B 角 is away too, then the task stays with the department and is flagged to its head', async () => {
    const d = await h.nextMonday(9);
    acts.routeTask.mockResolvedValueOnce(routing(addDays(d, 2)));
    const taskId = 'XM-AB-3.ZJJ-01';
    const handle = await start(taskId, d);
    await untilPasses(async () => expect(types(taskId)).toEqual(['task.received', 'task.unstaffed']));
    const flag = recorded(taskId)[1];
    expect(flag.event).toMatchObject({ departmentId: 'ZJJ', payload: expect.objectContaining({ departmentId: 'ZJJ', absence: expect.objectContaining({ officerId: 'off-a' }) }) });
    expect(String((flag.event.payload as { message?: string }).message)).toContain('本部门暂无可办理人员');
    await h.settled(handle);
    expect((await handle.query(taskStateQuery)).delegation).toBeUndefined();
    await handle.terminate('test over');
  });
});

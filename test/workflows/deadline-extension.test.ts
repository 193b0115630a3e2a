/*
 * 延期办结 (行政许可法 Art. 42) in the approval-task workflow, on the time-skipping test server.
 *
 * Receipt on a Monday D, calendar with weekends only, so every expectation is weekday arithmetic:
 *   working day 1–4 = D+1..D+4, 5–9 = D+7..D+11, 10–14 = D+14..D+18, 15–19 = D+21..D+25,
 *   20 = D+28, 21–24 = D+29..D+32, 25–29 = D+35..D+39, 30 = D+42.
 */
import { untilPasses } from '../support/eventually';
import { exportHistory } from '../support/histories';
import { shanghaiAt, useTimeSkippingWorker } from '../support/temporal';
import { item, mockLifecycle, standaloneTask } from '../support/mock-activities';
import type { approvalTaskWorkflow } from '../../workflows';
import type { EventInput } from '../../activities/events';
import { addDays, type IsoDate, type YearSchedule } from '../../domain/clock';
import type { Actor } from '../../workflows/shared';
import {
  decideDeadlineExtensionUpdate,
  decideTaskUpdate,
  requestDeadlineExtensionUpdate,
  taskStateQuery,
  taskWorkflowId,
  type TaskWorkflowInput,
} from '../../workflows/task/contracts';

const QUEUE = 'deadline-extension';
const dept: Actor = { role: 'department', keyId: 'key-ZJJ', departmentId: 'ZJJ' };
const head: Actor = { role: 'department', keyId: 'off-head', departmentId: 'ZJJ', officerId: 'off-head', officerName: '刘局长' };
const plainYear = (year: number): YearSchedule => ({ year, source: 'official', reference: '测试日历：只有周末休息', holidays: [], makeupWorkdays: [] });
const plainYears = (d: IsoDate) => [0, 1, 2].map((i) => plainYear(Number(d.slice(0, 4)) + i));
const refusal = (message: string) => ({ cause: expect.objectContaining({ message }) });

describe('deadline extension (延期办结) of the approval task', () => {
  const acts = mockLifecycle([item('ZJJ-01', 'ZJJ')]);
  const h = useTimeSkippingWorker(QUEUE, acts);
  let seq = 0;

  const start = async (d: IsoDate, over: Partial<TaskWorkflowInput> = {}) => {
    const taskId = `XM-EXT-${++seq}.ZJJ-01`;
    const input = standaloneTask(taskId, { id: 'p-ext', code: 'XM-EXT' }, {
      calendar: plainYears(d),
      ...over,
    });
    const handle = await h.env.client.workflow.start<typeof approvalTaskWorkflow>('approvalTaskWorkflow', {
      taskQueue: QUEUE,
      workflowId: taskWorkflowId(taskId),
      args: [input],
    });
    const state = () => handle.query(taskStateQuery);
    await untilPasses(async () => expect(events(taskId)).toHaveLength(1));
    const request = async (days: number, reason = '需组织专家现场踏勘') =>
      handle.executeUpdate(requestDeadlineExtensionUpdate, { args: [{ expectedVersion: (await state()).version, actor: dept, days, reason }] });
    const decide = async (approve: boolean, note?: string) =>
      handle.executeUpdate(decideDeadlineExtensionUpdate, {
        args: [{ expectedVersion: (await state()).version, actor: head, approve, note, approver: 'department_head' }],
      });
    return { taskId, handle, state, request, decide };
  };
  const events = (taskId: string): EventInput[] =>
    acts.recordTask.mock.calls.filter(([c]) => c.taskId === taskId).flatMap(([c]) => [c.event, ...(c.related ?? [])]);
  const types = (taskId: string) => events(taskId).map((e) => e.type);
  const lastPatch = (taskId: string) => acts.recordTask.mock.calls.filter(([c]) => c.taskId === taskId).at(-1)![0].patch;

  test('when the head approves a 10-day extension after yellow, then both due dates move by 10 working days, the light turns green and the applicant is told', async () => {
    const d = await h.nextMonday(9);
    const { taskId, handle, state, request, decide } = await start(d);
    expect((await state()).clock).toMatchObject({ promisedDueDate: addDays(d, 14), statutoryDueDate: addDays(d, 28), yellowDate: addDays(d, 10) });

    // Yellow after 8 of 10 promised days: 24:00 of D+10; red would follow at 24:00 of D+14.
    await h.sleepUntil(shanghaiAt(addDays(d, 14), 10));
    await untilPasses(async () => expect((await state()).light).toBe('yellow'));

    await expect(request(11)).rejects.toMatchObject(refusal('延期天数应为 1 至 10个工作日（《中华人民共和国行政许可法》第四十二条）'));
    const requested = await request(10);
    // A request alone moves nothing.
    expect(requested.extension).toMatchObject({ status: 'requested', days: 10, maxDays: 10, statutoryDueDateBefore: addDays(d, 28), promisedDueDateBefore: addDays(d, 14) });
    expect(requested.clock).toMatchObject({ promisedDueDate: addDays(d, 14), statutoryDueDate: addDays(d, 28) });
    await expect(request(5)).rejects.toMatchObject(refusal('每个审批任务只能申请一次延期办结'));

    const approved = await decide(true, '同意延期');
    // Promised 20 → D+28, statutory 30 → D+42; yellow after 16 of 20 → D+22.
    expect(approved.clock).toMatchObject({ promisedDueDate: addDays(d, 28), statutoryDueDate: addDays(d, 42), yellowDate: addDays(d, 22), promisedDays: 20, statutoryDays: 30 });
    expect(approved).toMatchObject({ light: 'green', extension: { status: 'approved', decidedBy: head, decisionNote: '同意延期', statutoryDueDate: addDays(d, 42), promisedDueDate: addDays(d, 28) } });
    expect(types(taskId)).toEqual([
      'task.received',
      'task.deemed_accepted',
      'task.light_changed', 'task.reminder',
      'task.deadline_extension_requested',
      'task.deadline_extended', 'task.light_changed',
    ]);
    const extended = events(taskId).find((e) => e.type === 'task.deadline_extended')!;
    expect(extended.payload).toMatchObject({ notice: 'applicant', approver: 'department_head', statutoryDueDate: addDays(d, 42), promisedDueDate: addDays(d, 28) });
    expect(extended.payload.message).toBe(
      `【延期办结告知】测试项目（XM-EXT）“施工许可”因需组织专家现场踏勘，不能在法定期限内作出决定，经本机关负责人批准延长10个工作日（《中华人民共和国行政许可法》第四十二条），法定办结期限由${addDays(d, 28)}延至${addDays(d, 42)}`,
    );
    expect(events(taskId).at(-1)).toMatchObject({ type: 'task.light_changed', payload: { from: 'yellow', to: 'green', reason: 'deadline_extended' } });
    expect(lastPatch(taskId)).toMatchObject({ promisedDueDate: addDays(d, 28), statutoryDueDate: addDays(d, 42), clock: { extension: { status: 'approved', days: 10 } } });
    expect(lastPatch(taskId).clock!.explanation).toContain(
      `已批准延期办结10个工作日（《中华人民共和国行政许可法》第四十二条；理由：需组织专家现场踏勘），法定到期日由${addDays(d, 28)}延至${addDays(d, 42)}`,
    );

    // The old statutory date passes without a breach; the new one is the alarm.
    await h.sleepUntil(shanghaiAt(addDays(d, 29), 10));
    await h.settled();
    expect(types(taskId)).not.toContain('task.statutory_breached');

    // Concluded, so the run can serve as a replay fixture for the extension handlers.
    await handle.executeUpdate(decideTaskUpdate, { args: [{ expectedVersion: (await state()).version, actor: dept, decision: 'approved', reasons: [], permitNumber: 'ZJJ-2026-1' }] });
    await handle.result();
    await exportHistory(handle, 'task-deadline-extension');
  });

  test('when the extension is refused, then the due dates stay and the breach is recorded at the old statutory deadline', async () => {
    const d = await h.nextMonday(9);
    // Statutory 3 → D+3; promised 2 → D+2.
    const { taskId, handle, state, request, decide } = await start(d, { statutoryDays: 3, promisedDays: 2 });
    await request(2);
    const refused = await decide(false, '理由不充分');
    expect(refused.extension).toMatchObject({ status: 'refused', decisionNote: '理由不充分' });
    expect(refused.clock).toMatchObject({ statutoryDueDate: addDays(d, 3), promisedDueDate: addDays(d, 2), statutoryDays: 3 });
    expect((events(taskId).at(-1)!.payload as { message?: string }).message).toBe('测试项目（XM-EXT）“施工许可”的延期办结申请未获本机关负责人批准（理由不充分），仍须在法定期限' + addDays(d, 3) + '内办结');
    await expect(decide(true)).rejects.toMatchObject(refusal('该任务没有待审批的延期办结申请'));

    await h.sleepUntil(shanghaiAt(addDays(d, 4), 1));
    await untilPasses(async () => expect(types(taskId)).toContain('task.statutory_breached'));
    const breach = events(taskId).find((e) => e.type === 'task.statutory_breached')!;
    expect(breach.payload).toMatchObject({ statutoryDueDate: addDays(d, 3), statutoryDays: 3 });
    expect(breach.payload.extensionLapsed).toBeUndefined();
    await h.settled(handle);
    expect((await state()).clock.statutoryBreachedAt).toBeDefined();
  });

  test('when nobody decides before the statutory deadline, then the request lapses with the breach and can no longer be approved', async () => {
    const d = await h.nextMonday(9);
    const { taskId, state, request, decide } = await start(d, { statutoryDays: 3, promisedDays: 2 });
    await request(3, '需要检验检测');

    await h.sleepUntil(shanghaiAt(addDays(d, 4), 1));
    await untilPasses(async () => expect(types(taskId)).toContain('task.statutory_breached'));
    const breach = events(taskId).find((e) => e.type === 'task.statutory_breached')!;
    expect(breach.payload).toMatchObject({ statutoryDueDate: addDays(d, 3), extensionLapsed: { status: 'lapsed', days: 3 } });
    expect((await state()).extension).toMatchObject({ status: 'lapsed' });
    await expect(decide(true)).rejects.toMatchObject(refusal('该任务没有待审批的延期办结申请'));
    // Too late for a new request as well.
    await expect(request(1)).rejects.toMatchObject(refusal('每个审批任务只能申请一次延期办结'));
  });

  test('when the statutory deadline has passed without any request, then a request is refused as too late', async () => {
    const d = await h.nextMonday(9);
    const { taskId, request } = await start(d, { statutoryDays: 1, promisedDays: 1 });
    await h.sleepUntil(shanghaiAt(addDays(d, 2), 1));
    await untilPasses(async () => expect(types(taskId)).toContain('task.statutory_breached'));
    await expect(request(1)).rejects.toMatchObject(refusal('法定办结期限已届满，不能再申请延期办结（超期仍记为超期）'));
  });

  test('when the item counts natural days under a special law, then no extension is allowed', async () => {
    const d = await h.nextMonday(9);
    const { request } = await start(d, { statutoryDays: 30, promisedDays: 20, limitUnit: 'naturalDays' });
    await expect(request(5)).rejects.toMatchObject(
      refusal('该事项的办理期限由专门法律按自然日规定，不适用《中华人民共和国行政许可法》第四十二条延期办结'),
    );
  });
});

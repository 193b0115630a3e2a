/*
 * 职位代理 (reassignment) on the time-skipping server: a bounded period, stamped history entries,
 * and a timer that lapses the delegation at 24:00 of its last day (Asia/Shanghai).
 * Runs on a weekends-only calendar from a Monday (D) so the dates are plain weekday arithmetic.
 */
import { untilPasses } from '../support/eventually';
import { shanghaiAt, useTimeSkippingWorker } from '../support/temporal';
import { item, mockLifecycle } from '../support/mock-activities';
import { exportHistory } from '../support/histories';
import type { approvalTaskWorkflow } from '../../workflows';
import { addDays, dayOfWeek, shanghaiDateOf, shanghaiStartOfDay, type IsoDate, type YearSchedule } from '../../domain/clock';
import { SYSTEM_ACTOR, type Actor } from '../../workflows/shared';
import {
  acceptTaskUpdate,
  decideTaskUpdate,
  reassignTaskUpdate,
  requestSupplementUpdate,
  supplyMaterialsUpdate,
  taskStateQuery,
  taskWorkflowId,
  type TaskWorkflowInput,
} from '../../workflows/task/contracts';

const QUEUE = 'delegation';
const at = shanghaiAt;
const plainYear = (year: number): YearSchedule => ({ year, source: 'official', reference: '测试日历：只有周末休息', holidays: [], makeupWorkdays: [] });
const dept: Actor = { role: 'department', keyId: 'key-ZJJ', name: '县住建局审批系统', departmentId: 'ZJJ' };
const window: Actor = { role: 'window', keyId: 'win-1', name: '综合受理窗口' };

describe('职位代理 (reassignment) of an approval task', () => {
  const acts = mockLifecycle([item('ZJJ-01', 'ZJJ')]);

  const h = useTimeSkippingWorker(QUEUE, acts);

  const { sleepUntil } = h;
  const recorded = (taskId: string) => acts.recordTask.mock.calls.filter(([c]) => c.taskId === taskId).map(([c]) => c);

  test('when a deputy is assigned until Wednesday, then the department acts through the deputy until 24:00 that day and the delegation lapses by timer', async () => {
    const today = shanghaiDateOf(await h.env.currentTimeMs());
    const d = addDays(today, (8 - dayOfWeek(today)) % 7 || 7);
    await sleepUntil(at(d, 9));
    const taskId = 'XM-DELEGATE-1.ZJJ-01';
    const input: TaskWorkflowInput = {
      taskId, projectId: 'p-delegate', projectCode: 'XM-DELEGATE-1', projectName: '厂房扩建', itemId: 'ZJJ-01', itemName: '施工许可',
      departmentId: 'ZJJ', statutoryDays: 20, promisedDays: 10, greenChannel: false, yellowPercent: 80, calendar: [0, 1, 2].map((i) => plainYear(Number(d.slice(0, 4)) + i)),
    };
    const handle = await h.env.client.workflow.start<typeof approvalTaskWorkflow>('approvalTaskWorkflow', { taskQueue: QUEUE, workflowId: taskWorkflowId(taskId), args: [input] });
    await untilPasses(async () => expect(recorded(taskId)).toHaveLength(1));

    const reassign = (expectedVersion: number, until: IsoDate) =>
      handle.executeUpdate(reassignTaskUpdate, { args: [{ expectedVersion, actor: dept, delegateId: 'u-wang', delegateName: '王副科长', until, reason: '科长出差' }] });
    await expect(reassign(1, addDays(d, -1))).rejects.toMatchObject({
      cause: expect.objectContaining({ message: `代理截止日期 ${addDays(d, -1)} 早于今天（${d}），职位代理必须限定有效期` }),
    });

    const wed = addDays(d, 2);
    const assigned = await reassign(1, wed);
    expect(assigned.delegation).toMatchObject({ delegateId: 'u-wang', until: wed, assignedBy: dept });
    const noticed = await handle.executeUpdate(requestSupplementUpdate, {
      args: [{ expectedVersion: assigned.version, actor: dept, items: [{ material: '施工图审查合格书', reason: '未提供' }] }],
    });
    const deputy = { ...dept, name: '王副科长', onBehalfOf: 'ZJJ' };
    expect(noticed.notices[0].issuedBy).toEqual(deputy);
    const back = await handle.executeUpdate(supplyMaterialsUpdate, { args: [{ actor: window, materials: [{ name: '施工图审查合格书' }] }] });
    await sleepUntil(at(wed, 23));
    const accepted = await handle.executeUpdate(acceptTaskUpdate, { args: [{ expectedVersion: back.version, actor: dept }] });
    expect(accepted.delegation?.until).toBe(wed);

    await sleepUntil(at(addDays(wed, 1), 1));
    await untilPasses(async () => expect((await handle.query(taskStateQuery)).delegation).toBeUndefined());
    const lapse = recorded(taskId).find((c) => c.event.type === 'task.delegation_expired')!;
    expect(lapse.event).toMatchObject({ actor: SYSTEM_ACTOR, departmentId: 'ZJJ', payload: expect.objectContaining({ delegation: expect.objectContaining({ until: wed }) }) });
    expect(lapse.event.occurredAt - (lapse.event.occurredAt % 60_000)).toBe(shanghaiStartOfDay(addDays(wed, 1)));
    expect(lapse.patch.assignee).toBeNull();

    const decided = await handle.executeUpdate(decideTaskUpdate, {
      args: [{ expectedVersion: accepted.version, actor: dept, decision: 'approved', reasons: [], permitNumber: '施字 2026-001' }],
    });
    expect(decided.decision?.decidedBy).toEqual(dept);
    // Who acted for whom, entry by entry.
    expect(recorded(taskId).map((c) => [c.event.type, c.event.actor?.onBehalfOf ?? null])).toEqual([
      ['task.received', null],
      ['task.reassigned', null],
      ['task.supplement_requested', 'ZJJ'],
      ['task.supplement_received', null],
      ['task.accepted', 'ZJJ'],
      ['task.delegation_expired', null],
      ['task.decided', null],
    ]);
    await handle.result();
    await exportHistory(handle, 'task-delegation');
  });
});

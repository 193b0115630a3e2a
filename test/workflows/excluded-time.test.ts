/*
 * Excluded time (行政许可法 Art. 45) in the approval-task workflow, on the time-skipping test server.
 *
 * Receipt on a Monday D, calendar with weekends only (working days D+1..D+4, D+7..D+11, D+14..D+18,
 * D+21..D+25, D+28..D+32). A period started on D+2 and ended on D+4 excludes D+2, D+3 and D+4
 * (both ends, as for 补正), so counting resumes on D+7.
 */
import { untilPasses } from '../support/eventually';
import { exportHistory } from '../support/histories';
import { shanghaiAt, useTimeSkippingWorker } from '../support/temporal';
import { item, mockLifecycle } from '../support/mock-activities';
import type { approvalTaskWorkflow } from '../../workflows';
import type { EventInput } from '../../activities/events';
import { addDays, type IsoDate, type YearSchedule } from '../../domain/clock';
import { EXCLUDED_KIND_LABEL, EXCLUDED_KINDS, type ExcludedKind } from '../../domain/excluded-time';
import type { Actor } from '../../workflows/shared';
import {
  acceptTaskUpdate,
  decideTaskUpdate,
  endExcludedPeriodUpdate,
  startExcludedPeriodUpdate,
  taskStateQuery,
  taskWorkflowId,
  type TaskWorkflowInput,
} from '../../workflows/task/contracts';

const QUEUE = 'excluded-time';
const dept: Actor = { role: 'department', keyId: 'key-ZJJ', departmentId: 'ZJJ' };
const plainYear = (year: number): YearSchedule => ({ year, source: 'official', reference: '测试日历：只有周末休息', holidays: [], makeupWorkdays: [] });
const plainYears = (d: IsoDate) => [0, 1, 2].map((i) => plainYear(Number(d.slice(0, 4)) + i));
const refusal = (message: string) => ({ cause: expect.objectContaining({ message }) });

describe('excluded time (法定不计算期间) of the approval task', () => {
  const acts = mockLifecycle([item('ZJJ-01', 'ZJJ')]);
  const h = useTimeSkippingWorker(QUEUE, acts);
  let seq = 0;

  const events = (taskId: string): EventInput[] =>
    acts.recordTask.mock.calls.filter(([c]) => c.taskId === taskId).flatMap(([c]) => [c.event, ...(c.related ?? [])]);
  const types = (taskId: string) => events(taskId).map((e) => e.type);
  const lastPatch = (taskId: string) => acts.recordTask.mock.calls.filter(([c]) => c.taskId === taskId).at(-1)![0].patch;

  const start = async (d: IsoDate, over: Partial<TaskWorkflowInput> = {}) => {
    const taskId = `XM-EXC-${++seq}.ZJJ-01`;
    const input: TaskWorkflowInput = {
      taskId, projectId: 'p-exc', projectCode: 'XM-EXC', projectName: '测试项目', itemId: 'ZJJ-01', itemName: '施工许可',
      departmentId: 'ZJJ', statutoryDays: 20, promisedDays: 10, greenChannel: false, yellowPercent: 80, calendar: plainYears(d), ...over,
    };
    const handle = await h.env.client.workflow.start<typeof approvalTaskWorkflow>('approvalTaskWorkflow', { taskQueue: QUEUE, workflowId: taskWorkflowId(taskId), args: [input] });
    const state = () => handle.query(taskStateQuery);
    await untilPasses(async () => expect(events(taskId)).toHaveLength(1));
    const version = async () => (await state()).version;
    const accept = async () => handle.executeUpdate(acceptTaskUpdate, { args: [{ expectedVersion: await version(), actor: dept }] });
    const begin = async (kind: ExcludedKind, plannedDays = 3) =>
      handle.executeUpdate(startExcludedPeriodUpdate, { args: [{ expectedVersion: await version(), actor: dept, kind, reason: '委托检测机构出具报告', plannedDays }] });
    const end = async () => handle.executeUpdate(endExcludedPeriodUpdate, { args: [{ expectedVersion: await version(), actor: dept, note: '报告已出具' }] });
    return { taskId, handle, state, accept, begin, end };
  };

  test.each(EXCLUDED_KINDS.map((k) => [k, EXCLUDED_KIND_LABEL[k]] as const))(
    'when a %s (%s) period runs from D+2 to D+4, then both clocks stop, the applicant is told, and the due dates move by three working days',
    async (kind, label) => {
      const d = await h.nextMonday(9);
      const { taskId, state, accept, begin, end } = await start(d);
      await expect(begin(kind)).rejects.toMatchObject(refusal('任务受理后、作出决定前才能开始法定不计算期间'));
      await accept();
      expect((await state()).clock).toMatchObject({ promisedDueDate: addDays(d, 14), statutoryDueDate: addDays(d, 28) });

      await h.sleepUntil(shanghaiAt(addDays(d, 2), 10));
      const paused = await begin(kind, 3);
      expect(paused.clock).toMatchObject({ state: 'suspended', promisedDueDate: null, statutoryDueDate: null, yellowDate: null });
      expect(paused.clock.suspensions).toEqual([expect.objectContaining({ kind: 'excludedTime', excludedKind: kind, from: addDays(d, 2), to: null, reason: label })]);
      const started = events(taskId).at(-1)!;
      expect(started).toMatchObject({ type: 'task.excluded_period_started', payload: { kind, plannedDays: 3, notice: 'applicant' } });
      expect((started.payload as { message?: string }).message).toBe(
        `【不计算期间告知】测试项目（XM-EXC）“施工许可”依法需要${label}（委托检测机构出具报告），预计需3个工作日，自${addDays(d, 2)}起所需时间不计算在审批期限内（《中华人民共和国行政许可法》第四十五条）`,
      );
      await expect(begin('hearing')).rejects.toMatchObject(refusal(`“${label}”期间尚未结束，请先结束再开始新的不计算期间`));

      await h.sleepUntil(shanghaiAt(addDays(d, 4), 16));
      const resumed = await end();
      // Counted: D+1, D+7..D+11, D+14..D+17 → promised 10 on D+17; statutory 20 on D+31.
      expect(resumed.clock).toMatchObject({ state: 'running', promisedDueDate: addDays(d, 17), statutoryDueDate: addDays(d, 31) });
      expect(events(taskId).at(-1)).toMatchObject({
        type: 'task.excluded_period_ended',
        payload: { kind, statutoryDueDate: addDays(d, 31), promisedDueDate: addDays(d, 17), notice: 'applicant' },
      });
      const patch = lastPatch(taskId);
      expect(patch.clock!.suspensions).toEqual([{ from: addDays(d, 2), to: addDays(d, 4), reason: label, kind }]);
      expect(patch.clock!.explanation.join('\n')).toContain(`扣除${label}期间${addDays(d, 2)}至${addDays(d, 4)}（3天），截止${addDays(d, 31)} 24:00`);
      await expect(end()).rejects.toMatchObject(refusal('该任务没有进行中的不计算期间'));
    },
  );

  test('when an excluded period covers the old statutory deadline, then no breach is recorded then, and the breach comes at the adjusted deadline', async () => {
    const d = await h.nextMonday(9);
    // Statutory 3 (due D+3 without the period), promised 2.
    const { taskId, handle, accept, begin, end } = await start(d, { statutoryDays: 3, promisedDays: 2 });
    await accept();
    await h.sleepUntil(shanghaiAt(addDays(d, 2), 9));
    await begin('expert_review', 1);
    await h.sleepUntil(shanghaiAt(addDays(d, 3), 17));
    await end();
    // Excluded D+2..D+3; counted D+1 = 1, D+4 = 2, D+7 = 3 → statutory due D+7.
    await h.sleepUntil(shanghaiAt(addDays(d, 5), 12));
    await h.settled(handle);
    expect(types(taskId)).not.toContain('task.statutory_breached');

    await h.sleepUntil(shanghaiAt(addDays(d, 8), 1));
    await untilPasses(async () => expect(types(taskId)).toContain('task.statutory_breached'));
    expect(events(taskId).find((e) => e.type === 'task.statutory_breached')!.payload).toMatchObject({ statutoryDueDate: addDays(d, 7) });

    const { version } = await handle.query(taskStateQuery);
    await handle.executeUpdate(decideTaskUpdate, { args: [{ expectedVersion: version, actor: dept, decision: 'approved', reasons: [], permitNumber: 'ZJJ-2026-2' }] });
    await handle.result();
    await exportHistory(handle, 'task-excluded-time');
  });
});

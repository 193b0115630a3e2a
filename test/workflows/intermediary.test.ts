/*
 * Intermediary services (中介服务纳入并联审批延伸管理) on the time-skipping test server: the task's
 * 中介服务 excluded period and the intermediary's own clock, started and ended in one task update.
 *
 * Calendar with weekends only. Task received Monday D 09:00 (statutory 20, promised 10), accepted.
 * Intermediary period started D+1 10:00 with a 5-working-day limit, yellow at 80 %:
 *     counted D+2, D+3, D+4, D+7, D+8   → due D+8 (Tue) 24:00
 *     yellow floor(5 × 80 %) = 4th day  → D+7 (Mon) 24:00
 * Result recorded D+10 (Thu) 15:00: the period used D+2..D+4, D+7..D+10 = 7 working days, late.
 * The task's excluded time covers D+1..D+10 (both ends), so counting starts on D+11 (Fri):
 *     promised 10: D+11, D+14..D+18, D+21..D+24 → D+24;  statutory 20: … D+25, D+28..D+32, D+35..D+38 → D+38.
 */
import { rejectionOf } from '../../api/temporal-errors';
import { exportHistory } from '../support/histories';
import { untilPasses } from '../support/eventually';
import { item, mockLifecycle } from '../support/mock-activities';
import { mockSupervision, plainYear } from '../support/mock-supervision';
import { shanghaiAt, useTimeSkippingWorker } from '../support/temporal';
import type { approvalTaskWorkflow } from '../../workflows';
import type { IntermediaryActivities } from '../../activities/intermediary';
import { addDays, type IsoDate } from '../../domain/clock';
import type { Actor } from '../../workflows/shared';
import { intermediaryStateQuery, intermediaryWorkflowId } from '../../workflows/intermediary/contracts';
import {
  acceptTaskUpdate,
  cancelTaskSignal,
  decideTaskUpdate,
  endExcludedPeriodUpdate,
  recordIntermediaryResultUpdate,
  startExcludedPeriodUpdate,
  startIntermediaryPeriodUpdate,
  taskStateQuery,
  taskWorkflowId,
  type TaskWorkflowInput,
} from '../../workflows/task/contracts';

const QUEUE = 'intermediary';
const dept: Actor = { role: 'department', keyId: 'key-HBJ', departmentId: 'HBJ', name: '县生态环境局' };
const agent: Actor = { role: 'agent', keyId: 'key-AG-01', agentId: 'AG-01', name: '代办专员' };
const firm = { id: 'ZJ-HP-01', name: '四川清源环境咨询有限公司', uscc: '91510900MA62XXXX0X' };
const minute = (ms: number) => ms - (ms % 60_000);

describe('intermediary period (中介服务) of an approval task', () => {
  const acts = {
    ...mockLifecycle([item('HBJ-01', 'HBJ')]),
    ...mockSupervision(),
    recordIntermediaryPeriod: jest.fn<Promise<void>, Parameters<IntermediaryActivities['recordIntermediaryPeriod']>>(async () => undefined),
  };
  const h = useTimeSkippingWorker(QUEUE, acts);
  const refusal = (p: Promise<unknown>) => p.then(() => undefined, (err: unknown) => rejectionOf(err)?.reason);
  let seq = 0;

  const writes = (periodId: string) => acts.recordIntermediaryPeriod.mock.calls.map(([w]) => w).filter((w) => w.periodId === periodId);
  const taskEvents = (taskId: string) => acts.recordTask.mock.calls.filter(([c]) => c.taskId === taskId).map(([c]) => c.event);

  const start = async (d: IsoDate, over: Partial<TaskWorkflowInput> = {}) => {
    const taskId = `XM-INT-${++seq}.HBJ-01`;
    const input: TaskWorkflowInput = {
      taskId, projectId: 'p-int', projectCode: 'XM-INT', projectName: '测试项目', itemId: 'HBJ-01', itemName: '环评审批',
      departmentId: 'HBJ', statutoryDays: 20, promisedDays: 10, greenChannel: false, yellowPercent: 80, calendar: [0, 1, 2].map((i) => plainYear(Number(d.slice(0, 4)) + i)), ...over,
    };
    const handle = await h.env.client.workflow.start<typeof approvalTaskWorkflow>('approvalTaskWorkflow', { taskQueue: QUEUE, workflowId: taskWorkflowId(taskId), args: [input] });
    await untilPasses(async () => expect(taskEvents(taskId)).toHaveLength(1));
    const version = async () => (await handle.query(taskStateQuery)).version;
    await handle.executeUpdate(acceptTaskUpdate, { args: [{ expectedVersion: await version(), actor: dept }] });
    const begin = async (actor: Actor = dept) =>
      handle.executeUpdate(startIntermediaryPeriodUpdate, {
        args: [{ expectedVersion: await version(), actor, intermediary: firm, serviceKind: '环境影响评价报告书编制', limitDays: 5, reason: '编制环境影响报告书', yellowPercent: 80 }],
      });
    return { taskId, handle, version, begin };
  };

  test('when the intermediary works past its limit, then its clock turns yellow then red while the task clock stays stopped, and the result resumes the task and records the lateness', async () => {
    const d = await h.nextMonday(9);
    const { taskId, handle, version, begin } = await start(d);

    await h.sleepUntil(shanghaiAt(addDays(d, 1), 10));
    const paused = await begin();
    const periodId = paused.intermediary!.periodId;
    expect(paused.clock).toMatchObject({ state: 'suspended', promisedDueDate: null, statutoryDueDate: null });
    expect(paused.clock.suspensions).toEqual([expect.objectContaining({ id: periodId, excludedKind: 'intermediary_service', from: addDays(d, 1), to: null })]);
    expect(taskEvents(taskId).at(-1)).toMatchObject({ type: 'task.excluded_period_started', payload: { kind: 'intermediary_service', periodId, notice: 'applicant', intermediary: { id: firm.id } } });

    const child = h.env.client.workflow.getHandle(intermediaryWorkflowId(periodId));
    await untilPasses(async () => expect(writes(periodId)).toHaveLength(1));
    expect(writes(periodId)[0].create).toMatchObject({ taskId, intermediaryId: firm.id, limitDays: 5, dueDate: addDays(d, 8), yellowDate: addDays(d, 7), workflowId: intermediaryWorkflowId(periodId) });
    expect(writes(periodId)[0].events[0]).toMatchObject({ type: 'intermediary.period_started', departmentId: 'HBJ', taskId });

    // While it runs: no decision, no manual end, no second period.
    const v = await version();
    expect(await refusal(handle.executeUpdate(decideTaskUpdate, { args: [{ expectedVersion: v, actor: dept, decision: 'approved', reasons: [] }] }))).toBe('intermediary_period_open');
    expect(await refusal(handle.executeUpdate(endExcludedPeriodUpdate, { args: [{ expectedVersion: v, actor: dept }] }))).toBe('intermediary_period_open');
    expect(await refusal(handle.executeUpdate(startExcludedPeriodUpdate, { args: [{ expectedVersion: v, actor: dept, kind: 'hearing', reason: '听证', plannedDays: 3 }] }))).toBe('excluded_period_open');
    expect(await refusal(begin())).toBe('excluded_period_open');
    expect(await refusal(handle.executeUpdate(recordIntermediaryResultUpdate, { args: [{ expectedVersion: v, actor: dept, result: 'delivered', rating: 6 }] }))).toBe('invalid_input');

    await h.sleepUntil(shanghaiAt(addDays(d, 10), 15));
    await h.settled(child, handle);
    const lights = writes(periodId).flatMap((w) => w.events).filter((e) => e.type === 'intermediary.light_changed').map((e) => [e.payload.to, minute(e.occurredAt)]);
    expect(lights).toEqual([
      ['yellow', shanghaiAt(addDays(d, 7), 24)],
      ['red', shanghaiAt(addDays(d, 8), 24)],
    ]);
    expect(await child.query(intermediaryStateQuery)).toMatchObject({ status: 'open', light: 'red' });
    // The task itself never lit up or breached: its clock has been stopped since D+1.
    expect(taskEvents(taskId).map((e) => e.type)).not.toContain('task.light_changed');

    const resumed = await handle.executeUpdate(recordIntermediaryResultUpdate, {
      args: [{ expectedVersion: await version(), actor: dept, result: 'delivered', note: '报告书已出具', rating: 3, ratingComment: '超期两日' }],
    });
    expect(resumed.intermediary).toBeUndefined();
    expect(resumed.clock).toMatchObject({ state: 'running', promisedDueDate: addDays(d, 24), statutoryDueDate: addDays(d, 38) });
    expect(taskEvents(taskId).at(-1)).toMatchObject({ type: 'task.excluded_period_ended', payload: { periodId, result: 'delivered', rating: 3, notice: 'applicant' } });

    // The child completes once its end is written (an update sent now might find it closed).
    expect(await child.result()).toMatchObject({ status: 'completed', daysUsed: 7, onTime: false, light: 'red' });
    expect(writes(periodId).at(-1)!.patch).toMatchObject({ status: 'completed', result: 'delivered', rating: 3, ratingComment: '超期两日', daysUsed: 7, onTime: false });
    expect(writes(periodId).at(-1)!.events[0]).toMatchObject({ type: 'intermediary.period_ended', actor: dept, payload: { onTime: false, daysUsed: 7 } });
    await exportHistory(child, 'intermediary-period-late');

    expect(await refusal(handle.executeUpdate(recordIntermediaryResultUpdate, { args: [{ expectedVersion: await version(), actor: dept, result: 'delivered', rating: 4 }] }))).toBe('no_intermediary_period');
    await handle.executeUpdate(decideTaskUpdate, { args: [{ expectedVersion: await version(), actor: dept, decision: 'approved', reasons: [], permitNumber: 'HBJ-2026-1' }] });
    await handle.result();
    await exportHistory(handle, 'task-intermediary-period');
  });

  test('when the task counts natural days, then the applicant is told the calendar days to the intermediary deadline', async () => {
    const d = await h.nextMonday(9);
    const { taskId, begin } = await start(d, { limitUnit: 'naturalDays', statutoryDays: 60, promisedDays: 30 });
    await h.sleepUntil(shanghaiAt(addDays(d, 1), 10));
    await begin();
    // 5 working days from Tue D+1: due D+8 (Tue) = 7 calendar days.
    const notice = taskEvents(taskId).at(-1)!;
    expect(notice).toMatchObject({ type: 'task.excluded_period_started', payload: { plannedDays: 7 } });
    expect((notice.payload as { message: string }).message).toContain('预计需7日（自然日）');
  });

  test('when the agent starts a period and the project is withdrawn, then the intermediary clock ends as cancelled', async () => {
    const d = await h.nextMonday(9);
    const { handle, begin } = await start(d);
    const started = await begin(agent);
    const periodId = started.intermediary!.periodId;
    const child = h.env.client.workflow.getHandle(intermediaryWorkflowId(periodId));
    await untilPasses(async () => expect(writes(periodId)).toHaveLength(1));
    expect(writes(periodId)[0].create).toMatchObject({ startedBy: agent });

    await handle.signal(cancelTaskSignal, { actor: { role: 'window', keyId: 'key-window' }, reason: '申请人撤回' });
    expect(await handle.result()).toMatchObject({ status: 'cancelled' });
    expect(await child.result()).toMatchObject({ status: 'cancelled' });
    expect(writes(periodId).at(-1)).toMatchObject({ patch: { status: 'cancelled', note: '申请人撤回' }, events: [{ type: 'intermediary.period_cancelled' }] });
  });
});

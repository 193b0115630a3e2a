/*
 * Follow-up tracking (跟踪问效) on Temporal's time-skipping test server. The server's clock starts
 * at the real "now"; planned dates are chosen relative to its Shanghai date, and reminders are
 * expected at 24:00 Shanghai of the planned date and every seven days after.
 */
import { untilPasses } from '../support/eventually';
import { exportHistory } from '../support/histories';
import { useTimeSkippingWorker } from '../support/temporal';
import { mockTracking } from '../support/mock-activities';
import type { projectTrackingWorkflow } from '../../workflows';
import { rejectionOf } from '../../api/temporal-errors';
import { addDays, shanghaiDateOf, shanghaiEndOfDay, type IsoDate } from '../../domain/clock';
import type { Actor } from '../../workflows/shared';
import {
  closeTrackingUpdate,
  MAX_OVERDUE_REMINDERS,
  recordMilestoneUpdate,
  recordSatisfactionUpdate,
  trackingStateQuery,
  trackingWorkflowId,
  type RecordMilestoneInput,
  type TrackingWorkflowInput,
} from '../../workflows/tracking/contracts';

const QUEUE = 'tracking';
const DAY = 86_400_000;
const agent: Actor = { role: 'agent', keyId: 'key-AG-01', name: '王代办', agentId: 'AG-01' };
const supervisor: Actor = { role: 'supervisor', keyId: 'key-sup', name: '效能办' };
/** Timers fire a few ms late (the server clock runs while the worker processes), so compare minutes. */
const minute = (ms: number) => ms - (ms % 60_000);

describe('follow-up tracking workflow', () => {
  const acts = mockTracking();
  let seq = 0;

  const h = useTimeSkippingWorker(QUEUE, acts);

  const today = async (): Promise<IsoDate> => shanghaiDateOf(await h.env.currentTimeMs());
  const { sleepUntil, settled } = h;
  const start = async (over: Partial<TrackingWorkflowInput> = {}) => {
    const code = `XM-TRACK-${++seq}`;
    const handle = await h.env.client.workflow.start<typeof projectTrackingWorkflow>('projectTrackingWorkflow', {
      taskQueue: QUEUE,
      workflowId: trackingWorkflowId(code),
      args: [{ projectId: code, code, agentId: 'AG-01', repliedAt: await h.env.currentTimeMs(), ...over }],
    });
    const milestone = (req: Omit<RecordMilestoneInput, 'actor'>) => handle.executeUpdate(recordMilestoneUpdate, { args: [{ actor: agent, ...req }] });
    return { code, handle, milestone, state: () => handle.query(trackingStateQuery) };
  };
  const reminders = (code: string) => acts.remindMilestone.mock.calls.map(([c]) => c.event).filter((e) => e.projectId === code);
  const refusal = async (p: Promise<unknown>) => {
    const err = await p.then(() => undefined, (e: unknown) => e);
    return rejectionOf(err)?.reason;
  };

  test('when the agent records a planned date, then it is written with a milestone.recorded event after tracking started', async () => {
    const { code, milestone, state } = await start();
    const planned = addDays(await today(), 30);
    const s = await milestone({ kind: 'construction_start', plannedDate: planned });
    expect(s.milestones).toEqual([expect.objectContaining({ kind: 'construction_start', plannedDate: planned, remindersSent: 0, recordedBy: agent })]);

    const started = acts.startTracking.mock.calls.find(([c]) => c.projectId === code)![0];
    expect(started.event).toMatchObject({ type: 'project.tracking_started', projectId: code, agentId: 'AG-01' });
    const [call] = acts.recordMilestone.mock.calls.filter(([c]) => c.projectId === code).map(([c]) => c);
    expect(call.milestone).toMatchObject({ kind: 'construction_start', plannedDate: planned, actualDate: null, recordedBy: agent });
    expect(call.event).toMatchObject({ type: 'milestone.recorded', agentId: 'AG-01', actor: agent, payload: { kind: 'construction_start', plannedDate: planned } });
    expect(call.event.id).not.toBe(started.event.id);

    // The same PUT again changes nothing and writes nothing.
    await milestone({ kind: 'construction_start', plannedDate: planned });
    expect(acts.recordMilestone.mock.calls.filter(([c]) => c.projectId === code)).toHaveLength(1);
    expect((await state()).status).toBe('tracking');
  });

  test('when dates break the rules, then future actual dates, past plans and out-of-order milestones are refused', async () => {
    const { milestone, handle } = await start();
    const d = await today();
    expect(await refusal(milestone({ kind: 'construction_start', plannedDate: d, actualDate: addDays(d, 1) }))).toBe('invalid_input');
    expect(await refusal(milestone({ kind: 'construction_start', plannedDate: addDays(d, -1) }))).toBe('invalid_input');
    expect(await refusal(milestone({ kind: 'completion', plannedDate: addDays(d, -20), actualDate: d }))).toBe('milestone_out_of_order');

    await milestone({ kind: 'construction_start', plannedDate: addDays(d, -10), actualDate: addDays(d, -5) });
    expect(await refusal(milestone({ kind: 'completion', plannedDate: addDays(d, -20), actualDate: addDays(d, -6) }))).toBe('milestone_out_of_order');
    expect(await refusal(milestone({ kind: 'production_start', plannedDate: addDays(d, 10) }))).toBeUndefined();
    expect(await refusal(milestone({ kind: 'completion', plannedDate: addDays(d, 20) }))).toBeUndefined();
    // Completion planned for d+20 cannot be preceded by production planned for d+10 any more; a new plan must follow it.
    expect(await refusal(milestone({ kind: 'production_start', plannedDate: addDays(d, 15) }))).toBe('milestone_out_of_order');
    await handle.executeUpdate(closeTrackingUpdate, { args: [{ actor: supervisor, reason: '测试结束' }] });
  });

  test('when a planned date passes without an actual date, then 催办 at 24:00 Shanghai and weekly after, at most 8 times, and again after re-planning', async () => {
    const { code, milestone, handle, state } = await start();
    const planned = addDays(await today(), 1);
    await milestone({ kind: 'construction_start', plannedDate: planned });
    const due = shanghaiEndOfDay(planned);

    await sleepUntil(due - 60_000);
    await settled(handle);
    expect(reminders(code)).toHaveLength(0);

    await sleepUntil(due + 60_000);
    await untilPasses(() => expect(reminders(code)).toHaveLength(1));
    const [first] = reminders(code);
    expect(minute(first.occurredAt)).toBe(due);
    expect(first).toMatchObject({ type: 'milestone.overdue', agentId: 'AG-01', payload: { kind: 'construction_start', plannedDate: planned, reminder: 1, daysOverdue: 1 } });
    expect((first.payload as { message?: string }).message).toContain('【催办】');

    await sleepUntil(due + 7 * DAY + 60_000);
    await untilPasses(() => expect(reminders(code)).toHaveLength(2));
    expect(minute(reminders(code)[1].occurredAt)).toBe(due + 7 * DAY);

    // Bounded: eight weekly reminders, then silence.
    await sleepUntil(due + 100 * DAY);
    await untilPasses(() => expect(reminders(code)).toHaveLength(MAX_OVERDUE_REMINDERS));
    await settled(handle); // every weekly timer up to now handled: a ninth would be here
    expect(reminders(code)).toHaveLength(MAX_OVERDUE_REMINDERS);
    const all = reminders(code);
    expect(all.map((e) => minute(e.occurredAt))).toEqual(Array.from({ length: MAX_OVERDUE_REMINDERS }, (_, i) => due + i * 7 * DAY));
    expect(all.map((e) => (e.payload as { reminder?: number }).reminder)).toEqual(Array.from({ length: MAX_OVERDUE_REMINDERS }, (_, i) => i + 1));
    expect((await state()).milestones[0].remindersSent).toBe(MAX_OVERDUE_REMINDERS);

    // A new plan restarts the count; recording the actual date stops it.
    const replanned = addDays(await today(), 2);
    await milestone({ kind: 'construction_start', plannedDate: replanned });
    await sleepUntil(shanghaiEndOfDay(replanned) + 60_000);
    await untilPasses(() => expect(reminders(code)).toHaveLength(MAX_OVERDUE_REMINDERS + 1));
    expect(reminders(code).at(-1)).toMatchObject({ payload: { plannedDate: replanned, reminder: 1 } });
    await milestone({ kind: 'construction_start', plannedDate: replanned, actualDate: await today() });
    await sleepUntil(shanghaiEndOfDay(replanned) + 30 * DAY);
    await settled(handle);
    expect(reminders(code)).toHaveLength(MAX_OVERDUE_REMINDERS + 1);
    await handle.executeUpdate(closeTrackingUpdate, { args: [{ actor: supervisor, reason: '测试结束' }] });
    await exportHistory(handle, 'tracking-reminders');
  });

  test('when satisfaction is recorded twice, then the second is refused with already_rated', async () => {
    const { code, handle } = await start();
    const rate = (rating: 'satisfied' | 'dissatisfied', comment?: string) =>
      handle.executeUpdate(recordSatisfactionUpdate, { args: [{ actor: agent, rating, comment }] });
    expect(await refusal(rate('dissatisfied'))).toBe('invalid_input');
    const s = await rate('satisfied', '服务周到');
    expect(s.satisfaction).toMatchObject({ rating: 'satisfied', comment: '服务周到', recordedBy: agent });
    expect(await refusal(rate('dissatisfied', '改主意了'))).toBe('already_rated');
    const calls = acts.recordSatisfaction.mock.calls.filter(([c]) => c.projectId === code);
    expect(calls).toHaveLength(1);
    expect(calls[0][0].event).toMatchObject({ type: 'satisfaction.recorded', payload: { rating: 'satisfied' } });
    await handle.executeUpdate(closeTrackingUpdate, { args: [{ actor: supervisor, reason: '测试结束' }] });
  });

  test('when supervision closes tracking, then the workflow ends closed and writes project.tracking_closed', async () => {
    const { code, handle, milestone } = await start();
    await milestone({ kind: 'construction_start', plannedDate: addDays(await today(), 3) });
    expect(await refusal(handle.executeUpdate(closeTrackingUpdate, { args: [{ actor: supervisor, reason: '  ' }] }))).toBe('invalid_input');
    const s = await handle.executeUpdate(closeTrackingUpdate, { args: [{ actor: supervisor, reason: '项目终止建设' }] });
    expect(s.status).toBe('closed');
    const result = await h.outcome(handle);
    expect(result.closure).toMatchObject({ cause: 'supervision', reason: '项目终止建设', actor: supervisor });
    const [close] = acts.closeTracking.mock.calls.filter(([c]) => c.projectId === code);
    expect(close[0].event).toMatchObject({ type: 'project.tracking_closed', actor: supervisor, payload: { cause: 'supervision', reason: '项目终止建设' } });
  });

  test('when all three actual dates are recorded, then tracking completes', async () => {
    const { code, handle, milestone } = await start();
    const d = await today();
    await milestone({ kind: 'construction_start', plannedDate: addDays(d, -200), actualDate: addDays(d, -190) });
    await milestone({ kind: 'completion', plannedDate: addDays(d, -30), actualDate: addDays(d, -20) });
    const last = await milestone({ kind: 'production_start', plannedDate: addDays(d, -10), actualDate: d });
    expect(last.status).toBe('closed');
    const result = await h.outcome(handle);
    expect(result.closure?.cause).toBe('completed');
    expect(result.milestones.map((m) => [m.kind, m.actualDate])).toEqual([
      ['construction_start', addDays(d, -190)],
      ['completion', addDays(d, -20)],
      ['production_start', d],
    ]);
    expect(acts.closeTracking.mock.calls.filter(([c]) => c.projectId === code)[0][0].event.payload).toMatchObject({ cause: 'completed' });
    await exportHistory(handle, 'tracking-completed');
  });

  test('when the history budget is reached, then the workflow continues as new with its state and keeps reminding on schedule', async () => {
    const { code, handle, milestone, state } = await start({ historyBudget: 2 });
    const planned = addDays(await today(), 1);
    await milestone({ kind: 'construction_start', plannedDate: planned });
    const due = shanghaiEndOfDay(planned);
    // The reminder is the second handled item: the run rolls over right after it.
    await sleepUntil(due + 60_000);
    await untilPasses(async () => expect((await state()).run).toBe(2));
    const carried = await state();
    expect(carried.milestones).toEqual([expect.objectContaining({ kind: 'construction_start', plannedDate: planned, remindersSent: 1 })]);

    await handle.executeUpdate(recordSatisfactionUpdate, { args: [{ actor: agent, rating: 'basically_satisfied' }] });
    await sleepUntil(due + 7 * DAY + 60_000);
    await untilPasses(() => expect(reminders(code).map((e) => (e.payload as { reminder?: number }).reminder)).toEqual([1, 2]));
    expect(minute(reminders(code)[1].occurredAt)).toBe(due + 7 * DAY);
    await untilPasses(async () => expect((await state()).run).toBe(3));
    const s = await state();
    expect(s.satisfaction?.rating).toBe('basically_satisfied');
    expect(acts.startTracking.mock.calls.filter(([c]) => c.projectId === code)).toHaveLength(1);

    // A later run still refuses a second rating: the state came along.
    expect(await refusal(handle.executeUpdate(recordSatisfactionUpdate, { args: [{ actor: agent, rating: 'satisfied' }] }))).toBe('already_rated');
    await handle.executeUpdate(closeTrackingUpdate, { args: [{ actor: supervisor, reason: '测试结束' }] });
    expect((await h.outcome(handle)).run).toBeGreaterThanOrEqual(3);
  });
});

import { allHandlersFinished, condition, continueAsNew, setHandler, workflowInfo } from '@temporalio/workflow';
import { runAlarmLoop } from '../alarm-loop';
import { visibility } from '../visibility';
import { eventBuilder } from '../events';
import type { EventInput } from '../../activities/events';
import type { MilestoneRecord } from '../../activities/tracking';
import { reject } from '../failures';
import { tracking } from '../proxies';
import { SYSTEM_ACTOR, type Actor } from '../shared';
import {
  closeTrackingUpdate,
  DEFAULT_HISTORY_BUDGET,
  MILESTONE_LABEL,
  recordMilestoneUpdate,
  recordSatisfactionUpdate,
  SATISFACTION_LABEL,
  trackingStateQuery,
  type MilestoneState,
  type TrackingClosure,
  type TrackingState,
  type TrackingWorkflowInput,
} from './contracts';
import { applyMilestone, checkMilestone, isComplete, nextReminder, overdueMessage, remindersDueBy, type DueReminder } from './rules';

/**
 * Follow-up tracking after the consolidated reply (跟踪问效): the agent records the planned and
 * actual dates of 开工/竣工/投产 and the applicant's satisfaction; a planned date that passes
 * without an actual date is chased weekly (催办). Ends when production has started or when
 * supervision (效能办) closes it; long tracking continues as new with its state.
 */
export async function projectTrackingWorkflow(input: TrackingWorkflowInput): Promise<TrackingState> {
  const { projectId, code, agentId } = input;
  const state: TrackingState = input.state ?? { projectId, code, status: 'tracking', repliedAt: input.repliedAt, milestones: [], run: 0 };
  state.run++;
  visibility('tracking', { projectCode: code });
  const budget = input.historyBudget ?? DEFAULT_HISTORY_BUDGET;

  // `handled` bounds this run's history; `changes` wakes the main loop to re-derive its timer.
  let handled = 0;
  let changes = 0;
  const touch = () => {
    handled++;
    changes++;
  };
  // Handlers mutate state at once (so the next validator sees it); their writes run one after
  // another, after the tracking_started event, so the project's events keep the order of acceptance.
  let started = input.state !== undefined;
  let chain: Promise<unknown> = condition(() => started);
  const write = (fn: () => Promise<void>): Promise<void> => {
    const done = chain.then(fn);
    chain = done.catch(() => undefined);
    return done;
  };

  const event = eventBuilder(() => ({ projectId, agentId }));
  const open = () => state.status === 'tracking';
  const guardOpen = () => {
    if (!open()) reject('project_closed', '该项目的跟踪服务已结束');
  };
  const close = (cause: TrackingClosure['cause'], actor: Actor, reason: string): EventInput => {
    state.status = 'closed';
    state.closure = { cause, closedAt: Date.now(), actor, reason };
    return event('project.tracking_closed', actor, { cause, reason });
  };
  const record = (m: MilestoneState): MilestoneRecord => ({
    kind: m.kind,
    plannedDate: m.plannedDate,
    actualDate: m.actualDate ?? null,
    recordedAt: m.recordedAt,
    recordedBy: m.recordedBy,
  });

  setHandler(trackingStateQuery, () => state);

  setHandler(
    recordMilestoneUpdate,
    async (req) => {
      const applied = applyMilestone(state, req, Date.now());
      if (!applied) {
        // A repeated PUT: answer once the identical earlier one is in the read model.
        await chain;
        return state;
      }
      touch();
      const { milestone, previousPlannedDate } = applied;
      const label = MILESTONE_LABEL[milestone.kind];
      const recorded = event('milestone.recorded', req.actor, {
        kind: milestone.kind,
        plannedDate: milestone.plannedDate,
        actualDate: milestone.actualDate ?? null,
        previousPlannedDate: previousPlannedDate ?? null,
        message: milestone.actualDate ? `${label}实际日期 ${milestone.actualDate}` : `计划${label}日期 ${milestone.plannedDate}`,
      });
      const closed = isComplete(state) ? close('completed', req.actor, '项目已投产，跟踪服务完成') : undefined;
      await write(async () => {
        await tracking.recordMilestone({ projectId, milestone: record(milestone), event: recorded });
        if (closed) await tracking.closeTracking({ projectId, event: closed });
      });
      return state;
    },
    {
      validator: (req) => {
        guardOpen();
        const refusal = checkMilestone(state, req, Date.now());
        if (refusal) reject(refusal.reason, refusal.message);
      },
    },
  );

  setHandler(
    recordSatisfactionUpdate,
    async ({ actor, rating, comment }) => {
      const satisfaction = { rating, comment, recordedAt: Date.now(), recordedBy: actor };
      state.satisfaction = satisfaction;
      touch();
      const recorded = event('satisfaction.recorded', actor, { rating, comment: comment ?? null, message: `申请人评价：${SATISFACTION_LABEL[rating]}` });
      await write(() => tracking.recordSatisfaction({ projectId, satisfaction: { ...satisfaction, comment: comment ?? null }, event: recorded }));
      return state;
    },
    {
      validator: ({ rating, comment }) => {
        guardOpen();
        if (state.satisfaction) reject('already_rated', '该项目已记录满意度评价，每个项目只能评价一次');
        if (rating === 'dissatisfied' && !comment?.trim()) reject('invalid_input', '评价为“不满意”时必须填写申请人意见');
      },
    },
  );

  setHandler(
    closeTrackingUpdate,
    async ({ actor, reason }) => {
      const closed = close('supervision', actor, reason);
      touch();
      await write(() => tracking.closeTracking({ projectId, event: closed }));
      return state;
    },
    {
      validator: ({ reason }) => {
        guardOpen();
        if (!reason.trim()) reject('invalid_input', '请填写结束跟踪的原因');
      },
    },
  );

  const remind = async ({ kind }: DueReminder): Promise<void> => {
    const m = state.milestones.find((x) => x.kind === kind)!;
    const now = Date.now();
    m.remindersSent = Math.max(m.remindersSent + 1, remindersDueBy(m.plannedDate, now));
    handled++;
    const { daysOverdue, message } = overdueMessage(code, m, m.remindersSent, now);
    const overdue = event('milestone.overdue', SYSTEM_ACTOR, { kind, plannedDate: m.plannedDate, daysOverdue, reminder: m.remindersSent, agentId: agentId ?? null, message });
    await write(() => tracking.remindMilestone({ event: overdue }));
  };

  if (!input.state) {
    await tracking.startTracking({ projectId, event: event('project.tracking_started', SYSTEM_ACTOR, { repliedAt: new Date(input.repliedAt).toISOString() }) });
  }
  started = true;

  const rollOver = () => workflowInfo().continueAsNewSuggested || handled >= budget;
  // One timer for the earliest reminder owed; any change wakes the loop to re-derive it.
  await runAlarmLoop({
    open: () => open() && !rollOver(),
    next: () => {
      const next = nextReminder(state);
      return next && { at: next.at, ring: () => remind(next) };
    },
    changes: () => changes,
  });

  // Updates accepted meanwhile finish in this run; their effects are in the state carried over.
  await condition(allHandlersFinished);
  if (open()) await continueAsNew<typeof projectTrackingWorkflow>({ ...input, state });
  return state;
}

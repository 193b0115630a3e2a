import { allHandlersFinished, condition, setHandler, workflowInfo } from '@temporalio/workflow';
import { runAlarmLoop } from '../alarm-loop';
import { visibility } from '../visibility';
import { shanghaiDateOf, type WorkCalendar } from '../../domain/clock';
import { eventBuilder } from '../events';
import type { AccountabilityInput, ComplaintWrite } from '../../activities/supervision';
import { reject } from '../failures';
import { supervision } from '../proxies';
import { SYSTEM_ACTOR } from '../shared';
import { SATISFACTION_LABEL } from '../tracking/contracts';
import { calendarYears, deadlineAfter, workCalendar, workingDaysOver } from '../../domain/working-deadline';
import {
  assignComplaintUpdate,
  complaintFiledUpdate,
  complaintStateQuery,
  explainComplaintUpdate,
  FINDING_LABEL,
  HANDLING,
  markComplaintForNoticeUpdate,
  recordComplaintFeedbackUpdate,
  resolveComplaintUpdate,
  type ComplaintState,
  type ComplaintWorkflowInput,
} from './contracts';
import { ladderMessage, nextAlarm, scheduleOf, subjectOf, type LadderAlarm } from './ladder';

/**
 * One efficiency complaint (效能投诉) from filing to closure: supervision assigns a responsible
 * unit and a working-day deadline, the ladder reminds, demands an explanation once overdue and
 * escalates to accountability; after resolution the follow-up window takes the complainant's
 * feedback and the 通报 mark, then the complaint closes.
 */
export async function complaintWorkflow(input: ComplaintWorkflowInput): Promise<ComplaintState> {
  const { complaintId, settings } = input;
  const state: ComplaintState = { complaintId, status: 'filed', departmentId: input.departmentId, filedAt: Date.now() };
  visibility('complaint', { projectCode: input.projectId, department: input.departmentId });
  const subject = subjectOf(input);
  // Loaded right after the handlers are registered (an update that finds no handler is refused).
  const loaded: { calendar?: WorkCalendar } = {};
  let registered = false;

  // Bumped by every write so the main loop re-derives its next alarm.
  let changes = 0;
  // Writes land one after another in the order they were decided; each carries absolute values.
  let chain: Promise<unknown> = Promise.resolve();
  const write = (w: Omit<ComplaintWrite, 'complaintId'>): Promise<void> => {
    changes++;
    const done = chain.then(() => supervision.recordComplaint({ complaintId, ...w }));
    chain = done.catch(() => undefined);
    return done;
  };

  // Complaint events carry no project or task id: they stay off the applicant-facing project
  // timeline. Before assignment they carry no department either, so the department complained
  // against learns of the complaint only when supervision hands it over.
  const event = eventBuilder(() => ({ departmentId: state.unitId }), () => ({ complaintId, status: state.status, category: input.category }));
  const accountability = (kind: AccountabilityInput['kind'], daysOver: number, detail: string): AccountabilityInput => ({
    departmentId: state.unitId!,
    kind,
    complaintId,
    projectId: input.projectId,
    taskId: input.taskId,
    dueDate: state.schedule!.dueDate,
    daysOver,
    settled: false,
    detail,
  });

  const guardNotClosed = () => {
    // The gateway answers only after the filing is recorded; this covers a caller racing it.
    if (!registered) reject('illegal_transition', '投诉正在登记，请稍后重试');
    if (state.status === 'closed') reject('complaint_closed', '投诉回访期已结束，投诉已关闭');
  };
  const guardHandling = () => {
    guardNotClosed();
    if (state.status === 'filed') reject('illegal_transition', '投诉尚未指定承办单位');
    if (!HANDLING.includes(state.status)) reject('illegal_transition', '投诉已办结');
  };
  const text = (value: string, what: string) => {
    if (!value.trim()) reject('invalid_input', `请填写${what}`);
  };

  setHandler(complaintStateQuery, () => state);
  setHandler(complaintFiledUpdate, async () => {
    await condition(() => registered);
    return state;
  });

  setHandler(
    assignComplaintUpdate,
    async ({ actor, unitId, workingDays, note }) => {
      const assignedAt = Date.now();
      state.schedule = scheduleOf(loaded.calendar!, assignedAt, workingDays, settings);
      state.status = 'assigned';
      state.unitId = unitId;
      state.assignedAt = assignedAt;
      const s = state.schedule;
      await write({
        patch: {
          status: 'assigned',
          unitId,
          workingDays,
          assignedAt,
          dueDate: s.dueDate,
          reminderDate: s.reminderDate,
          explanationDueDate: s.explanationDueDate,
          escalationDate: s.escalationDate,
          provisional: s.provisional,
        },
        event: event('complaint.assigned', actor, {
          unitId,
          workingDays,
          dueDate: s.dueDate,
          note: note ?? null,
          message: `${subject}交由承办单位办理，限${workingDays}个工作日内（${s.dueDate} 24:00前）办结`,
        }),
      });
      return state;
    },
    {
      validator: ({ workingDays }) => {
        guardNotClosed();
        if (state.status !== 'filed') reject('illegal_transition', '只有待指定的投诉可以指定承办单位');
        if (!Number.isInteger(workingDays) || workingDays < 1) reject('invalid_input', '办理时限必须是正整数个工作日');
        // The calendar was loaded at filing for three years; a complaint left unassigned beyond them is refused, not mis-timed.
        try {
          scheduleOf(loaded.calendar!, Date.now(), workingDays, settings);
        } catch {
          reject('illegal_transition', '该投诉登记过久，工作日历已不覆盖办理期限，请重新登记');
        }
      },
    },
  );

  setHandler(
    explainComplaintUpdate,
    async ({ actor, explanation }) => {
      const explainedAt = Date.now();
      const late = explainedAt >= state.schedule!.dueAt;
      state.explanation = { text: explanation, late, explainedAt, explainedBy: actor };
      if (state.status === 'explanation_required') state.status = 'explained';
      await write({
        patch: { status: state.status, explanation: state.explanation },
        event: event('complaint.explained', actor, { late, message: `承办单位就${subject}说明原因` }),
      });
      return state;
    },
    {
      validator: ({ explanation }) => {
        guardHandling();
        if (state.explanation) reject('already_explained', '承办单位已就该投诉说明原因');
        text(explanation, '说明原因');
      },
    },
  );

  setHandler(
    resolveComplaintUpdate,
    async ({ actor, finding, detail, action }) => {
      const resolvedAt = Date.now();
      const s = state.schedule;
      const late = s !== undefined && resolvedAt >= s.dueAt;
      const daysOver = s ? workingDaysOver(loaded.calendar!, s.dueDate, resolvedAt) : 0;
      state.resolution = { finding, detail, action, late, workingDaysOver: daysOver, resolvedAt, resolvedBy: actor };
      state.status = 'resolved';
      state.followUpEndsAt = deadlineAfter(loaded.calendar!, shanghaiDateOf(resolvedAt), settings.followUpDays).at;
      await write({
        patch: { status: 'resolved', resolution: state.resolution },
        event: event('complaint.resolved', actor, {
          finding,
          late,
          workingDaysOver: daysOver,
          message: `${subject}已办结，调查结论：${FINDING_LABEL[finding]}${late ? `，超过办理时限${daysOver}个工作日` : ''}`,
        }),
        // Records of this complaint stop growing: their days over are those of the resolution.
        settle: state.overdueAt !== undefined ? { daysOver, at: resolvedAt } : undefined,
      });
      return state;
    },
    {
      validator: ({ detail, action }) => {
        guardNotClosed();
        if (state.status === 'resolved') reject('illegal_transition', '投诉已办结');
        text(detail, '调查情况');
        text(action, '处理措施');
        try {
          deadlineAfter(loaded.calendar!, shanghaiDateOf(Date.now()), settings.followUpDays);
        } catch {
          reject('illegal_transition', '该投诉登记过久，工作日历已不覆盖回访期，请联系管理员');
        }
      },
    },
  );

  setHandler(
    recordComplaintFeedbackUpdate,
    async ({ actor, rating, comment }) => {
      state.feedback = { rating, comment, recordedAt: Date.now(), recordedBy: actor };
      await write({
        patch: { feedback: state.feedback },
        event: event('complaint.feedback_recorded', actor, { rating, comment: comment ?? null, message: `投诉人对${subject}的办理评价：${SATISFACTION_LABEL[rating]}` }),
      });
      return state;
    },
    {
      validator: ({ rating, comment }) => {
        guardNotClosed();
        if (state.status !== 'resolved') reject('illegal_transition', '投诉办结后才能记录投诉人评价');
        if (state.feedback) reject('already_rated', '已记录投诉人对该投诉的评价，每个投诉只能评价一次');
        if (rating === 'dissatisfied' && !comment?.trim()) reject('invalid_input', '评价为“不满意”时必须填写投诉人意见');
      },
    },
  );

  setHandler(
    markComplaintForNoticeUpdate,
    async ({ actor, reason }) => {
      state.notice = { reason, markedAt: Date.now(), markedBy: actor };
      await write({ patch: { notice: state.notice }, event: event('complaint.marked_for_notice', actor, { reason, message: `${subject}列入通报` }) });
      return state;
    },
    {
      validator: ({ reason }) => {
        guardNotClosed();
        if (state.notice) reject('already_marked_for_notice', '该投诉已列入通报');
        text(reason, '通报理由');
      },
    },
  );

  // Days over are counted to the alarm's own instant: a timer fires a little late, and 24:00 of a
  // deadline must not spill into the next day.
  const ring = async ({ step, at }: LadderAlarm): Promise<void> => {
    const now = Date.now();
    const s = state.schedule!;
    if (step === 'remind') {
      state.remindedAt = now;
      await write({ event: event('complaint.reminded', SYSTEM_ACTOR, { dueDate: s.dueDate, message: ladderMessage('remind', subject, s) }) });
    } else if (step === 'overdue') {
      state.overdueAt = now;
      state.status = state.explanation ? 'explained' : 'explanation_required';
      const message = ladderMessage('overdue', subject, s, 0, state.explanation !== undefined);
      await write({
        patch: { status: state.status, overdueAt: now },
        event: event('complaint.overdue', SYSTEM_ACTOR, { dueDate: s.dueDate, explanationDueDate: s.explanationDueDate, message }),
        accountability: accountability('complaint_overdue', 0, `${subject}超过办理时限（${s.dueDate} 24:00）未办结`),
      });
    } else if (step === 'chase_explanation') {
      state.explanationChasedAt = now;
      const message = ladderMessage('chase_explanation', subject, s);
      await write({ event: event('complaint.explanation_overdue', SYSTEM_ACTOR, { explanationDueDate: s.explanationDueDate, message }) });
    } else if (step === 'escalate') {
      const daysOver = workingDaysOver(loaded.calendar!, s.dueDate, at);
      state.escalatedAt = now;
      state.status = 'escalated';
      const message = ladderMessage('escalate', subject, s, daysOver, state.explanation !== undefined);
      await write({
        patch: { status: 'escalated', escalatedAt: now },
        event: event('complaint.escalated', SYSTEM_ACTOR, { dueDate: s.dueDate, workingDaysOver: daysOver, explained: state.explanation !== undefined, message }),
        accountability: accountability('complaint_escalated', daysOver, `${subject}超过办理时限${daysOver}个工作日仍未办结${state.explanation ? '' : '，且未说明原因'}`),
      });
    } else {
      state.closedAt = now;
      state.status = 'closed';
      await write({ patch: { status: 'closed', closedAt: now }, event: event('complaint.closed', SYSTEM_ACTOR, { message: `${subject}回访期结束，投诉关闭` }) });
    }
  };

  // The calendar of the filing year and the next two covers any assignment made in that time.
  loaded.calendar = workCalendar(await supervision.loadSupervisionCalendar({ years: calendarYears(state.filedAt) }));
  await write({
    filing: {
      departmentId: input.departmentId,
      projectId: input.projectId,
      taskId: input.taskId,
      category: input.category,
      description: input.description,
      complainant: input.complainant,
      filedBy: input.filedBy,
      filedAt: state.filedAt,
      workflowId: workflowInfo().workflowId,
    },
    event: event('complaint.filed', input.filedBy, { departmentId: input.departmentId, message: `登记${subject}` }),
  });
  registered = true;

  // One timer for the earliest pending step; any write wakes the loop to re-derive it.
  const open = () => state.status !== 'closed';
  await runAlarmLoop({
    open,
    next: () => {
      const alarm = nextAlarm(state);
      return alarm && { at: alarm.at, ring: () => ring(alarm) };
    },
    changes: () => changes,
  });
  await condition(allHandlersFinished);
  return state;
}

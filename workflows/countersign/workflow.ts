import { allHandlersFinished, condition, setHandler, workflowInfo } from '@temporalio/workflow';
import type { EventType } from '../../domain/vocabulary';
import { eventBuilder, type PayloadWithout } from '../events';
import type { CountersignWrite } from '../../activities/coordination';
import { reject } from '../failures';
import { watchDeadline } from '../deadline-watch';
import { visibility } from '../visibility';
import { coordination, supervision } from '../proxies';
import { SYSTEM_ACTOR, type Actor } from '../shared';
import { calendarYears, handlingDeadline, workCalendar } from '../../domain/working-deadline';
import {
  countersignStartedUpdate,
  countersignStateQuery,
  signCountersignUpdate,
  type CountersignInput,
  type CountersignState,
  type SignatureState,
} from './contracts';

/**
 * One 会签 on a project, clocked like a 督办 order (domain/working-deadline): 催办 to the pending
 * departments at the yellow point, an overdue event for each at the deadline, completed when all
 * named departments have signed. Lives beside the project and task workflows and changes neither.
 */
export async function countersignWorkflow(input: CountersignInput): Promise<CountersignState> {
  const { countersignId, subject } = input;
  const state: CountersignState = {
    countersignId,
    status: 'open',
    startedAt: Date.now(),
    signatures: input.departmentIds.map((departmentId): SignatureState => ({ departmentId, status: 'pending', reasons: [], declines: 0 })),
  };
  let registered = false;
  // Operators find 会签 by project, lead department and light (yellow once 催办 went out, red when overdue).
  const show = visibility('countersign', { projectCode: input.projectId, department: input.leadDepartmentId, light: 'green' });

  let changes = 0;
  let chain: Promise<unknown> = Promise.resolve();
  const write = (w: Omit<CountersignWrite, 'countersignId'>): Promise<void> => {
    changes++;
    const done = chain.then(() => coordination.recordCountersign({ countersignId, ...w }));
    chain = done.catch(() => undefined);
    return done;
  };
  // Each event names one department, so it reaches that department's feed (and the project's agent).
  type CountersignCommon = { countersignId: string; title: string; status: CountersignState['status'] };
  const built = eventBuilder<CountersignCommon>(() => ({ projectId: input.projectId }), () => ({ countersignId, title: input.title, status: state.status }));
  const event = <T extends EventType>(type: T, departmentId: string, actor: Actor, payload: PayloadWithout<T, CountersignCommon>) =>
    built(type, actor, payload, { scope: { departmentId } });
  const pending = () => state.signatures.filter((s) => s.status !== 'signed');

  setHandler(countersignStateQuery, () => state);
  setHandler(countersignStartedUpdate, async () => {
    await condition(() => registered);
    return state;
  });

  setHandler(
    signCountersignUpdate,
    async ({ actor, departmentId, decision, opinion, reasons }) => {
      const now = Date.now();
      const s = state.signatures.find((x) => x.departmentId === departmentId)!;
      const signed = decision === 'sign';
      Object.assign(s, {
        status: signed ? 'signed' : 'declined',
        opinion: signed ? opinion : undefined,
        reasons: signed ? s.reasons : (reasons ?? []),
        declines: s.declines + (signed ? 0 : 1),
        actedAt: now,
        actedBy: actor,
      });
      const done = pending().length === 0;
      if (done) Object.assign(state, { status: 'completed', completedAt: now });
      const message = signed
        ? `${subject}会签“${input.title}”已签署${opinion ? `，意见：${opinion}` : ''}`
        : `${subject}会签“${input.title}”不同意签署，理由：${(reasons ?? []).join('；')}`;
      await write({
        signature: { departmentId, status: s.status, opinion: s.opinion, reasons: s.reasons, declines: s.declines, actedAt: now, actedBy: actor },
        patch: done ? { status: 'completed', completedAt: now } : undefined,
        events: [
          event(signed ? 'countersign.signed' : 'countersign.declined', departmentId, actor, { opinion: s.opinion ?? null, reasons: s.reasons, message }),
          ...(done ? [event('countersign.completed', input.leadDepartmentId, SYSTEM_ACTOR, { message: `${subject}会签“${input.title}”各部门已全部签署` })] : []),
        ],
      });
      return state;
    },
    {
      validator: ({ departmentId, decision, reasons }) => {
        if (!registered) reject('illegal_transition', '会签正在发起，请稍后重试');
        const s = state.signatures.find((x) => x.departmentId === departmentId);
        if (!s) reject('illegal_transition', '本部门不在该会签的会签部门之列');
        if (s.status === 'signed') reject('already_signed', '本部门已签署该会签，签署后不能更改');
        if (decision === 'decline' && !(reasons ?? []).some((r: string) => r.trim() !== '')) reject('invalid_input', '不同意签署时请填写理由');
      },
    },
  );

  const calendar = workCalendar(await supervision.loadSupervisionCalendar({ years: calendarYears(state.startedAt) }));
  const due = handlingDeadline(calendar, state.startedAt, input.workingDays, input.yellowPercent);
  Object.assign(state, { dueDate: due.dueDate, dueAt: due.dueAt, reminderDate: due.reminderDate, remindAt: due.remindAt });

  await write({
    create: {
      projectId: input.projectId,
      leadDepartmentId: input.leadDepartmentId,
      departmentIds: input.departmentIds,
      title: input.title,
      draft: input.draft,
      workingDays: input.workingDays,
      startedAt: state.startedAt,
      startedBy: input.startedBy,
      dueDate: due.dueDate,
      reminderDate: due.reminderDate,
      provisional: due.provisional,
      workflowId: workflowInfo().workflowId,
    },
    events: [
      event('countersign.started', input.leadDepartmentId, input.startedBy, { dueDate: due.dueDate, departmentIds: input.departmentIds, message: `${subject}发起会签“${input.title}”` }),
      ...input.departmentIds.map((d) =>
        event('countersign.requested', d, input.startedBy, {
          dueDate: due.dueDate,
          draft: input.draft,
          message: `【会签】${subject}“${input.title}”请于${due.dueDate} 24:00前签署`,
        }),
      ),
    ],
  });
  registered = true;

  const ring = async (step: 'remind' | 'overdue'): Promise<void> => {
    const now = Date.now();
    const late = pending();
    if (step === 'remind') {
      state.remindedAt = now;
      show({ light: 'yellow' });
      await write({
        patch: { remindedAt: now },
        events: late.map((s) => event('countersign.reminded', s.departmentId, SYSTEM_ACTOR, { dueDate: due.dueDate, message: `【催办】${subject}会签“${input.title}”将于${due.dueDate} 24:00到期，请尽快签署` })),
      });
      return;
    }
    Object.assign(state, { status: 'overdue', overdueAt: now });
    show({ light: 'red' });
    await write({
      patch: { status: 'overdue', overdueAt: now },
      events: late.map((s) => event('countersign.overdue', s.departmentId, SYSTEM_ACTOR, { dueDate: due.dueDate, message: `${subject}会签“${input.title}”逾期未签署（时限${due.dueDate} 24:00）` })),
    });
  };

  // 催办 first, then the deadline; the last signature ends the watch (so nobody-pending never rings).
  await watchDeadline({
    remindAt: due.remindAt,
    dueAt: due.dueAt,
    done: () => state.status === 'completed',
    open: () => state.status === 'open',
    reminded: () => state.remindedAt !== undefined,
    changes: () => changes,
    ring,
  });
  await condition(allHandlersFinished);
  return state;
}

/*
 * 延期办结 (行政许可法 Art. 42) inside the approval-task workflow: the department asks once, before
 * the statutory deadline, for at most what the item's legal basis allows; its head or the efficiency
 * office decides. Approved, both due dates move and the applicant side gets a 延期办结告知 (the event
 * reaches the window's timeline, the agent's feed and webhooks). Refused, or not decided before the
 * deadline, nothing moves: a breach stays a breach.
 *
 * Kept apart from workflow.ts so the task workflow only wires it in; the handlers add no commands
 * of their own beyond the record activity, so older histories (without these updates) replay as before.
 */
import { setHandler } from '@temporalio/workflow';
import { unitLabel, type EpochMs } from '../../domain/clock';
import { extensionAllowance } from '../../domain/extension';
import { expectVersion, reject } from '../failures';
import type { EventType } from '../../domain/vocabulary';
import { createdId, type PayloadWithout } from '../events';
import type { Actor, MaterialRef } from '../shared';
import * as clock from './clock';
import {
  decideDeadlineExtensionUpdate,
  requestDeadlineExtensionUpdate,
  type DeadlineExtension,
  type ExtensionApprover,
  type Light,
  type TaskState,
  type TaskStatus,
} from './contracts';

/** What every task event's payload carries, added by the task workflow's builder. */
export type TaskCommon = { status: TaskStatus; version: number };
/** A task event's own payload fields. */
export type TaskPayload<T extends EventType> = PayloadWithout<T, TaskCommon>;

/** An event written with the main one, in the same transaction. */
export type RelatedEvent = { [T in EventType]: { type: T; payload: TaskPayload<T> } }[EventType];

/** Writes a task event (and its related ones) with the read-model patch, in order. */
export type RecordTaskEvent = <T extends EventType>(
  type: T,
  actor: Actor | undefined,
  payload: TaskPayload<T>,
  patch?: object,
  related?: RelatedEvent[],
  supplied?: MaterialRef[],
) => Promise<void>;

export interface TaskContext {
  state: TaskState;
  book: clock.ClockBook;
  /** `项目名（代码）“事项名”`, for messages. */
  subject: string;
  guardOpen(): void;
  acting(caller: Actor): Actor;
  record: RecordTaskEvent;
}

const APPROVER_LABEL: Record<ExtensionApprover, string> = { department_head: '本机关负责人', supervisor: '县效能办' };

/** The statutory deadline has run out (or the breach is already on record): too late to extend. */
function deadlinePassed(book: clock.ClockBook, now: EpochMs): boolean {
  return book.statutoryBreachedAt !== undefined || (book.statutory.state === 'due' && now >= book.statutory.dueInstant);
}

/** A pending request that the deadline overtook; the breach event carries it. Returns the lapsed record. */
export function lapsePendingExtension(ctx: Pick<TaskContext, 'state' | 'book'>, now: EpochMs): DeadlineExtension | undefined {
  const x = ctx.book.extension;
  if (x?.status !== 'requested') return undefined;
  x.status = 'lapsed';
  x.decidedAt = now;
  ctx.state.extension = { ...x };
  return { ...x };
}

export function registerExtensionHandlers(ctx: TaskContext): void {
  const { state, book } = ctx;
  const unit = () => unitLabel(book.unit);

  setHandler(
    requestDeadlineExtensionUpdate,
    async ({ actor: caller, days, reason }) => {
      const actor = ctx.acting(caller);
      const allowance = extensionAllowance(book.unit);
      const x: DeadlineExtension = {
        id: createdId('extension'),
        status: 'requested',
        days,
        maxDays: allowance.maxDays,
        reason: reason.trim(),
        legalBasis: allowance.legalBasis,
        requestedAt: Date.now(),
        requestedBy: actor,
        statutoryDueDateBefore: clock.dueDateOf(book.statutory),
        promisedDueDateBefore: clock.dueDateOf(book.promised),
      };
      book.extension = x;
      state.extension = { ...x };
      state.version++;
      await ctx.record('task.deadline_extension_requested', actor, {
        extension: x,
        message: `${ctx.subject}申请延期办结${days}${unit()}（理由：${x.reason}），待负责人审批`,
      });
      return state;
    },
    {
      validator: ({ expectedVersion, days, reason }) => {
        ctx.guardOpen();
        expectVersion(expectedVersion, state.version);
        const allowance = extensionAllowance(book.unit);
        if (allowance.maxDays === 0) reject('extension_not_allowed', allowance.refusal ?? '该事项不允许延期办结');
        if (book.extension) reject('extension_already_requested', '每个审批任务只能申请一次延期办结');
        if (deadlinePassed(book, Date.now())) reject('deadline_passed', '法定办结期限已届满，不能再申请延期办结（超期仍记为超期）');
        if (!Number.isInteger(days) || days < 1 || days > allowance.maxDays) {
          reject('invalid_input', `延期天数应为 1 至 ${allowance.maxDays}${unit()}（${allowance.legalBasis}）`);
        }
        if (reason.trim() === '') reject('invalid_input', '延期办结必须说明理由');
      },
    },
  );

  setHandler(
    decideDeadlineExtensionUpdate,
    async ({ actor, approve, note, approver }) => {
      const x = book.extension!;
      const now = Date.now();
      Object.assign(x, { status: approve ? 'approved' : 'refused', decidedAt: now, decidedBy: actor }, note ? { decisionNote: note } : {});
      const related: RelatedEvent[] = [];
      if (approve) {
        clock.extend(book, x.days);
        x.statutoryDueDate = clock.dueDateOf(book.statutory);
        x.promisedDueDate = clock.dueDateOf(book.promised);
        // A later promise can turn a yellow or red light back; escalation stays with the alarms.
        const relieved: Light | undefined = clock.relievedLight(book, state.light, now);
        if (relieved) {
          related.push({ type: 'task.light_changed', payload: { from: state.light, to: relieved, reason: 'deadline_extended' } });
          state.light = relieved;
        }
      }
      state.extension = { ...x };
      state.version++;
      const by = APPROVER_LABEL[approver];
      if (approve) {
        await ctx.record('task.deadline_extended', actor, {
          extension: { ...x },
          approver,
          statutoryDueDate: x.statutoryDueDate,
          promisedDueDate: x.promisedDueDate,
          notice: 'applicant',
          message:
            `【延期办结告知】${ctx.subject}因${x.reason}，不能在法定期限内作出决定，经${by}批准延长${x.days}${unit()}（${x.legalBasis}），` +
            `法定办结期限由${x.statutoryDueDateBefore ?? '原期限'}延至${x.statutoryDueDate ?? '恢复计时后另行计算'}`,
        }, {}, related);
      } else {
        await ctx.record('task.deadline_extension_refused', actor, {
          extension: { ...x },
          approver,
          message: `${ctx.subject}的延期办结申请未获${by}批准${note ? `（${note}）` : ''}，仍须在法定期限${x.statutoryDueDateBefore ?? ''}内办结`,
        });
      }
      return state;
    },
    {
      validator: ({ expectedVersion, approve }) => {
        ctx.guardOpen();
        expectVersion(expectedVersion, state.version);
        if (book.extension?.status !== 'requested') reject('extension_not_pending', '该任务没有待审批的延期办结申请');
        if (approve && deadlinePassed(book, Date.now())) reject('deadline_passed', '法定办结期限已届满，不能再批准延期（超期仍记为超期）');
      },
    },
  );
}

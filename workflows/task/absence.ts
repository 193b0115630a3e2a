/*
 * 职位代理 AB 角 inside the approval-task workflow: while an officer of the department is away, the
 * task is delegated to the deputy (B 角) until the absence's last day — the same delegation a
 * department sets by hand, so the deputy's actions are stamped and the delegation lapses by the
 * task's own timer at 24:00 of that day (`task.delegation_expired`: the task returns). Routed when
 * the task arrives during an absence (start of the workflow, behind the `absence-routing` patch) or
 * when an absence begins while the task is in hand (absenceRoutedSignal). With nobody available the
 * task stays with the department and `task.unstaffed` flags it to the department's head.
 */
import { patched, setHandler } from '@temporalio/workflow';
import { compareDates, shanghaiDateOf } from '../../domain/clock';
import { lifecycle } from '../proxies';
import { SYSTEM_ACTOR } from '../shared';
import { absenceEndedSignal, absenceRoutedSignal, type AbsenceEnded, type AbsenceRouting } from './contracts';
import type { TaskContext } from './extension';

const CONCLUDED = new Set(['decided', 'cancelled']);
const KIND_LABEL = { leave: '请假', training: '培训' } as const;
export const ABSENCE_ROUTING_PATCH = 'absence-routing';

type Ctx = Pick<TaskContext, 'state' | 'subject' | 'record'> & { departmentId: string };

async function applyRouting(ctx: Ctx, routing: AbsenceRouting): Promise<void> {
  const { state } = ctx;
  if (CONCLUDED.has(state.status)) return;
  if (compareDates(routing.until, shanghaiDateOf(Date.now())) < 0) return;
  const current = state.delegation;
  if (current?.absence?.absenceId === routing.absenceId) return;
  // A delegation set by hand to someone else stands; one held by the officer now away moves on.
  if (current && !current.absence && current.delegateId !== routing.officerId) return;
  const away = `${routing.officerName}${KIND_LABEL[routing.kind]}（至${routing.until}）`;
  const absence = { absenceId: routing.absenceId, officerId: routing.officerId, officerName: routing.officerName, kind: routing.kind };
  if (!routing.deputy) {
    await ctx.record('task.unstaffed', SYSTEM_ACTOR, {
      departmentId: ctx.departmentId,
      absence,
      until: routing.until,
      message: `【职位代理】${ctx.subject}：${away}，B 角也不在岗，本部门暂无可办理人员，请部门负责人安排`,
    });
    return;
  }
  state.delegation = {
    delegateId: routing.deputy.id,
    delegateName: routing.deputy.name,
    until: routing.until,
    reason: `职位代理（AB 角）：${away}，由${routing.deputy.name}代理`,
    assignedBy: SYSTEM_ACTOR,
    assignedAt: Date.now(),
    absence,
  };
  state.version++;
  await ctx.record(
    'task.reassigned',
    SYSTEM_ACTOR,
    {
      delegation: state.delegation,
      absence: { ...absence, deputyId: routing.deputy.id, deputyName: routing.deputy.name },
      message: `${ctx.subject}：${away}，自动转由 B 角${routing.deputy.name}办理`,
    },
    { assignee: { ...state.delegation } },
  );
}

/**
 * The officer came back early. Only a delegation made by this absence changes (one set by hand
 * stands). Cleared synchronously before the record, so the workflow's own lapse timer — re-derived
 * from `state.delegation` when the record wakes the loop — finds nothing left to return.
 */
async function applyEnd(ctx: Ctx, end: AbsenceEnded): Promise<void> {
  const { state } = ctx;
  const current = state.delegation;
  if (CONCLUDED.has(state.status) || current?.absence?.absenceId !== end.absenceId) return;
  if (compareDates(end.until, current.until) >= 0) return;
  const today = shanghaiDateOf(Date.now());
  if (compareDates(end.until, today) < 0) {
    state.delegation = undefined;
    // A new version: the task's ETag changes, so no client keeps showing the deputy from a cached copy.
    state.version++;
    await ctx.record(
      'task.delegation_expired',
      SYSTEM_ACTOR,
      { delegation: current, endedEarly: true, message: `${ctx.subject}：${current.absence.officerName}提前返岗，${current.delegateName}的职位代理（原至${current.until}）提前结束，恢复由本部门办理` },
      { assignee: null },
    );
    return;
  }
  state.delegation = { ...current, until: end.until, reason: `${current.reason}；提前至${end.until}结束` };
  state.version++;
  await ctx.record(
    'task.reassigned',
    SYSTEM_ACTOR,
    {
      delegation: state.delegation,
      absence: { ...current.absence, deputyId: current.delegateId, deputyName: current.delegateName },
      message: `${ctx.subject}：${current.absence.officerName}提前返岗，${current.delegateName}的职位代理改为至${end.until}`,
    },
    { assignee: { ...state.delegation } },
  );
}

export function registerAbsenceHandler(ctx: Ctx): void {
  setHandler(absenceRoutedSignal, (routing) => applyRouting(ctx, routing));
  setHandler(absenceEndedSignal, (end) => applyEnd(ctx, end));
}

/**
 * A task arriving while an officer of its department is away goes to the deputy at once. `reads`:
 * the local proxy for tasks of lean projects (decided by their input, so replays agree), which saves
 * an activity round trip at every task's start. `decidedAtStart`: the workflow has the
 * `patches-at-start` patch, so routing is on without asking `patched()` after the receipt's await.
 */
/** Where the arrival's routing read runs: a proxy, or a wrapper that runs it in turn with the writes. */
export interface RoutingReads {
  routeTask(input: { departmentId: string; at: number }): Promise<AbsenceRouting | null>;
}

export async function routeOnArrival(ctx: Ctx, reads: RoutingReads = lifecycle, decidedAtStart = false): Promise<void> {
  // Decided late only in histories from before `patches-at-start` (see workflows/patches-at-start.ts).
  if (!decidedAtStart && !patched(ABSENCE_ROUTING_PATCH)) return;
  const routing = await reads.routeTask({ departmentId: ctx.departmentId, at: Date.now() });
  if (routing) await applyRouting(ctx, routing);
}

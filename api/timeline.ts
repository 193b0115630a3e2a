/**
 * The project timeline (办理时间线): every event of a project with a Chinese one-line summary and,
 * for task events, the clock as it stood then. Pure functions over read-model rows.
 */
import type { components } from './generated/openapi';
import type { Decision, Light } from '../workflows/task/contracts';
import { MILESTONE_LABEL, SATISFACTION_LABEL, type MilestoneKind, type SatisfactionRating } from '../workflows/tracking/contracts';

type Schemas = components['schemas'];
export type EventType = Schemas['EventType'];
type ClockSnapshot = Schemas['ClockSnapshot'];
type ClockRunState = ClockSnapshot['state'];

export interface TimelineEventRow {
  seq: number;
  id: string;
  type: string;
  taskId: string | null;
  departmentId: string | null;
  actor: unknown;
  payload: unknown;
  occurredAt: Date;
}

export interface TimelineTaskRow {
  id: string;
  version: number;
  statutoryDueDate: string | null;
  promisedDueDate: string | null;
  clock: unknown;
  item: { name: string };
}

/** Names used in summaries: a department's short name, a task's approval item, the officer who acted. */
export interface SummaryContext {
  department: string;
  item: string;
  payload: Record<string, unknown>;
  /** 经办人: set when an officer acted through the console. */
  officerName?: string;
}

const DECISION_LABEL: Record<Decision, string> = { approved: '准予许可', approved_with_conditions: '附条件准予许可', rejected: '不予许可' };
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const count = (v: unknown) => (Array.isArray(v) ? v.length : 0);
const milestoneLabel = (v: unknown) => MILESTONE_LABEL[v as MilestoneKind] ?? '跟踪节点';

function lightSummary({ item, payload }: SummaryContext): string {
  const to = payload.to as Light | undefined;
  if (to === 'red') return `“${item}”超过承诺时限，亮红灯`;
  if (to === 'yellow') return `“${item}”承诺时限即将届满，亮黄灯`;
  return `“${item}”恢复绿灯`;
}

function milestoneSummary({ payload }: SummaryContext): string {
  const label = milestoneLabel(payload.kind);
  const planned = str(payload.plannedDate);
  const actual = str(payload.actualDate);
  const previous = str(payload.previousPlannedDate);
  if (actual) return `登记实际${label}日期 ${actual}`;
  if (previous && previous !== planned) return `${label}计划日期由 ${previous} 调整为 ${planned}`;
  return `登记计划${label}日期 ${planned}`;
}

/** Complaint events always carry their own Chinese line (workflows/complaint). */
const complaintLine = ({ payload }: SummaryContext) => str(payload.message) ?? '效能投诉办理';

/**
 * One line per event type. Partial on purpose: a type added to the contract by another feature
 * still gets its payload's Chinese `message` (or a generic line) until it has its own entry here.
 */
export const SUMMARIES: Partial<Record<EventType, (c: SummaryContext) => string>> = {
  'project.submitted': ({ payload }) => `窗口一门受理项目申报，同时推送 ${count(payload.items)} 个审批事项`,
  'project.materials_supplemented': () => '窗口提交补正材料',
  'project.materials_required': ({ payload }) => `受理材料不齐全，窗口一次性告知需补齐的材料（${count(payload.missing)} 个事项），暂不受理、不计时`,
  'project.intake_materials_received': ({ payload }) => str(payload.message) ?? '收到补齐的受理材料',
  'project.accepted': () => '受理材料已齐全，予以受理，各审批事项开始计时',
  'project.first_inquiry_reassigned': ({ payload }) => {
    const to = (payload.to as { name?: string } | undefined)?.name;
    return `首问责任人移交给${to ?? '其他工作人员'}${str(payload.reason) ? `：${str(payload.reason)}` : ''}`;
  },
  'project.withdrawn': ({ payload }) => `申请人撤回申请${str(payload.reason) ? `：${str(payload.reason)}` : ''}`,
  'project.replied': ({ payload }) => `全部审批事项办结，出具集中回复${typeof payload.version === 'number' ? `（第 ${payload.version} 版）` : ''}`,
  'project.light_changed': ({ payload }) => (payload.to === 'red' ? '项目亮红灯' : payload.to === 'yellow' ? '项目亮黄灯' : '项目恢复绿灯'),
  'project.tracking_started': () => '集中回复后进入跟踪服务（跟踪问效）',
  'project.tracking_closed': ({ payload }) =>
    payload.cause === 'completed' ? '项目已投产，跟踪服务完成' : `效能办结束跟踪服务${str(payload.reason) ? `：${str(payload.reason)}` : ''}`,
  'task.waiting': ({ item }) => `“${item}”等待前置事项办结`,
  'task.received': ({ item, department }) => `“${item}”已推送至${department}`,
  'task.accepted': ({ item, department }) => `${department}签收受理“${item}”`,
  'task.deemed_accepted': ({ item }) => `“${item}”5 个工作日内未受理也未告知补正，视为受理`,
  'task.supplement_requested': ({ item, department, payload }) => `${department}就“${item}”一次性告知补正材料（${count(payload.items)} 项），暂停计时`,
  'task.supplement_received': ({ item }) => `“${item}”补正材料已提交，恢复计时`,
  'task.decided': ({ item, department, payload }) => {
    const decision = (payload.decision as { decision?: Decision } | undefined)?.decision;
    return `${department}对“${item}”作出决定：${decision ? DECISION_LABEL[decision] : '已办结'}`;
  },
  'task.not_started': ({ item }) => `“${item}”因前置事项不予许可而未启动`,
  'task.cancelled': ({ item }) => `“${item}”因申请人撤回而取消`,
  'task.reassigned': ({ item, department, payload }) => {
    const name = str((payload.delegation as { delegateName?: string } | undefined)?.delegateName);
    const away = str((payload.absence as { officerName?: string } | undefined)?.officerName);
    // Routed by an absence (职位代理 AB 角): both officers are named.
    if (away) return `${department}“${item}”因${away}不在岗，自动转由 B 角${name ?? '他人'}代理办理`;
    return `${department}将“${item}”交由${name ?? '他人'}代理办理`;
  },
  'task.unstaffed': ({ item, department }) => `${department}“${item}”的 A 角与 B 角均不在岗，暂无可办理人员，已提示部门负责人`,
  'task.light_changed': lightSummary,
  'task.deadline_extension_requested': ({ item, department, payload }) => {
    const reason = str((payload.extension as { reason?: string } | undefined)?.reason);
    return `${department}申请“${item}”延期办结${reason ? `，理由：${reason}` : ''}，待负责人审批`;
  },
  'task.deadline_extended': ({ item, payload }) =>
    `“${item}”经批准延期办结，法定办结期限延至 ${str(payload.statutoryDueDate) ?? '恢复计时后另行计算'}（已告知申请人）`,
  'task.deadline_extension_refused': ({ item }) => `“${item}”的延期办结申请未获批准，时限不变`,
  'task.green_channel_granted': ({ item, payload }) =>
    `“${item}”转入绿色通道优先办理${str(payload.promisedDueDate) ? `，承诺办结日期 ${str(payload.promisedDueDate)}` : ''}`,
  'project.green_channel_granted': ({ payload }) =>
    payload.rule ? `按审批事项目录规则走绿色通道${str(payload.message) ? `（${str(payload.message)}）` : ''}` : `县效能办批准项目走绿色通道${str(payload.reason) ? `：${str(payload.reason)}` : ''}`,
  'task.excluded_period_started': ({ item, department, payload }) =>
    `${department}就“${item}”开始${str((payload.suspension as { reason?: string } | undefined)?.reason) ?? '法定不计算期间'}，暂停计时（已告知申请人）`,
  'task.excluded_period_ended': ({ item, payload }) =>
    `“${item}”的${str((payload.suspension as { reason?: string } | undefined)?.reason) ?? '法定不计算期间'}结束，恢复计时`,
  'task.deadline_reprojected': ({ item, payload }) => `工作日历调整，“${item}”的时限重新推算${str(payload.message) ? `：${str(payload.message)}` : ''}`,
  'task.reminder': ({ item, payload }) => str(payload.message) ?? `催办“${item}”`,
  'task.notice_violation': ({ item, payload }) => str(payload.message) ?? `“${item}”多次告知补正，违反一次性告知规定`,
  'task.statutory_breached': ({ item, payload }) => `“${item}”超过法定时限（${str(payload.statutoryDueDate) ?? '—'} 24:00），记录责任追究`,
  'supervision.alerted': ({ item, payload }) => str(payload.message) ?? `效能办督办“${item}”`,
  'milestone.recorded': milestoneSummary,
  'milestone.overdue': ({ payload }) => str(payload.message) ?? `${milestoneLabel(payload.kind)}节点逾期，催办代办专员`,
  'satisfaction.recorded': ({ payload }) => {
    const label = SATISFACTION_LABEL[payload.rating as SatisfactionRating] ?? '已评价';
    return `申请人满意度评价：${label}${str(payload.comment) ? `（${str(payload.comment)}）` : ''}`;
  },
  'calendar.updated': () => '工作日历更新',
  // Efficiency supervision. Complaint events carry no project id, so they never reach a project
  // timeline; their lines serve other readers of the feed. 督办 events are about a task and do.
  'complaint.filed': complaintLine,
  'complaint.assigned': complaintLine,
  'complaint.reminded': complaintLine,
  'complaint.overdue': complaintLine,
  'complaint.explanation_overdue': complaintLine,
  'complaint.explained': complaintLine,
  'complaint.escalated': complaintLine,
  'complaint.resolved': complaintLine,
  'complaint.feedback_recorded': complaintLine,
  'complaint.marked_for_notice': complaintLine,
  'complaint.closed': complaintLine,
  'supervision_order.issued': ({ item, payload }) => str(payload.message) ?? `效能办督办“${item}”`,
  'supervision_order.reminded': ({ item, payload }) => str(payload.message) ?? `催办“${item}”的督办事项`,
  'supervision_order.overdue': ({ item, payload }) => str(payload.message) ?? `“${item}”的督办逾期未答复，记录责任追究`,
  'supervision_order.responded': ({ item, department }) => `${department}答复“${item}”的督办`,
  'countersign.started': ({ department, payload }) => `${department}发起会签“${str(payload.title) ?? ''}”`,
  'countersign.requested': ({ department, payload }) => `请${department}会签“${str(payload.title) ?? ''}”（${str(payload.dueDate) ?? ''} 前）`,
  'countersign.signed': ({ department, payload }) => `${department}签署会签“${str(payload.title) ?? ''}”${str(payload.opinion) ? `：${str(payload.opinion)}` : ''}`,
  'countersign.declined': ({ department, payload }) => `${department}不同意会签“${str(payload.title) ?? ''}”`,
  'countersign.reminded': ({ department, payload }) => `催${department}签署会签“${str(payload.title) ?? ''}”`,
  'countersign.overdue': ({ department, payload }) => `${department}逾期未签署会签“${str(payload.title) ?? ''}”`,
  'countersign.completed': ({ payload }) => `会签“${str(payload.title) ?? ''}”各部门已全部签署`,
  'intermediary.period_started': ({ item, payload }) =>
    `“${item}”委托中介服务：${str(payload.intermediaryName) ?? ''}（${str(payload.serviceKind) ?? ''}），承诺${str(payload.dueDate) ?? ''} 24:00前完成`,
  'intermediary.light_changed': ({ item, payload }) => str(payload.message) ?? `“${item}”的中介服务亮${payload.to === 'red' ? '红' : '黄'}灯`,
  'intermediary.period_ended': ({ item, payload }) =>
    `“${item}”的中介服务${str(payload.intermediaryName) ?? ''}已登记结果${payload.onTime === false ? '（超过承诺时限）' : ''}，评价${String(payload.rating ?? '—')}分`,
  'intermediary.period_cancelled': ({ item, payload }) => `“${item}”的中介服务${str(payload.intermediaryName) ?? ''}随项目撤回而终止`,
};

export function summarize(type: string, c: SummaryContext): string {
  const fn = SUMMARIES[type as EventType];
  const line = fn ? fn(c) : (str(c.payload.message) ?? `事件：${type}`);
  return c.officerName ? `${line}（经办人：${c.officerName}）` : line;
}

const RUN_STATE: Record<string, ClockRunState> = {
  waiting: 'not_started',
  not_started: 'not_started',
  received: 'running',
  accepted: 'running',
  supplement_requested: 'suspended',
  decided: 'stopped',
  cancelled: 'stopped',
};

const dueDate = (v: unknown): string | null | undefined => (v === null || typeof v === 'string' ? v : undefined);

/**
 * Clock snapshots of task events, by event id. Task events carry the task's status and version;
 * due dates appear only in some payloads, so the last known ones are carried forward (a
 * suspension pauses them). The task row's clock is the snapshot of its latest change, so it
 * also supplies the remaining working days of the event that made that change.
 */
export function clockSnapshots(events: TimelineEventRow[], tasks: TimelineTaskRow[]): Map<string, ClockSnapshot> {
  const out = new Map<string, ClockSnapshot>();
  const known = new Map<string, { statutory: string | null; promised: string | null }>();
  const latest = new Map<string, { eventId: string; version: unknown }>();
  for (const e of events) {
    const p = (e.payload ?? {}) as Record<string, unknown>;
    const state = typeof p.status === 'string' ? RUN_STATE[p.status] : undefined;
    if (!e.taskId || !state) continue;
    const k = known.get(e.taskId) ?? { statutory: null, promised: null };
    const reprojected = e.type === 'task.deadline_reprojected';
    const statutory = reprojected ? dueDate((p.statutory as { newDueDate?: unknown } | null)?.newDueDate) : dueDate(p.statutoryDueDate);
    const promised = reprojected ? dueDate((p.promised as { newDueDate?: unknown } | null)?.newDueDate) : dueDate(p.promisedDueDate);
    if (state === 'suspended' && statutory === undefined && promised === undefined) Object.assign(k, { statutory: null, promised: null });
    if (statutory !== undefined) k.statutory = statutory;
    if (promised !== undefined) k.promised = promised;
    known.set(e.taskId, k);
    out.set(e.id, { state, statutoryDueDate: k.statutory, promisedDueDate: k.promised, workingDaysRemaining: null });
    latest.set(e.taskId, { eventId: e.id, version: p.version });
  }
  for (const t of tasks) {
    const last = latest.get(t.id);
    const snapshot = last && out.get(last.eventId);
    if (!snapshot || last.version !== t.version) continue;
    const clock = (t.clock ?? {}) as { workingDaysRemaining?: number | null };
    Object.assign(snapshot, {
      statutoryDueDate: t.statutoryDueDate,
      promisedDueDate: t.promisedDueDate,
      workingDaysRemaining: clock.workingDaysRemaining ?? null,
    });
  }
  return out;
}

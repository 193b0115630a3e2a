/** Builds the consolidated reply (集中回复): every task's outcome in one document for the applicant. */
import { shanghaiDateOf } from '../domain/clock';
import type { components } from '../api/generated/openapi';
import { actorLabel } from '../lib/actors';

type ApiReply = components['schemas']['ConsolidatedReply'];
// ratingPath is derived when the reply is read (the one-time rating link), never stored.
export type ReplyContent = Omit<ApiReply, 'id' | 'projectId' | 'version' | 'createdAt' | 'ratingPath'>;
type ReplyItem = ApiReply['items'][number];

interface TaskLike {
  id: string;
  itemId: string;
  departmentId: string;
  status: string;
  decision: string | null;
  decisionDetail: unknown;
  receivedAt: Date | null;
  decidedAt: Date | null;
  promisedDueDate: string | null;
  statutoryDueDate: string | null;
}

const OUTCOME_ZH: Record<string, string> = {
  approved: '准予许可',
  approved_with_conditions: '附条件准予许可',
  rejected: '不予许可',
  not_started: '未启动（前置事项未获批准）',
  cancelled: '因撤回终止',
};

/** A completed 会签 as the reply prints it: the joint opinion and each department's signature. */
export interface CountersignLike {
  id: string;
  title: string;
  leadDepartmentId: string;
  draft: string;
  completedAt: Date | null;
  signatures: { departmentId: string; opinion: string | null; actedAt: Date | null; actedBy: unknown }[];
}

function replyCountersigns(countersigns: CountersignLike[]): Pick<ReplyContent, 'countersigns'> {
  if (countersigns.length === 0) return {};
  return {
    countersigns: countersigns.map((c) => ({
      countersignId: c.id,
      title: c.title,
      leadDepartmentId: c.leadDepartmentId,
      draft: c.draft,
      completedAt: (c.completedAt ?? new Date(0)).toISOString(),
      signatures: c.signatures.map((s) => ({
        departmentId: s.departmentId,
        opinion: s.opinion,
        signedAt: (s.actedAt ?? new Date(0)).toISOString(),
        signedBy: s.actedBy ? actorLabel(s.actedBy) : null,
      })),
    })),
  };
}

export function buildReplyContent(
  project: { code: string; name: string; applicantName: string; tasks: TaskLike[] },
  items: { id: string; name: string }[],
  { withdrawn = false, countersigns = [] }: { withdrawn?: boolean; countersigns?: CountersignLike[] } = {},
): ReplyContent {
  const itemName = new Map(items.map((i) => [i.id, i.name]));
  const entries = project.tasks.map((t): ReplyItem => {
    const detail = (t.decisionDetail ?? {}) as { reasons?: string[]; conditions?: string[]; permitNumber?: string | null; decidedBy?: unknown };
    const decidedDate = t.decidedAt ? shanghaiDateOf(t.decidedAt.getTime()) : null;
    return {
      taskId: t.id,
      itemId: t.itemId,
      itemName: itemName.get(t.itemId) ?? t.itemId,
      departmentId: t.departmentId,
      status: t.status as ReplyItem['status'],
      decision: (t.decision as ReplyItem['decision']) ?? null,
      reasons: detail.reasons ?? [],
      permitNumber: detail.permitNumber ?? null,
      conditions: detail.conditions ?? [],
      receivedAt: t.receivedAt ? t.receivedAt.toISOString() : null,
      decidedAt: t.decidedAt ? t.decidedAt.toISOString() : null,
      promisedDueDate: t.promisedDueDate,
      statutoryDueDate: t.statutoryDueDate,
      // ISO dates compare correctly as strings.
      onTime: decidedDate && t.promisedDueDate ? decidedDate <= t.promisedDueDate : null,
      decidedBy: t.decision && detail.decidedBy ? actorLabel(detail.decidedBy) : null,
    };
  });
  const decisions = entries.map((e) => e.decision);
  const approved = decisions.filter((d) => d === 'approved' || d === 'approved_with_conditions').length;
  // A withdrawal ends the review whatever was decided; decisions already made stay in the items.
  const outcome: ReplyContent['outcome'] = withdrawn
    ? 'withdrawn'
    : approved === entries.length
      ? 'all_approved'
      : approved === 0
        ? 'all_rejected'
        : 'partially_approved';
  const counts = new Map<string, number>();
  for (const e of entries) {
    const k = e.decision ?? e.status;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const parts = [...counts.entries()].map(([k, n]) => `${OUTCOME_ZH[k] ?? k} ${n} 项`).join('，');
  return {
    projectCode: project.code,
    outcome,
    summary: withdrawn
      ? `${project.applicantName}：“${project.name}”（${project.code}）已应申请人撤回终止审批；共 ${entries.length} 个审批事项，${parts}。已作出的审批决定保留。`
      : `${project.applicantName}：“${project.name}”（${project.code}）共 ${entries.length} 个审批事项，${parts}。`,
    items: entries,
    ...replyCountersigns(countersigns),
  };
}

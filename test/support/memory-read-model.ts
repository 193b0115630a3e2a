/**
 * Lifecycle activities as typed jest.fn over an in-memory read model, for workflow tests that
 * need to see what the workflows wrote: task rows, the event log in write order, and the
 * consolidated reply built by the real builder (activities/reply.ts) from those rows.
 * Idempotent by event id, like the real activities.
 */
import { mockTracking } from './mock-activities';
import type { EventInput } from '../../activities/events';
import { waitingEvents, type LifecycleActivities, type TaskPatch } from '../../activities/lifecycle';
import { buildReplyContent, type ReplyContent } from '../../activities/reply';
import type { YearSchedule } from '../../domain/clock';
import type { CatalogueItem } from '../../domain/routing';

type L = LifecycleActivities;
type Mocked<T> = { [K in keyof T]: T[K] extends (...args: infer A) => infer R ? jest.Mock<R, A> : never };

export interface MemoryTask {
  id: string;
  projectId: string;
  itemId: string;
  departmentId: string;
  status: string;
  light: string;
  version: number;
  receivedAt: Date | null;
  acceptedAt: Date | null;
  deemedAccepted: boolean;
  decidedAt: Date | null;
  decision: string | null;
  decisionDetail: unknown;
  statutoryDueDate: string | null;
  promisedDueDate: string | null;
  assignee: unknown;
  noticeCount: number;
}

export interface MemoryProject {
  id: string;
  code: string;
  name: string;
  applicantName: string;
  status: string;
  light: string;
  submittedAt: Date;
  withdrawnAt: Date | null;
}

function applyTaskPatch(t: MemoryTask, p: TaskPatch): void {
  if (p.status !== undefined) t.status = p.status;
  if (p.light !== undefined) t.light = p.light;
  t.version = p.version;
  if (p.receivedAt !== undefined) t.receivedAt = new Date(p.receivedAt);
  if (p.acceptedAt !== undefined) t.acceptedAt = new Date(p.acceptedAt);
  if (p.deemedAccepted !== undefined) t.deemedAccepted = p.deemedAccepted;
  if (p.noticeCount !== undefined) t.noticeCount = p.noticeCount;
  if (p.assignee !== undefined) t.assignee = p.assignee;
  if (p.statutoryDueDate !== undefined) t.statutoryDueDate = p.statutoryDueDate;
  if (p.promisedDueDate !== undefined) t.promisedDueDate = p.promisedDueDate;
  if (p.decision) {
    const { decision, decidedAt, reasons, permitNumber, conditions, decidedBy } = p.decision;
    Object.assign(t, { decision, decidedAt: new Date(decidedAt), decisionDetail: { reasons, permitNumber: permitNumber ?? null, conditions, decidedBy } });
  }
}

export function memoryReadModel(catalogue: CatalogueItem[], calendar: (years: number[]) => YearSchedule[]) {
  const projects = new Map<string, MemoryProject>();
  const tasks = new Map<string, MemoryTask>();
  const replies = new Map<string, { projectId: string; content: ReplyContent }>();
  const events: EventInput[] = [];
  const seen = new Set<string>();
  const first = (e: EventInput) => !seen.has(e.id) && !!seen.add(e.id);
  const order = (itemId: string) => catalogue.findIndex((i) => i.id === itemId);

  const acts: Mocked<L> = {
    loadRoutingContext: jest.fn<ReturnType<L['loadRoutingContext']>, []>(async () => ({ catalogue })),
    loadCalendar: jest.fn<ReturnType<L['loadCalendar']>, Parameters<L['loadCalendar']>>(async ({ years }) => calendar(years)),
    // Nobody is away (职位代理 AB 角 is covered by test/workflows/absence.test.ts).
    routeTask: jest.fn<ReturnType<L['routeTask']>, Parameters<L['routeTask']>>(async () => null),
    absenceStarted: jest.fn<ReturnType<L['absenceStarted']>, Parameters<L['absenceStarted']>>(async () => null),
    departmentTasksInHand: jest.fn<ReturnType<L['departmentTasksInHand']>, Parameters<L['departmentTasksInHand']>>(async () => []),
    registerProject: jest.fn<Promise<void>, Parameters<L['registerProject']>>(async ({ input, items, submittedAt, event, receipts = [] }) => {
      if (!first(event)) return;
      const { intake } = input;
      projects.set(input.projectId, {
        id: input.projectId, code: input.code, name: intake.name, applicantName: intake.applicant.name,
        status: 'in_review', light: 'green', submittedAt: new Date(submittedAt), withdrawnAt: null,
      });
      for (const item of items) {
        const id = `${input.code}.${item.id}`;
        tasks.set(id, {
          id, projectId: input.projectId, itemId: item.id, departmentId: item.departmentId, status: 'waiting', light: 'green', version: 1,
          receivedAt: null, acceptedAt: null, deemedAccepted: false, decidedAt: null, decision: null, decisionDetail: null,
          statutoryDueDate: null, promisedDueDate: null, assignee: null, noticeCount: 0,
        });
      }
      events.push(event, ...waitingEvents({ input, items, submittedAt, event }));
      // As the real activity: the first wave's rows are created received (receipts-at-registration).
      for (const r of receipts) {
        applyTaskPatch(tasks.get(r.taskId)!, r.patch);
        events.push(r.event);
      }
    }),
    // As the real activity: one write, and a row moves only from waiting.
    recordReceipts: jest.fn<Promise<void>, Parameters<L['recordReceipts']>>(async ({ receipts }) => {
      if (receipts.length === 0 || !first(receipts[0].event)) return;
      for (const r of receipts) {
        const t = tasks.get(r.taskId)!;
        if (t.status === 'waiting') applyTaskPatch(t, r.patch);
        events.push(r.event);
      }
    }),
    recordTask: jest.fn<Promise<void>, Parameters<L['recordTask']>>(async ({ taskId, patch, event, related = [] }) => {
      if (!first(event)) return;
      applyTaskPatch(tasks.get(taskId)!, patch);
      events.push(event, ...related);
    }),
    recordProject: jest.fn<Promise<void>, Parameters<L['recordProject']>>(async ({ projectId, patch, event }) => {
      if (!first(event)) return;
      const p = projects.get(projectId)!;
      if (patch.status) p.status = patch.status;
      if (patch.light) p.light = patch.light;
      if (patch.withdrawnAt !== undefined) p.withdrawnAt = new Date(patch.withdrawnAt);
      events.push(event);
    }),
    compileReply: jest.fn<ReturnType<L['compileReply']>, Parameters<L['compileReply']>>(async ({ projectId, replyId, withdrawn, event }) => {
      const existing = replies.get(replyId);
      if (existing) return existing.content;
      const project = projects.get(projectId)!;
      const own = [...tasks.values()].filter((t) => t.projectId === projectId).sort((a, b) => order(a.itemId) - order(b.itemId));
      const content = buildReplyContent({ ...project, tasks: own }, catalogue, { withdrawn });
      replies.set(replyId, { projectId, content });
      if (!withdrawn) project.status = 'replied';
      events.push({ ...event, payload: { ...event.payload, version: 1, outcome: content.outcome } });
      return content;
    }),
  };

  return {
    // A replied project starts its follow-up child; its activities are not under test here.
    acts: { ...acts, ...mockTracking() },
    projects,
    tasks,
    /** Every event written, in write order (related events right after the one they accompany). */
    events,
    eventsOf: (filter: { projectId?: string; taskId?: string; type?: string }) =>
      events.filter((e) => (!filter.projectId || e.projectId === filter.projectId) && (!filter.taskId || e.taskId === filter.taskId) && (!filter.type || e.type === filter.type)),
    replyOf: (projectId: string) => [...replies.values()].find((r) => r.projectId === projectId)?.content,
  };
}

export type MemoryReadModel = ReturnType<typeof memoryReadModel>;

/** Typed jest.fn activities for workflow tests: the same shape as the real factories. */
import type { LifecycleActivities } from '../../activities/lifecycle';
import type { TrackingActivities } from '../../activities/tracking';
import type { CatalogueItem } from '../../domain/routing';
import type { TaskWorkflowInput } from '../../workflows/task/contracts';
import { officialSchedule } from '../../domain/calendar/official';
import { buildProvisionalYear } from '../../domain/calendar/provisional';

type Lifecycle = LifecycleActivities;
type Mocked<T> = { [K in keyof T]: T[K] extends (...args: infer A) => infer R ? jest.Mock<R, A> : never };

/** Lifecycle activities plus the follow-up ones, since a replied project starts its tracking child. */
export function mockLifecycle(catalogue: CatalogueItem[]): Mocked<LifecycleActivities> & Mocked<TrackingActivities> {
  return {
    ...mockTracking(),
    loadRoutingContext: jest.fn<ReturnType<LifecycleActivities['loadRoutingContext']>, []>(async () => ({ catalogue })),
    registerProject: jest.fn<Promise<void>, Parameters<Lifecycle['registerProject']>>(async () => undefined),
    recordReceipts: jest.fn<Promise<void>, Parameters<Lifecycle['recordReceipts']>>(async () => undefined),
    recordTask: jest.fn<Promise<void>, Parameters<Lifecycle['recordTask']>>(async () => undefined),
    recordProject: jest.fn<Promise<void>, Parameters<Lifecycle['recordProject']>>(async () => undefined),
    // Same fallback as the real activity on an empty CalendarYear table.
    loadCalendar: jest.fn(async ({ years }) => years.map((y) => officialSchedule(y) ?? buildProvisionalYear(y))),
    compileReply: jest.fn(async ({ projectId }) => ({ projectCode: projectId, outcome: 'all_approved' as const, summary: '', items: [] })),
    // Nobody is away unless a test says so (职位代理 AB 角).
    routeTask: jest.fn<ReturnType<Lifecycle['routeTask']>, Parameters<Lifecycle['routeTask']>>(async () => null),
    absenceStarted: jest.fn<ReturnType<Lifecycle['absenceStarted']>, Parameters<Lifecycle['absenceStarted']>>(async () => null),
    departmentTasksInHand: jest.fn<ReturnType<Lifecycle['departmentTasksInHand']>, Parameters<Lifecycle['departmentTasksInHand']>>(async () => []),
  };
}

type Tracking = TrackingActivities;

export function mockTracking(): Mocked<TrackingActivities> {
  return {
    startTracking: jest.fn<Promise<void>, Parameters<Tracking['startTracking']>>(async () => undefined),
    recordMilestone: jest.fn<Promise<void>, Parameters<Tracking['recordMilestone']>>(async () => undefined),
    remindMilestone: jest.fn<Promise<void>, Parameters<Tracking['remindMilestone']>>(async () => undefined),
    recordSatisfaction: jest.fn<Promise<void>, Parameters<Tracking['recordSatisfaction']>>(async () => undefined),
    closeTracking: jest.fn<Promise<void>, Parameters<Tracking['closeTracking']>>(async () => undefined),
  };
}

export function item(id: string, departmentId: string, prerequisites: string[] = []): CatalogueItem {
  return {
    id,
    departmentId,
    name: `事项 ${id}`,
    statutoryDays: 20,
    promisedDays: 10,
    greenChannelDays: 5,
    requiredMaterials: [],
    prerequisites,
    applicability: {},
  };
}

/**
 * The input of a 施工许可 task (ZJJ-01 of ZJJ: statutory 20, promised 10 working days, yellow at
 * 80 %) for workflow tests that start a task without its project.
 */
export function standaloneTask(taskId: string, project: { id: string; code: string }, over: Partial<TaskWorkflowInput> & Pick<TaskWorkflowInput, 'calendar'>): TaskWorkflowInput {
  return {
    taskId,
    projectId: project.id,
    projectCode: project.code,
    projectName: '测试项目',
    itemId: 'ZJJ-01',
    itemName: '施工许可',
    departmentId: 'ZJJ',
    statutoryDays: 20,
    promisedDays: 10,
    greenChannel: false,
    yellowPercent: 80,
    ...over,
  };
}

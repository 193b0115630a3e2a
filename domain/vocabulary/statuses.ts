/**
 * Statuses of the things the system tracks, with the sets the rules ask about (open, concluded).
 * One declaration each: the workflows' contracts, the read-model queries and the gateway import
 * these instead of writing the strings again. Pure data; safe in workflows.
 */

export const TASK_STATUSES = [
  'waiting', // prerequisites not yet approved
  'received', // 已接收，待签收
  'supplement_requested', // 一次性告知 issued, clock stopped
  'accepted', // 已受理
  'decided',
  'not_started', // a prerequisite was rejected
  'cancelled', // project withdrawn
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Tasks whose clock is running or paused: they carry a light and can still be acted on. */
export const OPEN_TASK_STATUSES = ['received', 'supplement_requested', 'accepted'] as const satisfies readonly TaskStatus[];
/** Tasks that will not change again (a task workflow itself only ever reaches decided or cancelled). */
export const CONCLUDED_TASK_STATUSES = ['decided', 'not_started', 'cancelled'] as const satisfies readonly TaskStatus[];

const OPEN_TASK: ReadonlySet<TaskStatus> = new Set(OPEN_TASK_STATUSES);
const CONCLUDED_TASK: ReadonlySet<TaskStatus> = new Set(CONCLUDED_TASK_STATUSES);
export const isOpenTask = (status: TaskStatus): boolean => OPEN_TASK.has(status);
export const isConcludedTask = (status: TaskStatus): boolean => CONCLUDED_TASK.has(status);

/** awaiting_materials = 待补齐材料: not yet accepted (Art. 32), no task has started and no clock runs. */
export const PROJECT_STATUSES = ['awaiting_materials', 'in_review', 'replied', 'withdrawn', 'closed'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];
export const OPEN_PROJECT_STATUSES = ['awaiting_materials', 'in_review'] as const satisfies readonly ProjectStatus[];
export const CONCLUDED_PROJECT_STATUSES = ['replied', 'withdrawn', 'closed'] as const satisfies readonly ProjectStatus[];

export const DECISIONS = ['approved', 'approved_with_conditions', 'rejected'] as const;
export type Decision = (typeof DECISIONS)[number];

export const LIGHTS = ['green', 'yellow', 'red'] as const;
export type Light = (typeof LIGHTS)[number];

export const COMPLAINT_STATUSES = ['filed', 'assigned', 'explanation_required', 'explained', 'escalated', 'resolved', 'closed'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

export const SUPERVISION_ORDER_STATUSES = ['open', 'overdue', 'completed'] as const;
export type SupervisionOrderStatus = (typeof SUPERVISION_ORDER_STATUSES)[number];

export const COUNTERSIGN_STATUSES = ['open', 'overdue', 'completed'] as const;
export type CountersignStatus = (typeof COUNTERSIGN_STATUSES)[number];
export const SIGNATURE_STATUSES = ['pending', 'signed', 'declined'] as const;
export type SignatureStatus = (typeof SIGNATURE_STATUSES)[number];

export const TRACKING_STATUSES = ['tracking', 'closed'] as const;
export type TrackingStatus = (typeof TRACKING_STATUSES)[number];

export const EXTENSION_STATUSES = ['requested', 'approved', 'refused', 'lapsed'] as const;
export type ExtensionStatus = (typeof EXTENSION_STATUSES)[number];

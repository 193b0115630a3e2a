/**
 * Contract of the project workflow (one per project, id `project-<code>`).
 * The gateway imports this module and the workflow *type* only.
 */
import type { YearSchedule } from '../../domain/clock';
import { queryDef, signalDef, updateDef } from '../define';
import type { Actor, MaterialRef } from '../shared';
import type { Decision, TaskStatus, Light } from '../task/contracts';

export type ProjectStatus = 'in_review' | 'replied' | 'withdrawn' | 'closed';

export interface Applicant {
  name: string;
  /** 统一社会信用代码, check digit verified at the edge (GB 32100-2015). */
  uscc: string;
  contact: { name: string; phone: string; email?: string };
}

export interface ProjectIntake {
  applicant: Applicant;
  name: string;
  type: string;
  location: string;
  investmentWan: number;
  greenChannel: boolean;
  materials: MaterialRef[];
  firstInquiryStaff: string;
  agentId?: string;
}

export interface ProjectWorkflowInput {
  projectId: string;
  code: string;
  intake: ProjectIntake;
  submittedBy: Actor;
}

export interface ProjectTaskSummary {
  taskId: string;
  itemId: string;
  departmentId: string;
  status: TaskStatus;
  light: Light;
  decision?: Decision;
  prerequisites: string[];
}

export interface ProjectState {
  projectId: string;
  code: string;
  status: ProjectStatus;
  registered: boolean;
  tasks: ProjectTaskSummary[];
  replyVersion?: number;
}

export interface WithdrawInput {
  actor: Actor;
  reason: string;
}

/** Resolves once intake is written to the read model, so the caller reads its own write. */
export const intakeResultUpdate = updateDef<ProjectState, []>('intakeResult');
export const withdrawProjectUpdate = updateDef<ProjectState, [WithdrawInput]>('withdrawProject');
export const projectStateQuery = queryDef<ProjectState>('projectState');
/** Internal: a task workflow tells its project it changed status (for lights and summary). */
export const taskChangedSignal = signalDef<[{ taskId: string; status: TaskStatus; light: Light }]>('taskChanged');

/** A year's schedule was published or corrected; forwarded to every running task. */
export const calendarUpdatedSignal = signalDef<[{ schedule: YearSchedule }]>('calendarUpdated');

export function projectWorkflowId(code: string): string {
  return `project-${code}`;
}

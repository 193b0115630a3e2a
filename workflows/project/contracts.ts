/**
 * Contract of the project workflow (one per project, id `project-<code>`).
 * The gateway imports this module and the workflow *type* only.
 */
import type { YearSchedule } from '../../domain/clock';
import type { EiaCategory, InvestmentRegime, LandUse } from '../../domain/routing';
import type { MissingMaterials } from '../../domain/intake-materials';
import { queryDef, signalDef, updateDef } from '../define';
import type { Actor, MaterialRef } from '../shared';
import type { Decision, TaskStatus, Light } from '../task/contracts';

import type { ProjectStatus } from '../../domain/vocabulary';
export type { ProjectStatus };

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
  /** Routing attributes (domain/routing.ts); optional, absent in older histories. */
  landUse?: LandUse;
  buildingAreaM2?: number;
  eiaCategory?: EiaCategory;
  investmentRegime?: InvestmentRegime;
  /** Set by the gateway only from the catalogue rule (the window can no longer ask for it); true in older histories where the window did. */
  greenChannel: boolean;
  materials: MaterialRef[];
  /** 首问责任人's name: the officer's name when an officer is recorded, else the free text of older clients. */
  firstInquiryStaff: string;
  /** 首问负责: the officer account (resolved by the gateway); absent in older histories and for legacy free-text intakes. */
  firstInquiryOfficerId?: string;
  agentId?: string;
  /** The service point (便民服务中心) whose window took the project in; absent before service points. */
  servicePointId?: string;
}

export interface ProjectWorkflowInput {
  projectId: string;
  code: string;
  intake: ProjectIntake;
  submittedBy: Actor;
  /**
   * Test/replay override of the one-window receipt instant (migrated projects, replays, tests
   * that need fixed calendar dates); the gateway never sets it. Capped at the workflow start.
   * It is the project's submittedAt and the receipt of the first wave (those tasks reached their
   * departments at intake, 转告相关); a later-wave task reaches its department when its
   * prerequisites are approved — a real event — so its receipt is the moment it starts, which is
   * never earlier than this. Alarms that fell due between the override and the start fire at
   * once, in legal order. Calendars are loaded from the override's year.
   */
  receivedAt?: number;
  /** 全国投资项目代码, reserved by the gateway; absent in histories before it existed. */
  nationalCode?: string;
  /**
   * Check the materials against every routed item's requiredMaterials before accepting (Art. 32);
   * absent in older histories and for clients that have not opted in (see README 受理材料核验).
   */
  checkMaterials?: true;
  /**
   * 绿色通道 by catalogue rule (目录规则): the project type is listed for it, so the gateway set
   * intake.greenChannel; recorded as a grant with reason 目录规则. Absent otherwise and in older histories.
   */
  greenChannelRule?: { projectTypeName: string };
}

export interface ProjectTaskSummary {
  taskId: string;
  itemId: string;
  departmentId: string;
  /**
   * As last reported: since the `lean-intake` patch a task reports only light changes, so this is
   * waiting → received → (its status at its last light change) → its conclusion, not every step.
   */
  status: TaskStatus;
  light: Light;
  decision?: Decision;
  prerequisites: string[];
}

export interface ProjectState {
  projectId: string;
  code: string;
  status: ProjectStatus;
  /** Worst light among the open tasks (received, supplement_requested, accepted); green when none is open. */
  light: Light;
  registered: boolean;
  tasks: ProjectTaskSummary[];
  withdrawnAt?: number;
  /** While awaiting_materials: what each item still lacks (the window's 一次性告知). */
  missingMaterials?: MissingMaterials[];
  /** When the materials were complete and the fan-out began (受理日期); absent in older histories. */
  acceptedAt?: number;
  /** Materials were checked and complete at the first submission (当场受理, counts toward 现场办结率). */
  acceptedOnTheSpot?: boolean;
  /** 绿色通道: granted after intake by the efficiency office, or at intake by the catalogue rule (reason 目录规则). */
  greenChannel?: GreenChannelGrant;
  /** Set once the one consolidated reply exists (also after a withdrawal, with outcome `withdrawn`). */
  replyVersion?: number;
}

export interface GreenChannelGrant {
  reason: string;
  grantedBy: Actor;
  grantedAt: number;
}

export interface GrantGreenChannelInput {
  actor: Actor;
  reason: string;
}

export interface SubmitIntakeMaterialsInput {
  actor: Actor;
  materials: MaterialRef[];
}

export interface WithdrawInput {
  actor: Actor;
  reason: string;
}

/** Resolves once intake is written to the read model, so the caller reads its own write. */
export const intakeResultUpdate = updateDef<ProjectState, []>('intakeResult');
/**
 * Materials for a project awaiting them (待补齐材料): recorded; once nothing is missing the project is
 * accepted and fans out. Resolves after the write (and, when accepted, once the first wave is received).
 */
export const submitIntakeMaterialsUpdate = updateDef<ProjectState, [SubmitIntakeMaterialsInput]>('submitIntakeMaterials');
/**
 * Cancels every open task (running ones through their workflows, waiting ones in the read model),
 * then compiles the withdrawn reply; resolves once all of that is written.
 */
export const withdrawProjectUpdate = updateDef<ProjectState, [WithdrawInput]>('withdrawProject');
/** The efficiency office grants the green channel: later tasks start green, running ones switch to the green limit. */
export const grantGreenChannelUpdate = updateDef<ProjectState, [GrantGreenChannelInput]>('grantGreenChannel');
export const projectStateQuery = queryDef<ProjectState>('projectState');
/** Internal: a task workflow tells its project it changed status (for lights and summary). */
export const taskChangedSignal = signalDef<[{ taskId: string; status: TaskStatus; light: Light }]>('taskChanged');

/** A year's schedule was published or corrected; forwarded to every running task. */
export const calendarUpdatedSignal = signalDef<[{ schedule: YearSchedule }]>('calendarUpdated');

export function projectWorkflowId(code: string): string {
  return `project-${code}`;
}

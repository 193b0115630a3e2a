/**
 * When a 联席会议 is convened by rule (issue #13), from one lifecycle event: a task turned red, a
 * prerequisite was refused so a later item cannot start (departments disagree), a department asks
 * for supplements where another has accepted the same materials (they disagree too), or a major
 * project was taken in. Pure; the worker's lifecycle activity applies it when it writes the event.
 */
import type { MEETING_TRIGGERS } from './vocabulary';
export interface MeetingRules {
  onRed: boolean;
  onDisagreement: boolean;
  /** One department requests a supplement (一次性告知) on materials another has already accepted. */
  onSupplementDisagreement: boolean;
  /** 万元; 0 = off. */
  majorInvestmentWan: number;
  /** The meeting is held on this working day after the trigger. */
  noticeWorkingDays: number;
}

export const DEFAULT_MEETING_RULES: MeetingRules = { onRed: true, onDisagreement: true, onSupplementDisagreement: true, majorInvestmentWan: 50_000, noticeWorkingDays: 3 };

export type MeetingTrigger = (typeof MEETING_TRIGGERS)[number];

export interface TriggerEvent {
  type: string;
  taskId?: string;
  departmentId?: string;
  payload: Record<string, unknown>;
}

/** The project as the rules see it; `acceptedBy` only when the event is a supplement request. */
export interface TriggerProject {
  investmentWan: number;
  /**
   * Filed but not yet accepted (待补齐材料): no department has a task to meet about, so the
   * major-project rule waits for `project.accepted` instead of firing at `project.submitted`.
   */
  awaitingMaterials?: boolean;
  /** Other departments that have accepted (受理) their task on the same submission. */
  acceptedBy?: string[];
}

export function meetingTrigger(
  e: TriggerEvent,
  project: TriggerProject,
  rules: MeetingRules,
): { trigger: MeetingTrigger; detail: string } | undefined {
  if (rules.onRed && e.type === 'task.light_changed' && e.payload.to === 'red') {
    return { trigger: 'red_task', detail: `审批任务 ${e.taskId ?? ''} 超过承诺时限亮红灯` };
  }
  if (rules.onDisagreement && e.type === 'task.not_started') {
    return { trigger: 'disagreement', detail: `审批任务 ${e.taskId ?? ''} 的前置事项不予许可，部门意见不一致` };
  }
  const others = (project.acceptedBy ?? []).filter((d) => d !== e.departmentId);
  if (rules.onSupplementDisagreement && e.type === 'task.supplement_requested' && others.length > 0) {
    return {
      trigger: 'disagreement',
      detail: `${e.departmentId ?? ''} 对审批任务 ${e.taskId ?? ''} 一次性告知补正材料，而 ${others.join('、')} 已受理，部门意见不一致`,
    };
  }
  const takenIn = (e.type === 'project.submitted' && !project.awaitingMaterials) || e.type === 'project.accepted';
  if (rules.majorInvestmentWan > 0 && takenIn && project.investmentWan >= rules.majorInvestmentWan) {
    return { trigger: 'major_project', detail: `重大项目：总投资 ${project.investmentWan} 万元，达到 ${rules.majorInvestmentWan} 万元` };
  }
  return undefined;
}

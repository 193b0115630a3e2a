/** Chinese names of event types, for the department's view of a task's events. */
import type { Schemas } from '../api';

const labels: Partial<Record<Schemas['EventType'], string>> = {
  'project.submitted': '窗口受理申报',
  'project.materials_supplemented': '窗口提交补正材料',
  'project.withdrawn': '申请人撤回申请',
  'project.replied': '集中回复',
  'task.waiting': '等待前置事项办结',
  'task.received': '任务推送至本部门',
  'task.accepted': '签收受理',
  'task.deemed_accepted': '超过 5 个工作日未签收，视为受理',
  'task.supplement_requested': '一次性告知补正材料（暂停计时）',
  'task.supplement_received': '收到补正材料（恢复计时）',
  'task.decided': '作出审批决定',
  'task.not_started': '前置事项不予许可，未启动',
  'task.cancelled': '因撤回取消',
  'task.reassigned': '设置职位代理',
  'task.delegation_expired': '职位代理到期',
  'task.unstaffed': 'A 角与 B 角均不在岗，无人可办（请负责人安排）',
  'task.light_changed': '亮灯变化',
  'task.deadline_reprojected': '工作日历调整，重新推算到期日',
  'task.reminder': '时限提醒',
  'task.notice_violation': '一次性告知违规',
  'task.statutory_breached': '超过法定时限',
  'task.deadline_extension_requested': '申请延期办结',
  'task.deadline_extended': '延期办结已批准（已告知申请人）',
  'task.deadline_extension_refused': '延期办结申请未获批准',
  'task.excluded_period_started': '开始法定不计算期间（暂停计时，已告知申请人）',
  'task.excluded_period_ended': '法定不计算期间结束（恢复计时）',
  'task.green_channel_granted': '转入绿色通道',
  'supervision.alerted': '效能办预警',
};

export function eventLabel(type: Schemas['EventType']): string {
  return labels[type] ?? type;
}

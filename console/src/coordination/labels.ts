/** Chinese words for joint meetings (联席会议 / 会商 / 会审), 会签, absences (AB 角), and the light of a commitment. */
import type { Light, Schemas } from '../api';
import { shanghaiToday } from '../format';

export type Meeting = Schemas['JointMeeting'];
export type Countersign = Schemas['Countersign'];
export type Order = Schemas['SupervisionOrder'];

export const meetingKindLabel: Record<Meeting['kind'], string> = { joint_meeting: '联席会议', consultation: '会商', joint_review: '会审' };
export const meetingTriggerLabel: Record<Meeting['trigger'], string> = {
  manual: '人工召集',
  red_task: '任务亮红灯（规则召集）',
  disagreement: '部门意见不一致（规则召集）',
  major_project: '重大项目（规则召集）',
};
export const meetingStatusLabel: Record<Meeting['status'], string> = { scheduled: '已召集，待形成纪要', minuted: '已形成纪要' };

export const countersignStatusLabel: Record<Countersign['status'], string> = { open: '签署中', overdue: '已逾期，仍有部门未签署', completed: '已全部签署' };
export const signatureStatusLabel: Record<Countersign['signatures'][number]['status'], string> = { pending: '待签署', signed: '已签署', declined: '不同意' };

/**
 * A commitment is a 督办 order: green until its reminder date (80 % of the limit used), yellow
 * from then, red once overdue and unanswered; answered orders have no light.
 */
export function commitmentLight(o: Order, today: string = shanghaiToday()): { light: Light | null; text: string } {
  if (o.status === 'completed') return { light: null, text: o.response?.late ? `已履行（逾期 ${o.response.workingDaysOver} 个工作日）` : '已按期履行' };
  if (o.status === 'overdue') return { light: 'red', text: `逾期未履行（期限 ${o.dueDate}）` };
  if (today >= o.reminderDate) return { light: 'yellow', text: `临近期限 ${o.dueDate}` };
  return { light: 'green', text: `期限 ${o.dueDate}` };
}

export const absenceKindLabel: Record<Schemas['OfficerAbsence']['kind'], string> = { leave: '请假', training: '培训' };

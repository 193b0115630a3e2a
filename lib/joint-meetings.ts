/**
 * 联席会议 / 会商 / 会审 records (issue #13): the writes that convene a meeting, shared by the
 * gateway (by hand) and the lifecycle activity (by rule). A meeting is a read-model object with
 * guarded writes, not a workflow: its clocks are the 督办 orders its minutes issue.
 */
import type { MEETING_KINDS } from '../domain/vocabulary';
import type { Db } from './db/client';
import { loadSchedules } from './calendar';
import { eventRow, type Audience } from '../activities/events';
import { meetingTrigger, type MeetingRules, type MeetingTrigger, type TriggerEvent, type TriggerProject } from '../domain/meeting-rules';
import { calendarYears, deadlineAfter, workCalendar } from '../domain/working-deadline';
import { shanghaiDateOf } from '../domain/clock';
import type { Actor } from '../workflows/shared';

export type MeetingKind = (typeof MEETING_KINDS)[number];
export const MEETING_KIND_LABEL: Record<MeetingKind, string> = { joint_meeting: '联席会议', consultation: '会商', joint_review: '会审' };

/** Tasks still being handled: their departments are invited. */
export { OPEN_TASK_STATUSES } from '../domain/vocabulary';

export interface Convening {
  id: string;
  projectId: string;
  kind: MeetingKind;
  trigger: MeetingTrigger;
  triggerDetail?: string;
  agenda: string;
  meetingDate: string;
  convenedBy: Actor;
  convenedAt: number;
  invitees: { departmentId: string; taskId: string }[];
  audience?: Audience;
}

/** The meeting, its invitees and one `joint_meeting.scheduled` event per invited department (ids derived from the meeting's). */
export function conveneWrites(db: Db, c: Convening) {
  const label = MEETING_KIND_LABEL[c.kind];
  return [
    db.jointMeeting.create({
      data: {
        id: c.id,
        projectId: c.projectId,
        kind: c.kind,
        trigger: c.trigger,
        triggerDetail: c.triggerDetail ?? null,
        agenda: c.agenda,
        meetingDate: c.meetingDate,
        convenedBy: c.convenedBy as unknown as object,
        convenedAt: new Date(c.convenedAt),
        status: 'scheduled',
        invitees: { create: c.invitees.map((i) => ({ id: `${c.id}.${i.departmentId}`, departmentId: i.departmentId, taskId: i.taskId })) },
      },
    }),
    ...c.invitees.map((i) =>
      db.event.create({
        data: eventRow(
          {
            id: `${c.id}.scheduled.${i.departmentId}`,
            type: 'joint_meeting.scheduled',
            projectId: c.projectId,
            taskId: i.taskId,
            departmentId: i.departmentId,
            actor: c.convenedBy,
            payload: { meetingId: c.id, kind: c.kind, trigger: c.trigger, meetingDate: c.meetingDate, agenda: c.agenda, message: `【${label}】请于${c.meetingDate}参加：${c.agenda}` },
            occurredAt: c.convenedAt,
          },
          c.audience,
        ),
      }),
    ),
  ];
}

const RULE_ACTOR: Actor = { role: 'system', keyId: 'system', name: '系统（联席会议规则）' };

/**
 * The writes that convene a meeting by rule for `event`, to be put in the event's own transaction
 * (so a retry neither loses nor doubles it); none when no rule fires, the project has a meeting
 * still to be minuted, or no department has an open task. `openTasks` are those as they stand
 * before the event's write.
 */
export async function ruleMeetingWrites(
  db: Db,
  rules: MeetingRules,
  e: TriggerEvent & { id: string; projectId?: string; occurredAt: number },
  /** Task events pass an investment of 0: the investment rule is the project's. */
  project: Omit<TriggerProject, 'acceptedBy'>,
  /** Read only when a rule fires, so ordinary writes pay nothing. */
  context: () => Promise<{ openTasks: { id: string; departmentId: string }[]; audience?: Audience }>,
) {
  // Only a supplement request needs to know who else accepted; other events pay nothing.
  const acceptedBy =
    rules.onSupplementDisagreement && e.type === 'task.supplement_requested' && e.projectId
      ? (await db.task.findMany({ where: { projectId: e.projectId, status: { in: ['accepted', 'decided'] }, acceptedAt: { not: null } }, select: { departmentId: true }, orderBy: { departmentId: 'asc' } })).map((t) => t.departmentId)
      : undefined;
  const fired = meetingTrigger(e, { ...project, acceptedBy: acceptedBy && [...new Set(acceptedBy)] }, rules);
  if (!fired || !e.projectId) return [];
  const { openTasks, audience } = await context();
  if (openTasks.length === 0) return [];
  if (await db.jointMeeting.findFirst({ where: { projectId: e.projectId, status: 'scheduled' }, select: { id: true } })) return [];
  const calendar = workCalendar(await loadSchedules(db, calendarYears(e.occurredAt)));
  const meetingDate = deadlineAfter(calendar, shanghaiDateOf(e.occurredAt), rules.noticeWorkingDays).date;
  const byDepartment = new Map<string, string>();
  for (const t of openTasks) if (!byDepartment.has(t.departmentId)) byDepartment.set(t.departmentId, t.id);
  return conveneWrites(db, {
    id: `LX-R-${e.id}`,
    projectId: e.projectId,
    kind: 'joint_meeting',
    trigger: fired.trigger,
    triggerDetail: fired.detail,
    agenda: `协调解决：${fired.detail}`,
    meetingDate,
    convenedBy: RULE_ACTOR,
    convenedAt: e.occurredAt,
    invitees: [...byDepartment].map(([departmentId, taskId]) => ({ departmentId, taskId })),
    audience,
  });
}

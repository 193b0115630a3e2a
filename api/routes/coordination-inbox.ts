/**
 * 协同待办 (issue #13): one department's joint meetings and 会签 across all projects — the console's
 * department inbox and its menu counts. Bounded lists (100 each) with unbounded counts; a department
 * sees only its own invitations and signatures.
 */
import { Router } from 'express';
import { principalOf } from '../auth';
import type { ApiDeps } from '../context';
import { ProblemError } from '../http/problem';
import { respond, validated } from '../http/validation';

const LIMIT = 100;

export function coordinationInboxRouter({ db }: ApiDeps): Router {
  const r = Router();

  r.get('/api/v1/coordination-inbox', async (req, res) => {
    validated(req, 'listCoordinationInbox');
    const p = principalOf(req);
    const departmentId = p.departmentId;
    if (p.role !== 'department' || !departmentId) throw ProblemError.forbidden('协同待办只列部门自己的事项，须以部门身份查看');
    const pendingSignature = { departmentId, status: { in: ['pending', 'declined'] }, countersign: { status: { in: ['open', 'overdue'] } } };
    const [invitations, signatures, meetingsToConfirm, meetingsUpcoming, countersignsToSign] = await Promise.all([
      db.jointMeetingInvitee.findMany({
        where: { departmentId, OR: [{ meeting: { status: 'scheduled' } }, { confirmedAt: { not: null } }] },
        include: { meeting: true },
        // Unconfirmed first (nulls first in both providers' ascending order is not portable: sorted below).
        orderBy: [{ meeting: { meetingDate: 'desc' } }, { meetingId: 'desc' }],
        take: LIMIT,
      }),
      db.countersignSignature.findMany({
        where: pendingSignature,
        include: { countersign: true },
        orderBy: [{ countersign: { dueDate: 'asc' } }, { countersignId: 'asc' }],
        take: LIMIT,
      }),
      db.jointMeetingInvitee.count({ where: { departmentId, confirmedAt: null, meeting: { status: 'scheduled' } } }),
      db.jointMeetingInvitee.count({ where: { departmentId, confirmedAt: { not: null }, meeting: { status: 'scheduled' } } }),
      db.countersignSignature.count({ where: pendingSignature }),
    ]);
    const projectIds = [...new Set([...invitations.map((i) => i.meeting.projectId), ...signatures.map((s) => s.countersign.projectId)])];
    const [projects, tasks] = await Promise.all([
      db.project.findMany({ where: { id: { in: projectIds } }, select: { id: true, code: true, name: true } }),
      db.task.findMany({ where: { projectId: { in: projectIds }, departmentId }, select: { id: true, projectId: true }, orderBy: { id: 'asc' } }),
    ]);
    const project = new Map(projects.map((x) => [x.id, x]));
    const taskOf = new Map<string, string>();
    for (const t of tasks) if (!taskOf.has(t.projectId)) taskOf.set(t.projectId, t.id);
    const toConfirm = (i: (typeof invitations)[number]) => (i.confirmedAt === null && i.meeting.status === 'scheduled' ? 0 : 1);
    const meetings = [...invitations]
      .sort((a, b) => toConfirm(a) - toConfirm(b))
      .map((i) => ({
        meetingId: i.meetingId,
        projectId: i.meeting.projectId,
        projectCode: project.get(i.meeting.projectId)?.code ?? i.meeting.projectId,
        projectName: project.get(i.meeting.projectId)?.name ?? '',
        kind: i.meeting.kind as 'joint_meeting' | 'consultation' | 'joint_review',
        agenda: i.meeting.agenda,
        meetingDate: i.meeting.meetingDate,
        meetingStatus: i.meeting.status as 'scheduled' | 'minuted',
        taskId: i.taskId,
        confirmedAt: i.confirmedAt?.toISOString() ?? null,
        commitment: i.commitment,
      }));
    const countersigns = signatures.map((s) => ({
      countersignId: s.countersignId,
      projectId: s.countersign.projectId,
      projectCode: project.get(s.countersign.projectId)?.code ?? s.countersign.projectId,
      projectName: project.get(s.countersign.projectId)?.name ?? '',
      title: s.countersign.title,
      leadDepartmentId: s.countersign.leadDepartmentId,
      dueDate: s.countersign.dueDate,
      countersignStatus: s.countersign.status as 'open' | 'overdue',
      signatureStatus: s.status as 'pending' | 'declined',
      declines: s.declines,
      taskId: taskOf.get(s.countersign.projectId) ?? null,
    }));
    respond(res, 'listCoordinationInbox', 200, { departmentId, counts: { meetingsToConfirm, meetingsUpcoming, countersignsToSign }, meetings, countersigns });
  });

  return r;
}

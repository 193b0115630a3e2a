/** 首问负责制 (issue #13): handing a project to another first-inquiry officer. */
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { eventRow } from '../../activities/events';
import { eligibleFirstInquiryOfficer } from '../../lib/first-inquiry';
import { actorOf, principalOf } from '../auth';
import type { ApiDeps } from '../context';
import { ProblemError } from '../http/problem';
import { respond, validated } from '../http/validation';
import { projectInclude } from '../mappers';
import { loadApiProject } from '../project-view';
import { resolveProjectRef } from './project-code';

export function firstInquiryRouter(deps: ApiDeps): Router {
  const { db } = deps;
  const r = Router();

  r.put('/api/v1/projects/:projectId/first-inquiry-officer', async (req, res) => {
    const { path, body } = validated(req, 'reassignFirstInquiryOfficer');
    const principal = principalOf(req);
    const id = await resolveProjectRef(db, path.projectId);
    const project = await db.project.findUnique({ where: { id }, include: projectInclude });
    if (!project) throw ProblemError.notFound(`项目 ${path.projectId} 不存在`);
    const to = await eligibleFirstInquiryOfficer(db, body.officerId, project.servicePointId);
    if ('refused' in to) throw ProblemError.ruleViolated('/officerId', to.refused);
    // The current officer is read inside the transaction, so the event names whom the project really left.
    await db.$transaction(async (tx) => {
      const current = await tx.project.findUniqueOrThrow({ where: { id }, select: { firstInquiryOfficerId: true, firstInquiryStaff: true } });
      if (current.firstInquiryOfficerId === to.id) return; // already theirs: a retry changes nothing
      const from = current.firstInquiryOfficerId ? { id: current.firstInquiryOfficerId, name: current.firstInquiryStaff } : null;
      await tx.project.update({ where: { id }, data: { firstInquiryOfficerId: to.id, firstInquiryStaff: to.name } });
      await tx.event.create({
        data: eventRow(
          {
            id: randomUUID(),
            type: 'project.first_inquiry_reassigned',
            projectId: id,
            actor: actorOf(principal),
            payload: { from, to, reason: body.reason, message: `首问责任人由${from?.name ?? current.firstInquiryStaff}移交给${to.name}：${body.reason}` },
            occurredAt: Date.now(),
          },
          project,
        ),
      });
    });
    const updated = await db.project.findUniqueOrThrow({ where: { id }, include: projectInclude });
    respond(res, 'reassignFirstInquiryOfficer', 200, await loadApiProject(db, updated));
  });

  return r;
}

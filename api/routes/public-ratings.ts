/**
 * 满意度评价 by the applicant through the one-time link on the consolidated reply. The rating enters
 * the tracking workflow like an agent's (one per project, enforced there), with the public as actor,
 * so 满意率 counts it and the event records where it came from.
 */
import { Router } from 'express';
import { shanghaiDateOf } from '../../domain/clock';
import { portalKey, ratingTokenMatches } from '../../lib/public-challenge';
import { recordSatisfactionUpdate, trackingWorkflowId } from '../../workflows/tracking/contracts';
import type { ApiDeps } from '../context';
import { ProblemError } from '../http/problem';
import { respond, validated } from '../http/validation';
import { temporalProblem } from '../temporal-errors';

const APPLICANT_ONLINE = { role: 'public' as const, keyId: 'public-portal', name: '申请人（网上评价）' };

export function publicRatingsRouter({ db, temporal, config }: ApiDeps): Router {
  const r = Router();
  const key = portalKey(config.SECRET_ENCRYPTION_KEYS, 'rating');

  r.post('/api/v1/public/ratings', async (req, res) => {
    const { body } = validated(req, 'submitPublicRating');
    const project = await db.project.findUnique({ where: { code: body.code }, select: { code: true, status: true } });
    // A wrong token answers like a missing project: the link, not the code, is the credential.
    if (!project || !ratingTokenMatches(key, project.code, body.token)) throw ProblemError.notFound('评价链接无效：请使用集中回复所附的链接');
    if (project.status !== 'replied' && project.status !== 'tracking' && project.status !== 'closed') {
      throw ProblemError.conflict('tracking_not_started', '项目尚未集中回复，暂不能评价');
    }
    // The reply is written before the follow-up workflow that records ratings has started (the
    // project becomes 'tracking' once it runs): a link opened in that moment is told to retry.
    if (project.status === 'replied') throw ProblemError.conflict('tracking_not_started', '集中回复刚刚发出，评价服务正在启动，请稍后再提交');
    if (await db.satisfaction.findUnique({ where: { projectId: project.code } })) {
      throw ProblemError.conflict('already_rated', '该项目已评价，每个项目只能评价一次');
    }
    try {
      await temporal.workflow
        .getHandle(trackingWorkflowId(project.code))
        .executeUpdate(recordSatisfactionUpdate, { args: [{ actor: APPLICANT_ONLINE, rating: body.rating, comment: body.comment?.trim() || undefined }] });
    } catch (err) {
      throw temporalProblem(err, '跟踪服务');
    }
    const row = await db.satisfaction.findUniqueOrThrow({ where: { projectId: project.code } });
    respond(res, 'submitPublicRating', 201, { code: project.code, rating: body.rating, recordedOn: shanghaiDateOf(row.recordedAt.getTime()) });
  });

  return r;
}

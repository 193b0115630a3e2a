/**
 * Public complaint intake (网上效能投诉), lookup by tracking number, and the published 通报. A filing
 * enters the same workflow as a window's (startComplaint); the contact is stored for supervision
 * only and no public answer carries it, nor the description. The tracking number is the complaint id
 * plus a random part whose hash is stored: ids are sequential, so the id alone must not open a case.
 */
import { createHash, randomInt } from 'node:crypto';
import { Router } from 'express';
import { shanghaiDateOf } from '../../domain/clock';
import { Prisma } from '../../lib/db/client';
import { checkChallenge, issueChallenge, portalKey } from '../../lib/public-challenge';
import type { ComplaintState } from '../../workflows/complaint/contracts';
import type { ApiDeps } from '../context';
import type { components } from '../generated/openapi';
import { ProblemError } from '../http/problem';
import { respond, validated } from '../http/validation';
import { startComplaint } from './complaints';
import { PUBLIC_CACHE_CONTROL } from './public';
import { allocateSupervisionCode } from './supervision-codes';

type Schemas = components['schemas'];

const PUBLIC_ACTOR = { role: 'public' as const, keyId: 'public-portal', name: '群众（网上投诉）' };
/** Crockford-style alphabet without I, L, O, U: read aloud over the phone without confusion. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const hashToken = (secret: string) => createHash('sha256').update(secret).digest('hex');

export function publicComplaintsRouter(deps: ApiDeps): Router {
  const { db, config } = deps;
  const r = Router();
  const key = portalKey(config.SECRET_ENCRYPTION_KEYS, 'challenge');

  const departmentName = async (id: string) => (await db.department.findUnique({ where: { id }, select: { name: true } }))?.name ?? id;

  r.post('/api/v1/public/complaint-challenges', async (req, res) => {
    validated(req, 'createComplaintChallenge');
    const c = issueChallenge(key, Date.now());
    res.setHeader('Cache-Control', 'no-store');
    respond(res, 'createComplaintChallenge', 201, { token: c.token, question: c.question, expiresAt: new Date(c.expiresAt).toISOString() });
  });

  r.post('/api/v1/public/complaints', async (req, res) => {
    const { body } = validated(req, 'filePublicComplaint');
    const check = checkChallenge(key, body.challenge.token, body.challenge.answer, Date.now());
    // A wrong, expired or forged answer is schema-valid: 422 like every rule the schema cannot state.
    if (!check.ok) throw ProblemError.ruleViolated('/challenge/answer', check.reason);
    if (!(await db.department.findUnique({ where: { id: body.departmentId } }))) throw ProblemError.unknownReference('/departmentId', `部门 ${body.departmentId} 不存在`);
    // A project code the public cannot prove is theirs is kept only when it exists; it never widens what is shown.
    const project = body.projectCode ? await db.project.findUnique({ where: { code: body.projectCode }, select: { id: true } }) : null;
    if (body.projectCode && !project) throw ProblemError.unknownReference('/projectCode', `项目代码 ${body.projectCode} 不存在`);
    // Single use: the nonce's row is written before anything is filed; a replayed challenge fails here.
    try {
      await db.publicChallenge.create({ data: { id: check.nonce, usedAt: new Date() } });
    } catch {
      throw ProblemError.ruleViolated('/challenge/token', '验证题已使用，请刷新后重新作答');
    }
    const id = await allocateSupervisionCode(db, 'TS', Date.now());
    const secret = Array.from({ length: 8 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    await startComplaint(deps, {
      complaintId: id,
      departmentId: body.departmentId,
      projectId: project?.id,
      category: body.category,
      description: body.description,
      complainant: body.contact,
      filedBy: PUBLIC_ACTOR,
    });
    const row = await db.complaint.update({ where: { id }, data: { publicTokenHash: hashToken(`${id}-${secret}`) } });
    respond(res, 'filePublicComplaint', 201, await publicComplaint(row, `${id}-${secret}`, await departmentName(row.departmentId)));
  });

  r.get('/api/v1/public/complaints/:trackingNumber', async (req, res) => {
    const { path } = validated(req, 'getPublicComplaint');
    const row = await db.complaint.findUnique({ where: { publicTokenHash: hashToken(path.trackingNumber) } });
    if (!row) throw ProblemError.notFound('未找到该投诉：请核对查询编号');
    res.setHeader('Cache-Control', 'no-store');
    respond(res, 'getPublicComplaint', 200, await publicComplaint(row, path.trackingNumber, await departmentName(row.departmentId)));
  });

  r.get('/api/v1/public/notices', async (req, res) => {
    validated(req, 'listPublicNotices');
    const rows = await db.complaint.findMany({ where: { notice: { not: Prisma.DbNull } }, orderBy: { updatedAt: 'desc' }, take: 200 });
    const departments = new Map((await db.department.findMany({ select: { id: true, name: true } })).map((d) => [d.id, d.name]));
    res.setHeader('Cache-Control', PUBLIC_CACHE_CONTROL);
    respond(res, 'listPublicNotices', 200, {
      items: rows
        .map((c) => {
          const notice = c.notice as unknown as NonNullable<ComplaintState['notice']>;
          const resolution = c.resolution as ComplaintState['resolution'] | null;
          return {
            complaintId: c.id,
            departmentName: departments.get(c.departmentId) ?? c.departmentId,
            category: c.category as Schemas['ComplaintCategory'],
            finding: resolution?.finding ?? null,
            action: resolution?.action ?? null,
            reason: notice.reason,
            noticedOn: shanghaiDateOf(notice.markedAt),
          };
        })
        .sort((a, b) => b.noticedOn.localeCompare(a.noticedOn)),
    });
  });

  return r;
}

interface ComplaintRow {
  category: string;
  status: string;
  filedAt: Date;
  dueDate: string | null;
  resolution: unknown;
}

async function publicComplaint(c: ComplaintRow, trackingNumber: string, departmentName: string): Promise<Schemas['PublicComplaint']> {
  const resolution = c.resolution as ComplaintState['resolution'] | null;
  return {
    trackingNumber,
    category: c.category as Schemas['ComplaintCategory'],
    departmentName,
    status: c.status as Schemas['ComplaintStatus'],
    filedOn: shanghaiDateOf(c.filedAt.getTime()),
    dueDate: c.dueDate,
    resolution: resolution ? { finding: resolution.finding, action: resolution.action, resolvedOn: shanghaiDateOf(resolution.resolvedAt) } : null,
  };
}

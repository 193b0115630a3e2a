/** 首问责任岗 register (issue #13): admins write posts, everyone signed in reads them, the portal shows them. */
import { Router } from 'express';
import { holdsPostIn, unitNames, type FirstInquiryUnitKind } from '../../lib/first-inquiry';
import type { ApiDeps } from '../context';
import type { components } from '../generated/openapi';
import { ProblemError } from '../http/problem';
import { respond, validated } from '../http/validation';
import { PUBLIC_CACHE_CONTROL } from './public';

type Schemas = components['schemas'];

const include = { officers: { include: { officer: { select: { id: true, name: true } } }, orderBy: { officerId: 'asc' } } } as const;

export function firstInquiryPostsRouter(deps: ApiDeps): Router {
  const { db } = deps;
  const r = Router();

  async function listPosts(unitId?: string) {
    return db.firstInquiryPost.findMany({ where: unitId ? { unitId } : {}, include, orderBy: [{ unitKind: 'asc' }, { unitId: 'asc' }, { id: 'asc' }] });
  }
  type PostRow = Awaited<ReturnType<typeof listPosts>>[number];
  const toApi = (p: PostRow, nameOf: (kind: string, id: string) => string): Schemas['FirstInquiryPost'] => ({
    id: p.id,
    unitKind: p.unitKind as FirstInquiryUnitKind,
    unitId: p.unitId,
    unitName: nameOf(p.unitKind, p.unitId),
    postName: p.postName,
    duties: p.duties,
    phone: p.phone,
    officers: p.officers.map((o) => ({ id: o.officer.id, name: o.officer.name })),
    updatedAt: p.updatedAt.toISOString(),
  });

  r.get('/api/v1/first-inquiry-posts', async (req, res) => {
    const { query } = validated(req, 'listFirstInquiryPosts');
    const [rows, nameOf] = await Promise.all([listPosts(query.unitId), unitNames(db)]);
    respond(res, 'listFirstInquiryPosts', 200, { items: rows.map((p) => toApi(p, nameOf)) });
  });

  r.put('/api/v1/first-inquiry-posts/:postId', async (req, res) => {
    const { path, body } = validated(req, 'putFirstInquiryPost');
    const postName = body.postName.trim();
    const duties = body.duties.trim();
    if (!postName) throw ProblemError.ruleViolated('/postName', '岗位名称不能为空白');
    if (!duties) throw ProblemError.ruleViolated('/duties', '岗位职责不能为空白');
    const unit =
      body.unitKind === 'service_point'
        ? await db.servicePoint.findUnique({ where: { id: body.unitId } })
        : await db.department.findUnique({ where: { id: body.unitId } });
    if (!unit) throw ProblemError.unknownReference('/unitId', `${body.unitKind === 'service_point' ? '便民服务中心' : '部门'} ${body.unitId} 不存在`);
    const existing = await db.firstInquiryPost.findUnique({ where: { id: path.postId } });
    if (existing && (existing.unitKind !== body.unitKind || existing.unitId !== body.unitId)) {
      throw ProblemError.ruleViolated('/unitId', `岗位 ${path.postId} 已登记在 ${existing.unitId}，不能改到其他单位；请另设岗位编号`);
    }
    const officers = await db.officer.findMany({ where: { id: { in: body.officerIds } } });
    body.officerIds.forEach((id, i) => {
      const officer = officers.find((o) => o.id === id);
      if (!officer || officer.disabledAt || !holdsPostIn(officer, body.unitKind, body.unitId)) {
        throw ProblemError.ruleViolated(`/officerIds/${i}`, `工作人员 ${id} 不是 ${unit.name} 的在职${body.unitKind === 'service_point' ? '窗口人员' : '部门人员'}，不能在该岗位`);
      }
    });
    const data = { unitKind: body.unitKind, unitId: body.unitId, postName, duties, phone: body.phone ?? null };
    // One transaction: the post and its holders change together, so a reader never sees half a post.
    await db.$transaction([
      db.firstInquiryPost.upsert({ where: { id: path.postId }, create: { id: path.postId, ...data }, update: data }),
      db.firstInquiryPostOfficer.deleteMany({ where: { postId: path.postId, officerId: { notIn: body.officerIds } } }),
      ...body.officerIds.map((officerId) =>
        db.firstInquiryPostOfficer.upsert({ where: { postId_officerId: { postId: path.postId, officerId } }, create: { postId: path.postId, officerId }, update: {} }),
      ),
    ]);
    const saved = await db.firstInquiryPost.findUniqueOrThrow({ where: { id: path.postId }, include });
    respond(res, 'putFirstInquiryPost', existing ? 200 : 201, toApi(saved, await unitNames(db)));
  });

  r.get('/api/v1/public/first-inquiry-posts', async (req, res) => {
    validated(req, 'listPublicFirstInquiryPosts');
    const [rows, nameOf] = await Promise.all([listPosts(), unitNames(db)]);
    res.setHeader('Cache-Control', PUBLIC_CACHE_CONTROL);
    // 公示 shows posts and duties only: no officer names, accounts or personal phones.
    respond(res, 'listPublicFirstInquiryPosts', 200, {
      items: rows.map((p) => ({ unitName: nameOf(p.unitKind, p.unitId), postName: p.postName, duties: p.duties, phone: p.phone })),
    });
  });

  return r;
}

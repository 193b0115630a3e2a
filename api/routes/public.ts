/**
 * The public portal's operations (/api/v1/public/…, no credentials): the guide, the flow of a
 * project type, the critical-path forecast, and the applicant's progress lookup. Every answer is
 * built field by field into a Public* schema, never by spreading a row or an internal shape, so a
 * column added to the read model cannot reach the public.
 */
import { Router } from 'express';
import { addDays, compareDates, shanghaiDateOf } from '../../domain/clock';
import type { Forecast } from '../../domain/forecast';
import { selectItems, type Applicability, type CatalogueItem, type LandUse } from '../../domain/routing';
import { loadCatalogue } from '../../lib/catalogue';
import { forecastCalendar, planForecasts, projectForecast } from '../../lib/forecast';
import { portalKey, ratingPath } from '../../lib/public-challenge';
import type { ApiDeps } from '../context';
import { statisticsFor } from './statistics';
import type { components } from '../generated/openapi';
import { ProblemError } from '../http/problem';
import { respond, validated } from '../http/validation';
import { NATIONAL_CODE_PATTERN } from '../../domain/national-code';

type Schemas = components['schemas'];

/** Catalogue and guide change rarely (an admin edit); five minutes of staleness is acceptable for the public. */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=300';
/** The forecast accepts submission dates within a year of today: enough to plan, bounded work per request. */
const FORECAST_WINDOW_DAYS = 366;

const LAND_USE_LABEL: Record<LandUse, string> = { new_land: '新增建设用地', existing_land: '自有或已取得土地使用权' };
const EIA_LABEL: Record<string, string> = { report: '环境影响报告书', table: '环境影响报告表', registration: '环境影响登记表' };
const REGIME_LABEL: Record<string, string> = { record: '备案', approval: '核准' };

/** The applicability rules in words, for applicants (domain/routing.appliesTo is the rule itself). */
export function describeConditions(a: Applicability, typeName: (id: string) => string): string[] {
  const out: string[] = [];
  if (a.projectTypes?.length) out.push(`项目类型：${a.projectTypes.map(typeName).join('、')}`);
  if (a.minInvestmentWan !== undefined) out.push(`总投资 ${a.minInvestmentWan} 万元及以上`);
  if (a.maxInvestmentWan !== undefined) out.push(`总投资低于 ${a.maxInvestmentWan} 万元`);
  if (a.landUse?.length) out.push(`用地：${a.landUse.map((l) => LAND_USE_LABEL[l]).join('、')}`);
  if (a.minBuildingAreaM2 !== undefined) out.push(`建筑面积 ${a.minBuildingAreaM2} 平方米及以上`);
  if (a.eiaCategories?.length) out.push(`环评类别：${a.eiaCategories.map((c) => EIA_LABEL[c] ?? c).join('、')}`);
  if (a.investmentRegimes?.length) out.push(`管理方式：${a.investmentRegimes.map((r) => REGIME_LABEL[r] ?? r).join('、')}`);
  return out;
}

export function publicRouter({ db, config }: ApiDeps): Router {
  const r = Router();
  const ratingKey = portalKey(config.SECRET_ENCRYPTION_KEYS, 'rating');

  async function catalogueContext() {
    const [catalogue, departments, types] = await Promise.all([
      loadCatalogue(db),
      db.department.findMany(),
      db.projectType.findMany({ orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }] }),
    ]);
    const departmentName = new Map(departments.map((d) => [d.id, d.name]));
    return { catalogue, departmentName, types };
  }

  /** The items a choice of type, land use and investment routes to, and what waits on what. */
  async function flowOf(query: { type: string; investmentWan: number; landUse?: LandUse }) {
    const { catalogue, departmentName, types } = await catalogueContext();
    if (!types.some((t) => t.id === query.type)) {
      const message = `没有项目类型 ${query.type}，请从办事指南中选择`;
      throw new ProblemError('unknown-reference', message, { errors: [{ in: 'query', pointer: '/type', message, keyword: 'reference' }] });
    }
    const items = selectItems(catalogue, { type: query.type, investmentWan: query.investmentWan, landUse: query.landUse });
    const flow: Schemas['PublicFlow'] = {
      type: query.type,
      items: items.map((i) => ({
        id: i.id,
        name: i.name,
        departmentName: departmentName.get(i.departmentId) ?? i.departmentId,
        statutoryDays: i.statutoryDays,
        promisedDays: i.promisedDays,
        greenChannelDays: i.greenChannelDays ?? null,
        limitUnit: i.limitUnit ?? 'workingDays',
        prerequisites: [...i.prerequisites],
      })),
      edges: items.flatMap((i) => i.prerequisites.map((from) => ({ from, to: i.id }))),
    };
    return { items, flow };
  }

  r.get('/api/v1/public/guide', async (req, res) => {
    validated(req, 'getPublicGuide');
    const { catalogue, departmentName, types } = await catalogueContext();
    const typeName = (id: string) => types.find((t) => t.id === id)?.name ?? id;
    res.setHeader('Cache-Control', PUBLIC_CACHE_CONTROL);
    respond(res, 'getPublicGuide', 200, {
      projectTypes: types.map((t) => ({ id: t.id, name: t.name, leadDepartmentName: departmentName.get(t.leadDepartmentId) ?? null })),
      items: catalogue.map((i: CatalogueItem) => ({
        id: i.id,
        name: i.name,
        departmentId: i.departmentId,
        departmentName: departmentName.get(i.departmentId) ?? i.departmentId,
        stage: i.stage ?? 'intake',
        statutoryDays: i.statutoryDays,
        promisedDays: i.promisedDays,
        greenChannelDays: i.greenChannelDays ?? null,
        limitUnit: i.limitUnit ?? 'workingDays',
        legalBasis: (i.legalBasis ?? []).map((b) => ({ law: b.law, article: b.article, ...(b.text ? { text: b.text } : {}) })),
        fee: i.fee?.trim() ? i.fee : '不收费',
        requiredMaterials: [...i.requiredMaterials],
        chainMaterials: (i.chainMaterials ?? []).map((c) => ({ material: c.material, producedBy: [...c.producedBy] })),
        prerequisites: [...i.prerequisites],
        conditions: describeConditions(i.applicability ?? {}, typeName),
      })),
    });
  });

  r.get('/api/v1/public/flow', async (req, res) => {
    const { query } = validated(req, 'getPublicFlow');
    const { flow } = await flowOf(query);
    res.setHeader('Cache-Control', PUBLIC_CACHE_CONTROL);
    respond(res, 'getPublicFlow', 200, flow);
  });

  r.get('/api/v1/public/forecast', async (req, res) => {
    const { query } = validated(req, 'forecastProject');
    const today = shanghaiDateOf(Date.now());
    const submittedOn = query.submittedOn ?? today;
    if (compareDates(submittedOn, addDays(today, -FORECAST_WINDOW_DAYS)) < 0 || compareDates(submittedOn, addDays(today, FORECAST_WINDOW_DAYS)) > 0) {
      const message = '受理日期超出可推算范围：须在今天前后一年之内';
      throw ProblemError.rulesViolated(message, [{ in: 'query', pointer: '/submittedOn', message }]);
    }
    const { items, flow } = await flowOf(query);
    const calendar = await forecastCalendar(db, submittedOn, submittedOn);
    const plans = planForecasts(items, submittedOn, calendar);
    respond(res, 'forecastProject', 200, {
      submittedOn,
      flow,
      promised: publicRun(plans.promised),
      statutory: publicRun(plans.statutory),
      greenChannel: publicRun(plans.greenChannel),
    });
  });

  r.post('/api/v1/public/progress-lookups', async (req, res) => {
    const { body } = validated(req, 'lookupProjectProgress');
    const where = NATIONAL_CODE_PATTERN.test(body.code) ? { nationalCode: body.code } : { code: body.code };
    const project = await db.project.findFirst({ where, include: { satisfaction: { select: { projectId: true } } } });
    // A wrong USCC looks exactly like a missing project: the lookup must not confirm that a code exists.
    if (!project || project.applicantUscc !== body.uscc) throw ProblemError.notFound('未找到该项目：请核对项目代码与统一社会信用代码');
    const [tasks, departments, reply] = await Promise.all([
      db.task.findMany({ where: { projectId: project.id }, include: { item: { select: { name: true, sortOrder: true } } }, orderBy: { id: 'asc' } }),
      db.department.findMany(),
      db.consolidatedReply.findFirst({ where: { projectId: project.id }, orderBy: { version: 'desc' } }),
    ]);
    const departmentName = (id: string) => departments.find((d) => d.id === id)?.name ?? id;
    const date = (d: Date | null) => (d ? shanghaiDateOf(d.getTime()) : null);
    const forecast = await projectForecast(db, project, tasks);
    tasks.sort((a, b) => a.item.sortOrder - b.item.sortOrder || a.itemId.localeCompare(b.itemId));
    res.setHeader('Cache-Control', 'no-store');
    respond(res, 'lookupProjectProgress', 200, {
      code: project.code,
      name: project.name,
      applicantName: project.applicantName,
      status: project.status as Schemas['ProjectStatus'],
      light: project.light as Schemas['Light'],
      submittedOn: shanghaiDateOf(project.submittedAt.getTime()),
      repliedOn: date(project.repliedAt),
      forecast: forecast && {
        promisedReplyDueDate: forecast.promised.replyDueDate,
        statutoryReplyDueDate: forecast.statutory.replyDueDate,
        criticalPath: forecast.promised.criticalPath,
        provisional: forecast.promised.provisional || forecast.statutory.provisional,
      },
      items: tasks.map((t) => ({
        itemId: t.itemId,
        itemName: t.item.name,
        departmentName: departmentName(t.departmentId),
        status: t.status as Schemas['TaskStatus'],
        light: t.light as Schemas['Light'],
        receivedOn: date(t.receivedAt),
        decidedOn: date(t.decidedAt),
        promisedDueDate: t.promisedDueDate,
        statutoryDueDate: t.statutoryDueDate,
        decision: (t.decision ?? null) as Schemas['Decision'] | null,
        permitNumber: ((t.decisionDetail ?? {}) as { permitNumber?: string | null }).permitNumber ?? null,
      })),
      reply: reply && publicReply(reply, departmentName, ratingPath(ratingKey, project, project.satisfaction !== null)),
    });
  });

  r.get('/api/v1/public/performance', async (req, res) => {
    const { query } = validated(req, 'getPublicPerformance');
    const month = query.month ?? shanghaiDateOf(Date.now()).slice(0, 7);
    const [y, m] = month.split('-').map(Number);
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    // The same figures as the supervisor's statistics (domain/statistics via the event log), one month.
    const stats = await statisticsFor(db, `${month}-01`, `${month}-${String(last).padStart(2, '0')}`);
    const departments = await db.department.findMany({ orderBy: { id: 'asc' } });
    const rate = (x: { value: number | null; numerator: number; denominator: number }) => ({ value: x.value, numerator: x.numerator, denominator: x.denominator });
    res.setHeader('Cache-Control', PUBLIC_CACHE_CONTROL);
    respond(res, 'getPublicPerformance', 200, {
      month,
      departments: departments
        .filter((d) => stats.departments[d.id])
        .map((d) => {
          const f = stats.departments[d.id];
          return { departmentName: d.name, tasksConcluded: f.tasksConcluded, onTime: rate(f.onTimePromised), satisfaction: rate(f.satisfaction) };
        }),
    });
  });

  return r;
}

function publicRun(f: Forecast): Schemas['PublicForecastRun'] {
  return {
    replyDueDate: f.replyDueDate,
    criticalPath: f.criticalPath,
    provisional: f.provisional,
    // A plan has no void or actual items: every item has a start, a due date and a limit.
    items: f.items.map((i) => ({ itemId: i.itemId, startDate: i.startDate!, dueDate: i.dueDate!, days: i.days!, unit: i.unit, critical: i.critical })),
  };
}

interface StoredReply {
  outcome: Schemas['PublicReply']['outcome'];
  summary: string;
  items: { itemName: string; departmentId: string; decision: Schemas['Decision'] | null; reasons?: string[]; conditions?: string[]; permitNumber?: string | null; decidedAt?: string | null }[];
}

function publicReply(
  reply: { version: number; content: unknown; createdAt: Date },
  departmentName: (id: string) => string,
  ratingLink: string | null,
): Schemas['PublicReply'] {
  const c = reply.content as StoredReply;
  return {
    ratingPath: ratingLink,
    version: reply.version,
    outcome: c.outcome,
    summary: c.summary,
    issuedOn: shanghaiDateOf(reply.createdAt.getTime()),
    items: c.items.map((i) => ({
      itemName: i.itemName,
      departmentName: departmentName(i.departmentId),
      decision: i.decision ?? null,
      reasons: i.reasons ?? [],
      conditions: i.conditions ?? [],
      permitNumber: i.permitNumber ?? null,
      decidedOn: i.decidedAt ? shanghaiDateOf(Date.parse(i.decidedAt)) : null,
    })),
  };
}

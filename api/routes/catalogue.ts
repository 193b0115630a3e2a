/** Catalogue reads and edits (admin), and the window's deadline calculator (computeDeadline). */
import { Router } from 'express';
import {
  computeDeadline,
  createWorkCalendar,
  explanationLines,
  isClockError,
  summarizeDeadline,
} from '../../domain/clock';
import { CatalogueError, type CatalogueItem } from '../../domain/routing';
import { MAX_YEAR } from '../../domain/clock/dates';
import { loadSchedules } from '../../lib/calendar';
import { latestCatalogueVersion, loadCatalogue } from '../../lib/catalogue';
import { deleteCatalogueItem, putCatalogueItem } from '../../lib/catalogue-versions';
import { principalOf } from '../auth';
import type { ApiDeps } from '../context';
import type { components } from '../generated/openapi';
import { ProblemError } from '../http/problem';
import { respond, validated } from '../http/validation';

type ApiItem = components['schemas']['ApprovalItem'];

const toApiItem = (i: CatalogueItem): ApiItem => ({
  ...i,
  greenChannelDays: i.greenChannelDays ?? null,
  limitUnit: i.limitUnit ?? 'workingDays',
  stage: i.stage ?? 'intake',
  legalBasis: i.legalBasis ?? [],
  fee: i.fee ?? null,
  onTheSpot: i.onTheSpot ?? false,
  chainMaterials: i.chainMaterials ?? [],
});

/**
 * A catalogue that would break (cycle, missing prerequisite) is refused with the problem named. A
 * deletion cannot orphan a chain-produced material (its producer is a prerequisite, refused first);
 * should it, the producer is still needed, as for a dependant.
 */
function catalogueConflict(err: unknown): unknown {
  if (!(err instanceof CatalogueError) || err.code === 'duplicate_item') return err;
  const reason = err.code === 'invalid_chain_material' ? 'unknown_prerequisite' : err.code;
  return ProblemError.conflict(reason, err.message, { items: err.items });
}

/** On an edit, a chain-produced material that no prerequisite issues is a rule of the item itself (422). */
function catalogueProblem(err: unknown): unknown {
  if (err instanceof CatalogueError && err.code === 'invalid_chain_material') return ProblemError.ruleViolated('/chainMaterials', err.message);
  return catalogueConflict(err);
}

export function catalogueRouter({ db }: ApiDeps): Router {
  const r = Router();

  r.get('/api/v1/departments', async (req, res) => {
    validated(req, 'listDepartments');
    const rows = await db.department.findMany({ orderBy: { id: 'asc' } });
    respond(res, 'listDepartments', 200, { items: rows.map(({ id, name, shortName }) => ({ id, name, shortName })) } as never);
  });

  r.get('/api/v1/approval-items', async (req, res) => {
    const { query } = validated(req, 'listApprovalItems');
    const [items, catalogueVersion] = await Promise.all([
      loadCatalogue(db, query.departmentId ? { departmentId: query.departmentId } : {}),
      latestCatalogueVersion(db),
    ]);
    respond(res, 'listApprovalItems', 200, { items: items.map(toApiItem), catalogueVersion });
  });

  r.put('/api/v1/approval-items/:itemId', async (req, res) => {
    const { path, body } = validated(req, 'putApprovalItem');
    if (!(await db.department.findUnique({ where: { id: body.departmentId }, select: { id: true } }))) {
      throw ProblemError.unknownReference('/departmentId', `部门 ${body.departmentId} 不存在`);
    }
    if (body.promisedDays > body.statutoryDays) {
      throw ProblemError.ruleViolated('/promisedDays', '承诺时限不得超过法定时限');
    }
    if (body.greenChannelDays != null && body.greenChannelDays > body.promisedDays) {
      throw ProblemError.ruleViolated('/greenChannelDays', '绿色通道承诺时限不得超过承诺时限');
    }
    const item: CatalogueItem = { id: path.itemId, ...body, applicability: body.applicability ?? {} };
    try {
      const { catalogueVersion } = await putCatalogueItem(db, item, principalOf(req).keyId);
      const [saved] = (await loadCatalogue(db)).filter((i) => i.id === path.itemId);
      respond(res, 'putApprovalItem', 200, { item: toApiItem(saved), catalogueVersion });
    } catch (err) {
      throw catalogueProblem(err);
    }
  });

  r.delete('/api/v1/approval-items/:itemId', async (req, res) => {
    const { path } = validated(req, 'deleteApprovalItem');
    let result;
    try {
      result = await deleteCatalogueItem(db, path.itemId, principalOf(req).keyId);
    } catch (err) {
      throw catalogueConflict(err);
    }
    if (!result) throw ProblemError.notFound(`审批事项 ${path.itemId} 不存在`);
    respond(res, 'deleteApprovalItem', 200, { itemId: path.itemId, catalogueVersion: result.catalogueVersion });
  });

  r.post('/api/v1/deadlines/compute', async (req, res) => {
    const { body } = validated(req, 'computeDeadline');
    const startYear = Number(body.startDate.slice(0, 4));
    // 365 working days can reach into the second year after the start; the clock ends with 2099,
    // so a deadline past it is refused by computeDeadline (400) rather than by a calendar build (500).
    const years = [startYear, startYear + 1, startYear + 2].filter((y) => y <= MAX_YEAR);
    const calendar = createWorkCalendar(await loadSchedules(db, years));
    const unit = body.unit ?? 'workingDays';
    try {
      const suspensions = (body.suspensions ?? []).map((s) => ({ kind: 'correction' as const, from: s.from, to: s.to }));
      const result = computeDeadline({ startDate: body.startDate, workingDays: body.workingDays, unit, suspensions }, calendar);
      if (result.state !== 'due') throw new Error('closed suspensions cannot pause a deadline');
      respond(res, 'computeDeadline', 200, {
        startDate: body.startDate,
        workingDays: body.workingDays,
        unit,
        rollOver: result.explanation.rollOver,
        dueDate: result.dueDate,
        provisional: result.provisional,
        suspendedWorkingDays: result.explanation.suspendedDaysSkipped.filter((d) => d.dayKind === 'workday' || d.dayKind === 'makeup').length,
        explanation: explanationLines(result.explanation),
        summary: summarizeDeadline(result, { startEvent: '受理' }),
      });
    } catch (err) {
      // A suspension that ends before it starts, or a deadline past the last calendar year: rules no schema states.
      if (isClockError(err)) throw ProblemError.ruleViolated(typeof err.details.index === 'number' ? `/suspensions/${err.details.index}` : '', err.message);
      throw err;
    }
  });

  return r;
}

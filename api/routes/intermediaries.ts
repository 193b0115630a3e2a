/**
 * Intermediary services (中介服务纳入并联审批延伸管理, issue #12): the admin-managed catalogue of
 * intermediaries, starting a period on a task and recording its result, the task's periods, and
 * the intermediaries' efficiency record (中介机构效能评价) as JSON or CSV.
 */
import { Router } from 'express';
import { yellowPercentOf } from '../../lib/config';
import { shanghaiEndOfDay, shanghaiStartOfDay } from '../../domain/clock';
import { efficiencyByIntermediary } from '../../domain/intermediary';
import { intermediaryEndedUpdate, intermediaryStartedUpdate, intermediaryWorkflowId } from '../../workflows/intermediary/contracts';
import { recordIntermediaryResultUpdate, startIntermediaryPeriodUpdate } from '../../workflows/task/contracts';
import { principalOf } from '../auth';
import type { ApiDeps } from '../context';
import { csvDocument } from '../http/csv';
import { ProblemError } from '../http/problem';
import { formatETag, respond, validated } from '../http/validation';
import { intermediaryCsvRow, INTERMEDIARY_CSV_HEADERS, toApiIntermediary, toApiIntermediaryPeriod } from '../intermediary-mappers';
import { engineProblem, isWorkflowNotFound } from '../temporal-errors';
import { actOnTask, loadScopedTask } from './task-actions';

export function intermediariesRouter(deps: ApiDeps): Router {
  const { db, temporal, config } = deps;
  const r = Router();

  /**
   * Waits for the intermediary workflow's read-model write, then answers with the period. A workflow
   * that has already completed wrote its end before completing.
   */
  async function periodAfter(periodId: string, update: typeof intermediaryStartedUpdate) {
    try {
      await temporal.workflow.getHandle(intermediaryWorkflowId(periodId)).executeUpdate(update);
    } catch (err) {
      if (!(update === intermediaryEndedUpdate && isWorkflowNotFound(err))) throw engineProblem(err, '中介服务流程');
    }
    return toApiIntermediaryPeriod(await db.intermediaryPeriod.findUniqueOrThrow({ where: { id: periodId } }));
  }

  r.get('/api/v1/intermediaries', async (req, res) => {
    const { query } = validated(req, 'listIntermediaries');
    const rows = await db.intermediary.findMany({ where: query.includeInactive ? {} : { active: true }, orderBy: { id: 'asc' } });
    respond(res, 'listIntermediaries', 200, { items: rows.map(toApiIntermediary) });
  });

  r.put('/api/v1/intermediaries/:intermediaryId', async (req, res) => {
    const { path, body } = validated(req, 'putIntermediary');
    const data = {
      name: body.name.trim(),
      uscc: body.uscc,
      serviceKinds: body.serviceKinds.map((k) => k.trim()),
      limitDays: body.limitDays,
      contactName: body.contact.name,
      contactPhone: body.contact.phone,
      active: body.active ?? true,
    };
    const row = await db.intermediary.upsert({ where: { id: path.intermediaryId }, create: { id: path.intermediaryId, ...data }, update: data });
    respond(res, 'putIntermediary', 200, toApiIntermediary(row));
  });

  r.post('/api/v1/tasks/:taskId/intermediary-period', async (req, res) => {
    const { path, headers, body } = validated(req, 'startIntermediaryPeriod');
    // The task's scope first, so a foreign task is a 404 whatever the body names.
    await loadScopedTask(db, principalOf(req), path.taskId);
    const x = await db.intermediary.findUnique({ where: { id: body.intermediaryId } });
    if (!x || !x.active) throw ProblemError.unknownReference('/intermediaryId', `中介机构 ${body.intermediaryId} 不在中介服务机构目录中或已停用`);
    const kinds = x.serviceKinds as string[];
    if (!kinds.includes(body.serviceKind)) {
      throw ProblemError.unknownReference('/serviceKind', `${x.name}不提供“${body.serviceKind}”服务（目录所列：${kinds.join('、')}）`);
    }
    const state = await actOnTask(deps, req, path.taskId, headers['If-Match'], startIntermediaryPeriodUpdate, {
      intermediary: { id: x.id, name: x.name, uscc: x.uscc },
      serviceKind: body.serviceKind,
      limitDays: x.limitDays,
      reason: body.reason,
      yellowPercent: yellowPercentOf(config.YELLOW_RATIO),
    });
    res.setHeader('ETag', formatETag(state.version));
    respond(res, 'startIntermediaryPeriod', 201, await periodAfter(state.intermediary!.periodId, intermediaryStartedUpdate));
  });

  r.post('/api/v1/tasks/:taskId/intermediary-period/result', async (req, res) => {
    const { path, headers, body } = validated(req, 'recordIntermediaryResult');
    const state = await actOnTask(deps, req, path.taskId, headers['If-Match'], recordIntermediaryResultUpdate, {
      result: body.result,
      note: body.note,
      rating: body.rating,
      ratingComment: body.ratingComment,
    });
    // The period just closed is the task's last 中介服务 excluded period (they share the id).
    const closed = state.clock.suspensions.filter((x) => x.excludedKind === 'intermediary_service').at(-1)!;
    res.setHeader('ETag', formatETag(state.version));
    respond(res, 'recordIntermediaryResult', 200, await periodAfter(closed.id!, intermediaryEndedUpdate));
  });

  r.get('/api/v1/tasks/:taskId/intermediary-periods', async (req, res) => {
    const { path } = validated(req, 'listTaskIntermediaryPeriods');
    const task = await loadScopedTask(db, principalOf(req), path.taskId);
    const rows = await db.intermediaryPeriod.findMany({ where: { taskId: task.id }, orderBy: [{ startedAt: 'desc' }, { id: 'desc' }] });
    respond(res, 'listTaskIntermediaryPeriods', 200, { items: rows.map(toApiIntermediaryPeriod) });
  });

  r.get('/api/v1/intermediary-performance', async (req, res) => {
    const { query } = validated(req, 'getIntermediaryPerformance');
    const from = query.from ?? null;
    const to = query.to ?? null;
    if (from && to && from > to) throw ProblemError.ruleViolated('/to', `结束日期 ${to} 早于开始日期 ${from}`);
    const [intermediaries, periods] = await Promise.all([
      db.intermediary.findMany({ orderBy: { id: 'asc' } }),
      db.intermediaryPeriod.findMany({
        where: {
          ...(from || to
            ? { startedAt: { ...(from ? { gte: new Date(shanghaiStartOfDay(from)) } : {}), ...(to ? { lt: new Date(shanghaiEndOfDay(to)) } : {}) } }
            : {}),
        },
        select: { intermediaryId: true, status: true, light: true, onTime: true, daysUsed: true, rating: true },
      }),
    ]);
    const figures = efficiencyByIntermediary(intermediaries.map((x) => x.id), periods);
    const items = intermediaries.map((x) => ({ intermediaryId: x.id, name: x.name, uscc: x.uscc, ...figures.get(x.id)! }));
    if ((query.format ?? 'json') === 'csv') {
      res.setHeader('Content-Disposition', `attachment; filename="intermediary-performance.csv"; filename*=UTF-8''${encodeURIComponent('中介机构效能评价.csv')}`);
      res.setHeader('Cache-Control', 'no-store');
      res.type('text/csv; charset=utf-8').status(200).send(csvDocument(INTERMEDIARY_CSV_HEADERS, items.map(intermediaryCsvRow)));
      return;
    }
    respond(res, 'getIntermediaryPerformance', 200, { from, to, items });
  });

  return r;
}

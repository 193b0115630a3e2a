/** Catalogue reads and the window's deadline calculator (computeDeadline). */
import { Router } from 'express';
import {
  computeDeadline,
  createWorkCalendar,
  explanationLines,
  isClockError,
  summarizeDeadline,
} from '../../domain/clock';
import { MAX_YEAR } from '../../domain/clock/dates';
import { loadSchedules } from '../../lib/calendar';
import { loadCatalogue } from '../../lib/catalogue';
import type { ApiDeps } from '../context';
import { ProblemError } from '../http/problem';
import { respond, validated } from '../http/validation';


export function catalogueRouter({ db }: ApiDeps): Router {
  const r = Router();

  r.get('/api/v1/departments', async (req, res) => {
    validated(req, 'listDepartments');
    const rows = await db.department.findMany({ orderBy: { id: 'asc' } });
    respond(res, 'listDepartments', 200, { items: rows.map(({ id, name, shortName }) => ({ id, name, shortName })) } as never);
  });

  r.get('/api/v1/approval-items', async (req, res) => {
    validated(req, 'listApprovalItems');
    const items = await loadCatalogue(db);
    respond(res, 'listApprovalItems', 200, { items: items.map((i) => ({ ...i, greenChannelDays: i.greenChannelDays ?? null })) });
  });

  r.post('/api/v1/deadlines/compute', async (req, res) => {
    const { body } = validated(req, 'computeDeadline');
    const startYear = Number(body.startDate.slice(0, 4));
    // 365 working days can reach into the second year after the start; the clock ends with 2099,
    // so a deadline past it is refused by computeDeadline (400) rather than by a calendar build (500).
    const years = [startYear, startYear + 1, startYear + 2].filter((y) => y <= MAX_YEAR);
    const calendar = createWorkCalendar(await loadSchedules(db, years));
    try {
      const suspensions = (body.suspensions ?? []).map((s) => ({ kind: 'correction' as const, from: s.from, to: s.to }));
      const result = computeDeadline({ startDate: body.startDate, workingDays: body.workingDays, suspensions }, calendar);
      if (result.state !== 'due') throw new Error('closed suspensions cannot pause a deadline');
      respond(res, 'computeDeadline', 200, {
        startDate: body.startDate,
        workingDays: body.workingDays,
        dueDate: result.dueDate,
        provisional: result.provisional,
        suspendedWorkingDays: result.explanation.suspendedDaysSkipped.filter((d) => d.dayKind === 'workday' || d.dayKind === 'makeup').length,
        explanation: explanationLines(result.explanation),
        summary: summarizeDeadline(result, { startEvent: '受理' }),
      });
    } catch (err) {
      if (isClockError(err)) throw ProblemError.validation(err.message, [{ in: 'body', pointer: '', message: err.message }]);
      throw err;
    }
  });

  return r;
}

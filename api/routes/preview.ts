/**
 * previewProject: what submitProject would route, before anything is filed — the same catalogue and
 * applicability rules (domain/routing), the same promised-days choice for the green channel as the
 * project workflow, and due dates as if the project were received today (Asia/Shanghai).
 */
import { Router } from 'express';
import { computeDeadline, createWorkCalendar, shanghaiDateOf } from '../../domain/clock';
import { intakeMaterials, missingMaterials } from '../../domain/intake-materials';
import { selectItems } from '../../domain/routing';
import { loadSchedules } from '../../lib/calendar';
import { loadCatalogue } from '../../lib/catalogue';
import type { ApiDeps } from '../context';
import { respond, validated } from '../http/validation';

export function previewRouter({ db }: ApiDeps): Router {
  const r = Router();

  r.post('/api/v1/project-previews', async (req, res) => {
    const { body } = validated(req, 'previewProject');
    const greenChannel = body.greenChannel ?? false;
    const receivedOn = shanghaiDateOf(Date.now());
    const year = Number(receivedOn.slice(0, 4));
    const [catalogue, departments, schedules] = await Promise.all([
      loadCatalogue(db),
      db.department.findMany(),
      loadSchedules(db, [year, year + 1, year + 2]),
    ]);
    const calendar = createWorkCalendar(schedules);
    const departmentName = new Map(departments.map((d) => [d.id, d.name]));
    const routed = selectItems(catalogue, { type: body.type, investmentWan: body.investmentWan });
    const routedIds = new Set(routed.map((i) => i.id));
    // The same rule as the intake check (domain/intake-materials), so the counter sees the 一次性告知 before filing.
    const toBring = [...new Set(routed.flatMap((i) => intakeMaterials(i, routedIds)))];
    const missing = missingMaterials(routed, (body.materials ?? []).map((name) => ({ name })));
    const items = routed.map((item) => {
      const promisedDays = greenChannel && item.greenChannelDays ? item.greenChannelDays : item.promisedDays;
      const startsAtIntake = item.prerequisites.length === 0;
      // Items behind prerequisites start (and are timed) only when those are approved: no date to promise yet.
      const unit = item.limitUnit ?? 'workingDays';
      const due = (days: number) => {
        if (!startsAtIntake) return { date: null, provisional: false };
        // The item's own unit: a limit the law gives in 日 counts calendar days (domain/clock rule 6).
        const result = computeDeadline({ startDate: receivedOn, workingDays: days, unit, suspensions: [] }, calendar);
        return result.state === 'due' ? { date: result.dueDate, provisional: result.provisional } : { date: null, provisional: false };
      };
      const statutory = due(item.statutoryDays);
      const promised = due(promisedDays);
      return {
        itemId: item.id,
        itemName: item.name,
        departmentId: item.departmentId,
        departmentName: departmentName.get(item.departmentId) ?? item.departmentId,
        statutoryDays: item.statutoryDays,
        promisedDays,
        limitUnit: unit,
        requiredMaterials: item.requiredMaterials,
        chainMaterials: item.chainMaterials ?? [],
        prerequisites: item.prerequisites,
        startsAtIntake,
        statutoryDueDate: statutory.date,
        promisedDueDate: promised.date,
        provisional: statutory.provisional || promised.provisional,
      };
    });
    respond(res, 'previewProject', 200, { receivedOn, items, intakeMaterials: toBring, missingMaterials: missing });
  });

  return r;
}

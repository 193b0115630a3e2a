/** A project as getProject (and every operation answering with a Project) returns it: row, tasks, live forecast. */
import type { Db } from '../lib/db/client';
import { projectForecast, type ProjectForecastView } from '../lib/forecast';
import { postOfOfficer } from '../lib/first-inquiry';
import type { Forecast } from '../domain/forecast';
import type { components } from './generated/openapi';
import { taskInclude, toApiProject, type ApiProject, type ProjectRow } from './mappers';

type Schemas = components['schemas'];

export function toApiForecastRun(f: Forecast): Schemas['ForecastRun'] {
  return { basis: f.basis, replyDueDate: f.replyDueDate, criticalPath: f.criticalPath, provisional: f.provisional, items: f.items };
}

export function toApiProjectForecast(v: ProjectForecastView | null): Schemas['ProjectForecast'] | null {
  return v && { computedOn: v.computedOn, promised: toApiForecastRun(v.promised), statutory: toApiForecastRun(v.statutory) };
}

export async function loadApiProject(db: Db, project: ProjectRow): Promise<ApiProject> {
  const [tasks, officer, post] = await Promise.all([
    db.task.findMany({ where: { projectId: project.id }, include: taskInclude, orderBy: { id: 'asc' } }),
    project.firstInquiryOfficerId ? db.officer.findUnique({ where: { id: project.firstInquiryOfficerId }, select: { name: true } }) : null,
    postOfOfficer(db, project.firstInquiryOfficerId),
  ]);
  const firstInquiry = { officerName: officer?.name ?? null, post };
  return { ...toApiProject(project, tasks, firstInquiry), forecast: toApiProjectForecast(await projectForecast(db, project, tasks)) };
}

/**
 * Lifelong project codes: `XM-<year>-<6-digit sequence>`, e.g. XM-2026-000123 — unique,
 * readable over the phone, and sortable. The sequence is an atomic counter row per year.
 */
import type { Db } from '../../lib/db/client';
import { NATIONAL_CODE_PATTERN } from '../../domain/national-code';
import { allocateYearlyCode } from './yearly-code';

export function allocateProjectCode(db: Db, now: number): Promise<string> {
  return allocateYearlyCode(db, (year) => `project-code-${year}`, 'XM', now);
}

/**
 * A project reference from a URL or a filter: the project id (XM-2026-000123) or its 全国投资项目代码
 * (2026-510921-44-03-000123), which applicants and the provincial platform quote. Returns the project
 * id; an unknown code comes back unchanged, so it matches no project and the caller answers 404 just
 * as for an unknown id. Scope is checked by the caller on the project it then loads, the same way for
 * both forms, and its messages quote the caller's reference, never the id a foreign code maps to.
 */
export async function resolveProjectRef(db: Db, ref: string): Promise<string> {
  if (!NATIONAL_CODE_PATTERN.test(ref)) return ref;
  const project = await db.project.findFirst({ where: { nationalCode: ref }, select: { id: true } });
  return project?.id ?? ref;
}

/** The path of a project in URLs the gateway writes (Location): by its national code when it has one. */
export function projectPath(project: { id: string; nationalCode?: string | null }): string {
  return `/api/v1/projects/${project.nationalCode ?? project.id}`;
}

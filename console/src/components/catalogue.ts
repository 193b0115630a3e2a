/** Departments and catalogue items change rarely: fetched once per session and shared. */
import { $api } from '../api';

const LONG = { staleTime: 10 * 60_000 };

export function useDepartmentNames(): (id: string | null | undefined) => string {
  const q = $api.useQuery('get', '/api/v1/departments', {}, LONG);
  const names = new Map((q.data?.items ?? []).map((d) => [d.id, d.name]));
  return (id) => (id ? (names.get(id) ?? id) : '—');
}

/** Every project type the catalogue names, for the intake form's type picker. */
export function useProjectTypes(): string[] {
  const q = $api.useQuery('get', '/api/v1/approval-items', {}, LONG);
  const types = new Set<string>();
  for (const item of q.data?.items ?? []) for (const t of item.applicability.projectTypes ?? []) types.add(t);
  return [...types].sort((a, b) => a.localeCompare(b, 'zh-CN'));
}

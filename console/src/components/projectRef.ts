/**
 * Console URLs name a project by its 全国投资项目代码 when it has one (the API accepts either form);
 * projects filed before national codes keep their XM-… id. An old XM-… URL still opens and is
 * replaced in place by the canonical one, so bookmarks and printed links keep working.
 */
import { useEffect } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { queryClient, type Project } from '../api';

export interface ProjectIds {
  id: string;
  nationalProjectCode?: string | null;
}

export const projectRef = (p: ProjectIds): string => p.nationalProjectCode ?? p.id;
export const projectPath = (p: ProjectIds): string => `/projects/${encodeURIComponent(projectRef(p))}`;
/** A task names its project by both ids as well. */
export const taskProject = (t: { projectId: string; projectNationalCode?: string | null }): ProjectIds => ({ id: t.projectId, nationalProjectCode: t.projectNationalCode });

/**
 * On a page whose last path segment is the project (`/projects/:projectId`, `/print/receipt/:projectId`, …),
 * given that page's getProject answer. The project is put in the cache under the canonical URL's key
 * first, so the page keeps showing it (and an open dialog stays open) instead of reloading.
 */
export function useCanonicalProjectUrl(param: string, project: Project | undefined): void {
  const navigate = useNavigate();
  const location = useLocation();
  const canonical = project ? projectRef(project) : undefined;
  useEffect(() => {
    if (!project || !canonical || canonical === param) return;
    queryClient.setQueryData(['get', '/api/v1/projects/{projectId}', { params: { path: { projectId: canonical } } }], project);
    void navigate(`${location.pathname.replace(/[^/]+$/, encodeURIComponent(canonical))}${location.search}`, { replace: true });
  }, [project, canonical, param, location.pathname, location.search, navigate]);
}

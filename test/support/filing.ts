/** Filing the scenario's industrial project over HTTP and waiting until its tasks are out, for tests that start from a project in review. */
import { eventually } from './eventually';
import type { apiClient } from './http';
import { INDUSTRIAL_SUBMISSION } from './scenario';
import type { TestSystem } from './system';

/** Files the project through the window and returns it (getProject, as the efficiency office sees it) once it is in review. */
export async function fileIndustrialProject(t: { readonly sys: TestSystem; readonly call: ReturnType<typeof apiClient> }, idempotencyKey: string) {
  const submitted = await t.call('submitProject', 'POST', '/api/v1/projects', { key: t.sys.key('window'), body: INDUSTRIAL_SUBMISSION, headers: { 'Idempotency-Key': idempotencyKey } });
  if (submitted.status !== 201) throw new Error(`submitProject answered ${submitted.status}: ${JSON.stringify(submitted.body)}`);
  const code: string = submitted.body.code;
  const project = await eventually(
    () => t.call('getProject', 'GET', `/api/v1/projects/${code}`, { key: t.sys.key('supervisor') }),
    (r) => r.body.status === 'in_review',
    '项目进入并联审批',
  );
  return project.body;
}

/**
 * Maps Temporal client errors to problems. Checks use `name` rather than `instanceof` because
 * error classes can be loaded twice (Jest module registries, bundling) and instanceof then fails.
 */
import { REJECTION_FAILURE_TYPE, type RejectionDetails } from '../workflows/shared';
import { ProblemError } from './http/problem';

interface ErrorLike {
  name?: string;
  message?: string;
  type?: string;
  details?: unknown[];
  cause?: unknown;
  code?: number;
}

function chain(err: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  let cur: unknown = err;
  while (cur && typeof cur === 'object' && out.length < 10) {
    out.push(cur as ErrorLike);
    cur = (cur as ErrorLike).cause;
  }
  return out;
}

export function rejectionOf(err: unknown): RejectionDetails | undefined {
  for (const e of chain(err)) {
    if (e.name === 'ApplicationFailure' && e.type === REJECTION_FAILURE_TYPE) return e.details?.[0] as RejectionDetails;
  }
  return undefined;
}

/** Turns a refused update into 409/412/422, a missing workflow into 404, an unreachable server into 503. */
export function temporalProblem(err: unknown, what: string): ProblemError {
  const rejection = rejectionOf(err);
  if (rejection) {
    if (rejection.reason === 'version_mismatch') return ProblemError.preconditionFailed(rejection.message);
    // The workflow's own rules (a date not in the future, a reason when rejecting): the request met the contract.
    if (rejection.reason === 'invalid_input') return ProblemError.ruleViolated('', rejection.message);
    return ProblemError.conflict(rejection.reason, rejection.message);
  }
  const names = chain(err).map((e) => e.name);
  if (names.includes('WorkflowNotFoundError')) return ProblemError.notFound(`${what}不存在或已结束`);
  // gRPC UNAVAILABLE (14) / DEADLINE_EXCEEDED (4): the engine is down or overloaded.
  if (chain(err).some((e) => e.code === 14 || e.code === 4) || names.includes('ServiceError')) {
    return ProblemError.unavailable('流程引擎暂不可用，请稍后重试', 5, err);
  }
  return ProblemError.internal(err);
}

/**
 * Temporal refused an update because the workflow's last workflow task failed (a worker killed
 * mid-task, a timeout): "Workflow Task in failed state" (FAILED_PRECONDITION). The update did not
 * happen; sent again, it runs once the workflow task is retried. (An update aborted because the
 * workflow closed is a WorkflowNotFoundError, answered by the task's status, not repeated.)
 */
export function isUpdateRefusedForNow(err: unknown): boolean {
  return !isWorkflowNotFound(err) && chain(err).some((e) => e.code === 9 && /failed state/i.test(e.message ?? ''));
}

/** The workflow was never started, or has completed (an update to a closed run is "not found" too). */
export function isWorkflowNotFound(err: unknown): boolean {
  return chain(err).some((e) => e.name === 'WorkflowNotFoundError');
}

/**
 * For a workflow this request has just started, or failures already cleared of not-found: a
 * missing workflow there is no fault of the caller's request, so it is answered as 500, never as
 * a 404 for a resource the caller is creating.
 */
export function engineProblem(err: unknown, what: string): ProblemError {
  const problem = temporalProblem(err, what);
  return problem.status === 404 ? ProblemError.internal(err) : problem;
}

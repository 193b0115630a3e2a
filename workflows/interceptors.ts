/**
 * Workflow interceptors (bundled with the workflows: worker/worker.ts, scripts/bundle-workflows.ts).
 * Carries the request id (./request-id.ts): a start, signal or update runs its handler inside an
 * async-local scope holding the id from its header, so whatever that handler schedules — activities,
 * local activities, child workflows, signals, continue-as-new — carries the same id, and the
 * workflow's own log lines show it. Code running on a timer keeps the id of the request that started
 * the workflow, and so do log lines outside any handler (the SDK's "Workflow completed"). Headers are recorded in the history, so replay sees the same ids; they are not part
 * of the commands the determinism check compares.
 */
import { AsyncLocalStorage, type WorkflowInterceptorsFactory } from '@temporalio/workflow';
import { requestIdOf, withRequestId } from './request-id';

export const interceptors: WorkflowInterceptorsFactory = () => {
  // Created per workflow run: the factory is called once per workflow instance.
  const scope = new AsyncLocalStorage<string>();
  let origin: string | undefined;
  // Node's AsyncLocalStorage makes every promise created in the worker thread take one step per
  // *enabled* instance, and an instance stays enabled until disabled. Enabled for a workflow's
  // life, one per cached workflow made every promise of every workflow walk them all (thousands
  // in a saturated run: issue #15, BENCHMARKS.md). So the scope is on only while a signal or
  // update handler runs; the main body needs none, it always carries `origin`.
  let running = 0;
  const within = <T>(headers: Parameters<typeof requestIdOf>[0], fn: () => Promise<T>): Promise<T> => {
    const id = requestIdOf(headers);
    if (!id) return fn();
    running++;
    return scope.run(id, fn).finally(() => {
      if (--running === 0) scope.disable();
    });
  };
  const current = () => scope.getStore() ?? origin;
  const carry = <T extends { headers: Parameters<typeof requestIdOf>[0] & object }>(input: T): T => withRequestId(input, current());
  return {
    inbound: [
      {
        execute: (input, next) => {
          origin = requestIdOf(input.headers);
          return next(input);
        },
        handleSignal: (input, next) => within(input.headers, () => next(input)),
        handleUpdate: (input, next) => within(input.headers, () => next(input)),
      },
    ],
    outbound: [
      {
        scheduleActivity: (input, next) => next(carry(input)),
        scheduleLocalActivity: (input, next) => next(carry(input)),
        startChildWorkflowExecution: (input, next) => next(carry(input)),
        signalWorkflow: (input, next) => next(carry(input)),
        continueAsNew: (input, next) => next(carry(input)),
        getLogAttributes: (input, next) => {
          const requestId = current();
          return next(requestId ? { ...input, requestId } : input);
        },
      },
    ],
  };
};

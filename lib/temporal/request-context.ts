/**
 * The client side of the request id (workflows/request-id.ts): the gateway runs each request's
 * handlers inside `withRequestContext`, and the Temporal client interceptor below copies the id into
 * the header of every workflow start, signal, update and query that request makes. Outside a
 * request (scripts, bench) nothing is added.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import { withRequestId } from '../../workflows/request-id';

const requests = new AsyncLocalStorage<string>();

export function withRequestContext<T>(requestId: string, fn: () => T): T {
  return requests.run(requestId, fn);
}

const carry = <T extends Parameters<typeof withRequestId>[0]>(input: T): T => withRequestId(input, requests.getStore());

export const requestIdClientInterceptor: WorkflowClientInterceptor = {
  startWithDetails: (input, next) => next(carry(input)),
  signal: (input, next) => next(carry(input)),
  signalWithStart: (input, next) => next(carry(input)),
  startUpdate: (input, next) => next(carry(input)),
  startUpdateWithStart: (input, next) => {
    const id = requests.getStore();
    return next({
      ...input,
      workflowStartHeaders: withRequestId({ headers: input.workflowStartHeaders }, id).headers,
      updateHeaders: withRequestId({ headers: input.updateHeaders }, id).headers,
    });
  },
  query: (input, next) => next(carry(input)),
};

/** The client interceptors of every Temporal client of ours (lib/temporal/client.ts, test systems). */
export const clientInterceptors = { workflow: [requestIdClientInterceptor] };

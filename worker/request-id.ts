/**
 * The activity side of the request id (workflows/request-id.ts): an activity's log lines — the
 * SDK's own "Activity completed/failed" lines and anything an activity logs through its context —
 * carry the id of the gateway request whose handler scheduled it.
 */
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { requestIdOf } from '../workflows/request-id';

export const requestIdActivityInterceptor: ActivityInterceptorsFactory = () => {
  // One factory call per activity attempt; execute() runs before the activity body logs anything.
  let requestId: string | undefined;
  return {
    inbound: {
      execute: (input, next) => {
        requestId = requestIdOf(input.headers);
        return next(input);
      },
    },
    outbound: {
      getLogAttributes: (attributes, next) => next(requestId ? { ...attributes, requestId } : attributes),
    },
  };
};

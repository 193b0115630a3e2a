/**
 * One request id from the gateway through Temporal into workflow and activity logs (issue #16):
 * the gateway's client puts the id of the HTTP request it serves into the Temporal header of every
 * start, signal, update and query; the workflow interceptor (./interceptors.ts) carries it on to the
 * activities, child workflows and signals that handler schedules, and the activity interceptor
 * (worker/request-id.ts) adds it to the activity's log lines. Headers are plain JSON payloads (the
 * SDK does not run them through the payload codec), so the id holds nothing but the pattern below;
 * anything else is dropped rather than logged. Pure: the gateway, the worker and the workflow
 * sandbox share it.
 */
import { defaultPayloadConverter, type Payload } from '@temporalio/common';

export const REQUEST_ID_HEADER = 'approval-request-id';

/** What the gateway accepts as an inbound X-Request-Id (else it makes a UUID). */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{1,100}$/;

type Headers = Record<string, Payload>;

export function requestIdOf(headers: Headers | undefined): string | undefined {
  const payload = headers?.[REQUEST_ID_HEADER];
  if (!payload) return undefined;
  try {
    const id: unknown = defaultPayloadConverter.fromPayload(payload);
    return typeof id === 'string' && REQUEST_ID_PATTERN.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

/** `headers` with the request id added (unchanged without one). */
export function withRequestId<T extends { headers: Headers }>(input: T, requestId: string | undefined): T {
  if (!requestId) return input;
  return { ...input, headers: { ...input.headers, [REQUEST_ID_HEADER]: defaultPayloadConverter.toPayload(requestId) } };
}

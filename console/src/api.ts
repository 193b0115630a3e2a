/**
 * The console's only way to the server: openapi-fetch typed by the contract's generated types,
 * wrapped by openapi-react-query. Cookie session (same origin); every write carries the CSRF token.
 */
import createFetchClient, { type Middleware } from 'openapi-fetch';
import createClient from 'openapi-react-query';
import { QueryClient } from '@tanstack/react-query';
import type { components, paths } from '../../api/generated/openapi';

export type Schemas = components['schemas'];
export type Problem = Schemas['Problem'];
export type Task = Schemas['Task'];
export type Project = Schemas['Project'];
export type Light = Schemas['Light'];

let csrfToken: string | undefined;
let onUnauthorized: () => void = () => undefined;

export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

const session: Middleware = {
  onRequest({ request }) {
    if (request.method !== 'GET' && csrfToken) request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
  onResponse({ request, response }) {
    // An expired session anywhere sends the officer back to the login page (the session endpoint itself answers 401 when logged out).
    if (response.status === 401 && !new URL(request.url).pathname.startsWith('/api/v1/session')) onUnauthorized();
    return response;
  },
};

export const fetchClient = createFetchClient<paths>({ baseUrl: window.location.origin, credentials: 'same-origin' });
fetchClient.use(session);
export const $api = createClient(fetchClient);

/** Polling keeps every list current within a few seconds of a change made elsewhere. */
export const POLL_MS = 3000;

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (count, error) => count < 2 && !isProblem(error),
      refetchOnWindowFocus: true,
      staleTime: 1000,
    },
  },
});

export function isProblem(e: unknown): e is Problem {
  return typeof e === 'object' && e !== null && 'status' in e && 'title' in e;
}

/** A Chinese sentence for any failure: the problem's detail, else its title, else a network message. */
export function problemText(e: unknown): string {
  if (isProblem(e)) return e.detail ?? e.title;
  if (e instanceof TypeError) return '无法连接服务器，请检查网络后重试';
  return '操作失败，请稍后重试';
}

/** New key per form: a double click or a retry of the same form files one project. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

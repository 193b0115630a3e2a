/** A tiny HTTP client for integration tests that validates every response against the contract. */
import { expectResponseMatches } from './openapi-response';
import type { OperationId } from '../../api/http/validation';

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** `send` replaces the global fetch, e.g. one that trusts a private CA (the cluster's nginx edge). */
export function apiClient(baseUrl: string, send: (url: string, init: RequestInit) => Promise<Response> = fetch) {
  return async function call<T = any>( // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary bodies
    operationId: OperationId,
    method: string,
    path: string,
    options: { key?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse<T>> {
    const res = await send(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
    });
    const text = await res.text();
    const body = text ? JSON.parse(text) : undefined;
    expectResponseMatches(operationId, res.status, res.headers, body);
    return { status: res.status, headers: res.headers, body: body as T };
  };
}

/** Console sessions in integration tests: log in over HTTP and send the cookie (and CSRF token) like a browser. */
import { expectResponseMatches } from './openapi-response';

export interface TestSession {
  /** `pa_session=<token>`, for the Cookie request header. */
  cookie: string;
  csrfToken: string;
  setCookie: string;
  body: { officer: { id: string; username: string; name: string; role: string } & Record<string, unknown>; csrfToken: string; expiresAt: string };
}

export async function login(baseUrl: string, username: string, password: string): Promise<TestSession> {
  const res = await fetch(`${baseUrl}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = (await res.json()) as TestSession['body'];
  expectResponseMatches('createSession', res.status, res.headers, body);
  if (res.status !== 201) throw new Error(`login ${username} → ${res.status} ${JSON.stringify(body)}`);
  const setCookie = res.headers.get('set-cookie') ?? '';
  const cookie = setCookie.split(';')[0];
  return { cookie, csrfToken: body.csrfToken, setCookie, body };
}

/** Request headers a browser would send for this session; writes carry the CSRF token. */
export function sessionHeaders(s: Pick<TestSession, 'cookie' | 'csrfToken'>, write = true): Record<string, string> {
  return write ? { cookie: s.cookie, 'x-csrf-token': s.csrfToken } : { cookie: s.cookie };
}

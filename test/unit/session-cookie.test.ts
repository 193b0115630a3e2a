/** The session cookie's attributes and parsing, without a server. */
import type { Request, Response } from 'express';
import { clearSessionCookieHeader, readCookie, setSessionCookie } from '../../api/identity';

function fakeResponse(): { res: Response; cookies: string[] } {
  const cookies: string[] = [];
  const res = { append: (name: string, value: string) => name === 'Set-Cookie' && cookies.push(value) } as unknown as Response;
  return { res, cookies };
}

describe('session cookie', () => {
  test('when the gateway is served over https, then the cookie is Secure; over http it is not', () => {
    const https = fakeResponse();
    setSessionCookie(https.res, { PUBLIC_BASE_URL: 'https://approval.county.gov.cn', SESSION_ABSOLUTE_HOURS: 12 }, 'tok');
    expect(https.cookies).toEqual(['pa_session=tok; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200; Secure']);
    const http = fakeResponse();
    setSessionCookie(http.res, { PUBLIC_BASE_URL: undefined, SESSION_ABSOLUTE_HOURS: 1 }, 'tok');
    expect(http.cookies).toEqual(['pa_session=tok; Path=/; HttpOnly; SameSite=Strict; Max-Age=3600']);
    expect(clearSessionCookieHeader({ PUBLIC_BASE_URL: 'https://x.example' })).toBe('pa_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Secure');
  });

  test('when the Cookie header carries several cookies, then only pa_session is read, and a look-alike name is not', () => {
    const req = (cookie?: string) => ({ get: (name: string) => (name === 'cookie' ? cookie : undefined) }) as unknown as Request;
    expect(readCookie(req('theme=dark; pa_session=abc; lang=zh'), 'pa_session')).toBe('abc');
    expect(readCookie(req('xpa_session=evil; pa_session_old=1'), 'pa_session')).toBeUndefined();
    expect(readCookie(req(undefined), 'pa_session')).toBeUndefined();
  });
});

/**
 * The officer's session (cookie pa_session, set by the gateway). The session operations are part of
 * the contract (createSession / getSession / deleteSession); they are called with fetch here so the
 * login page works before the rest of the typed client is loaded.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { isProblem, setCsrfToken, setUnauthorizedHandler, type Problem } from './api';

export type Role = 'window' | 'department' | 'department_head' | 'agent' | 'supervisor' | 'admin';

export interface Officer {
  id: string;
  username: string;
  name: string;
  role: Role;
  departmentId: string | null;
  departmentName: string | null;
  servicePointId: string | null;
  servicePointName: string | null;
  agentId: string | null;
}

export interface Session {
  officer: Officer;
  csrfToken: string;
  expiresAt: string;
}

export const roleLabel: Record<Role, string> = {
  window: '综合受理窗口',
  department: '部门审批',
  department_head: '部门负责人',
  agent: '代办专员',
  supervisor: '效能办',
  admin: '系统管理员',
};

/** Where each role lands after login. */
export const homeOf: Record<Role, string> = {
  window: '/window/intake',
  department: '/dept/tasks',
  department_head: '/dept/tasks',
  agent: '/agent/projects',
  supervisor: '/supervisor/board',
  admin: '/admin/officers',
};

const SESSION_KEY = ['session'] as const;

async function request(method: string, path: string, body?: unknown, csrf?: string): Promise<Response> {
  return fetch(path, {
    method,
    credentials: 'same-origin',
    headers: {
      accept: 'application/json, application/problem+json',
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(csrf ? { 'X-CSRF-Token': csrf } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
}

async function problemOf(res: Response): Promise<Problem> {
  const body: unknown = await res.json().catch(() => undefined);
  if (isProblem(body)) return body;
  return { type: 'about:blank', title: `请求失败（${res.status}）`, status: res.status };
}

async function fetchSession(): Promise<Session | null> {
  const res = await request('GET', '/api/v1/session');
  if (res.status === 401) return null;
  if (!res.ok) throw await problemOf(res);
  return (await res.json()) as Session;
}

/** Data cached for one officer must never show to the next one on the same PC. */
function forgetOtherQueries(qc: QueryClient): void {
  qc.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
}

interface SessionContextValue {
  session: Session | null;
  login(username: string, password: string): Promise<Session>;
  logout(): Promise<void>;
  changePassword(currentPassword: string, newPassword: string): Promise<void>;
}

const SessionContext = createContext<SessionContextValue | undefined>(undefined);

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The logged-in officer; pages under the layout only render with a session. */
export function useOfficer(): Officer {
  const { session } = useSession();
  if (!session) throw new Error('useOfficer without a session');
  return session.officer;
}

export function SessionProvider({ children, fallback, failed }: { children: ReactNode; fallback: ReactNode; failed: (e: unknown) => ReactNode }) {
  const qc = useQueryClient();
  const query = useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: 60_000, retry: 1 });
  const session = query.data ?? null;
  setCsrfToken(session?.csrfToken);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      qc.setQueryData(SESSION_KEY, null);
    });
  }, [qc]);

  const login = useCallback(
    async (username: string, password: string) => {
      const res = await request('POST', '/api/v1/session', { username, password });
      if (!res.ok) throw await problemOf(res);
      const created = (await res.json()) as Session;
      forgetOtherQueries(qc);
      qc.setQueryData(SESSION_KEY, created);
      return created;
    },
    [qc],
  );
  const logout = useCallback(async () => {
    const res = await request('DELETE', '/api/v1/session', undefined, session?.csrfToken);
    if (!res.ok && res.status !== 401) throw await problemOf(res);
    forgetOtherQueries(qc);
    qc.setQueryData(SESSION_KEY, null);
  }, [qc, session]);
  const changePassword = useCallback(
    async (currentPassword: string, newPassword: string) => {
      const res = await request('PUT', '/api/v1/session/password', { currentPassword, newPassword }, session?.csrfToken);
      if (!res.ok) throw await problemOf(res);
    },
    [session],
  );

  const value = useMemo(() => ({ session, login, logout, changePassword }), [session, login, logout, changePassword]);
  if (query.isPending) return <>{fallback}</>;
  if (query.isError) return <>{failed(query.error)}</>;
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

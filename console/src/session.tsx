/**
 * The officer's session (cookie pa_session, HttpOnly, set by the gateway): createSession,
 * getSession, deleteSession and changeOwnPassword from the contract. The CSRF token it returns
 * goes on every write (api.ts).
 */
import { createContext, useCallback, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { fetchClient, setCsrfToken, setUnauthorizedHandler, type Schemas } from './api';

export type Role = Schemas['OfficerRole'];
export type Officer = Schemas['SessionOfficer'];
export type Session = Schemas['Session'];

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

async function fetchSession(): Promise<Session | null> {
  const { data, error, response } = await fetchClient.GET('/api/v1/session');
  if (response.status === 401) return null;
  if (error) throw error;
  return data ?? null;
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
      const { data: created, error } = await fetchClient.POST('/api/v1/session', { body: { username, password } });
      if (error || !created) throw error;
      forgetOtherQueries(qc);
      qc.setQueryData(SESSION_KEY, created);
      return created;
    },
    [qc],
  );
  const logout = useCallback(async () => {
    const { error, response } = await fetchClient.DELETE('/api/v1/session');
    if (error && response.status !== 401) throw error;
    forgetOtherQueries(qc);
    qc.setQueryData(SESSION_KEY, null);
  }, [qc]);
  const changePassword = useCallback(
    async (currentPassword: string, newPassword: string) => {
      const { error } = await fetchClient.PUT('/api/v1/session/password', { body: { currentPassword, newPassword } });
      if (error) throw error;
    },
    [],
  );

  const value = useMemo(() => ({ session, login, logout, changePassword }), [session, login, logout, changePassword]);
  if (query.isPending) return <>{fallback}</>;
  if (query.isError) return <>{failed(query.error)}</>;
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

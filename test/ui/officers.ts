/** Which dev officer logs in for a role (and department or agent): the test system's dev officers. */
import type { TestSystem } from '../support/system';
import type { Login } from './steps';

export interface Officer {
  role: 'window' | 'department' | 'department_head' | 'agent' | 'supervisor' | 'admin';
  boundTo?: string;
}

export function loginFor(sys: TestSystem, who: Officer): Login {
  const officer = sys.officer(who.role, who.boundTo);
  return { username: officer.username, password: officer.password };
}

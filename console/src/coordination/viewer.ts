/** Who looks at a coordination screen: the officer's role and, for department officers, the department. */
import type { Officer, Role } from '../session';

export type Viewer = Pick<Officer, 'role' | 'departmentId'>;

export const isDepartment = (role: Role): boolean => role === 'department' || role === 'department_head';

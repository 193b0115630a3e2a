/**
 * Officers (工作人员): people who log in to the console. Used by the admin operations
 * (createOfficer, updateOfficer), `npm run officers:create` and the dev seed, so the rules on
 * user names, passwords and bindings live in one place.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/client';
import type { KeyRole, OfficerRole } from './keys';
import { hashPassword, passwordProblems } from './passwords';

/** An officer as stored (the password hash stays inside lib/auth). */
export interface OfficerRow {
  id: string;
  username: string;
  name: string;
  role: string;
  departmentId: string | null;
  servicePointId: string | null;
  agentId: string | null;
  disabledAt: Date | null;
  passwordChangedAt: Date;
  createdAt: Date;
  updatedAt: Date;
}

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,31}$/;

/** A department head works the department's queue as `department`; head-only rights come with #12. */
export function effectiveRole(role: OfficerRole): KeyRole {
  return role === 'department_head' ? 'department' : role;
}

export const ROLE_LABELS: Record<OfficerRole, string> = {
  window: '综合受理窗口',
  department: '部门经办',
  department_head: '部门负责人',
  agent: '代办专员',
  supervisor: '县效能办',
  admin: '系统管理员',
};

/** A refusal of officer input, with the JSON pointer of the field it concerns. */
export class OfficerInputError extends Error {
  constructor(
    message: string,
    readonly pointer: string,
    /** invalid: breaks a rule of its own field; rule: a rule across fields; unknown: names a binding that does not exist; conflict: taken or last admin. */
    readonly kind: 'invalid' | 'rule' | 'unknown' | 'conflict' = 'invalid',
  ) {
    super(message);
  }
}

export interface Binding {
  departmentId: string | null;
  servicePointId: string | null;
  agentId: string | null;
}

/**
 * Keeps only the binding the role uses and checks that it exists: window → service point,
 * department and department head → department, agent → agent record; supervisors and admins
 * have none. Bindings a role does not use are cleared, so a role change cannot leave one behind.
 */
export async function checkBinding(db: Db, role: OfficerRole, wanted: Partial<Binding>): Promise<Binding> {
  const binding: Binding = { departmentId: null, servicePointId: null, agentId: null };
  if (role === 'window') {
    if (!wanted.servicePointId || !(await db.servicePoint.findUnique({ where: { id: wanted.servicePointId } }))) {
      throw new OfficerInputError('窗口人员必须绑定存在的便民服务中心', '/servicePointId', 'unknown');
    }
    binding.servicePointId = wanted.servicePointId;
  } else if (role === 'department' || role === 'department_head') {
    if (!wanted.departmentId || !(await db.department.findUnique({ where: { id: wanted.departmentId } }))) {
      throw new OfficerInputError('部门人员必须绑定存在的部门', '/departmentId', 'unknown');
    }
    binding.departmentId = wanted.departmentId;
  } else if (role === 'agent') {
    if (!wanted.agentId || !(await db.agent.findUnique({ where: { id: wanted.agentId } }))) {
      throw new OfficerInputError('代办专员必须绑定存在的代办专员编号', '/agentId', 'unknown');
    }
    binding.agentId = wanted.agentId;
  }
  return binding;
}

/**
 * The password's own rules are the contract's (schema Password: length, a letter and a digit, no
 * whitespace), so breaking them is 400; containing the login name compares two fields, which no
 * schema states: a rule (422).
 */
export function checkPassword(password: string, username: string, pointer = '/password'): void {
  const problems = passwordProblems(password);
  if (problems.length > 0) throw new OfficerInputError(problems.join('；'), pointer);
  if (passwordProblems(password, username).length > 0) throw new OfficerInputError('密码不能包含登录名', pointer, 'rule');
}

export interface NewOfficer extends Partial<Binding> {
  username: string;
  name: string;
  role: OfficerRole;
  password: string;
}

export async function createOfficer(db: Db, spec: NewOfficer) {
  const username = spec.username.trim().toLowerCase();
  if (!USERNAME_PATTERN.test(username)) {
    throw new OfficerInputError('登录名为 3–32 位小写字母、数字或 . _ -，以字母或数字开头', '/username');
  }
  const name = spec.name.trim();
  if (!name) throw new OfficerInputError('姓名不能为空', '/name');
  checkPassword(spec.password, username);
  const binding = await checkBinding(db, spec.role, spec);
  if (await db.officer.findUnique({ where: { username } })) throw new OfficerInputError(`登录名 ${username} 已被使用`, '/username', 'conflict');
  const now = new Date();
  try {
    return await db.officer.create({
      data: {
        id: `off_${randomBytes(6).toString('hex')}`,
        username,
        name,
        role: spec.role,
        ...binding,
        passwordHash: await hashPassword(spec.password),
        passwordChangedAt: now,
      },
    });
  } catch (err) {
    // Two concurrent creations with one user name: the unique index decides, the loser gets 409.
    if (await db.officer.findUnique({ where: { username } })) throw new OfficerInputError(`登录名 ${username} 已被使用`, '/username', 'conflict');
    throw err;
  }
}

export interface OfficerChange extends Partial<Binding> {
  name?: string;
  role?: OfficerRole;
  disabled?: boolean;
  password?: string;
}

/**
 * Admin changes. A disabled officer or a reset password ends every session of that officer;
 * a password reset also lifts a login lockout. The last active admin cannot be disabled or
 * demoted, so the console always keeps someone who can manage officers.
 */
export async function updateOfficer(db: Db, id: string, change: OfficerChange) {
  const officer = await db.officer.findUnique({ where: { id } });
  if (!officer) return undefined;
  const role = change.role ?? (officer.role as OfficerRole);
  const bindingTouched = change.role !== undefined || 'departmentId' in change || 'servicePointId' in change || 'agentId' in change;
  const binding = bindingTouched
    ? await checkBinding(db, role, {
        departmentId: 'departmentId' in change ? change.departmentId : officer.departmentId,
        servicePointId: 'servicePointId' in change ? change.servicePointId : officer.servicePointId,
        agentId: 'agentId' in change ? change.agentId : officer.agentId,
      })
    : {};
  if (change.name !== undefined && !change.name.trim()) throw new OfficerInputError('姓名不能为空', '/name');
  if (change.password !== undefined) checkPassword(change.password, officer.username);
  const disabling = change.disabled === true && !officer.disabledAt;
  if (officer.role === 'admin' && !officer.disabledAt && (disabling || role !== 'admin')) {
    const otherAdmins = await db.officer.count({ where: { role: 'admin', disabledAt: null, id: { not: id } } });
    if (otherAdmins === 0) throw new OfficerInputError('不能停用或降级最后一名在用的系统管理员', change.role ? '/role' : '/disabled', 'conflict');
  }
  const now = new Date();
  const endSessions = disabling || change.password !== undefined || (bindingTouched && role !== officer.role);
  const [updated] = await db.$transaction([
    db.officer.update({
      where: { id },
      data: {
        ...(change.name !== undefined ? { name: change.name.trim() } : {}),
        role,
        ...binding,
        ...(change.disabled === true && !officer.disabledAt ? { disabledAt: now } : {}),
        ...(change.disabled === false ? { disabledAt: null } : {}),
        ...(change.password !== undefined ? { passwordHash: await hashPassword(change.password), passwordChangedAt: now } : {}),
      },
    }),
    // Sessions read the officer on every request, so a new binding applies at once; a new role
    // also ends them, so the console is reopened with the workbench that fits the role.
    ...(endSessions ? [db.officerSession.updateMany({ where: { officerId: id, revokedAt: null }, data: { revokedAt: now } })] : []),
    ...(change.password !== undefined ? [db.loginThrottle.deleteMany({ where: { username: officer.username } })] : []),
  ]);
  return updated;
}

/**
 * Whether the credential that owns something (a webhook subscription) is gone: a revoked or
 * unknown API key, or a disabled or unknown officer (officer ids start with `off_`, key ids with `key_`).
 */
export async function ownerRevoked(db: Db, ownerId: string): Promise<boolean> {
  if (ownerId.startsWith('off_')) {
    const officer = await db.officer.findUnique({ where: { id: ownerId }, select: { disabledAt: true } });
    return !officer || officer.disabledAt !== null;
  }
  const key = await db.apiKey.findUnique({ where: { id: ownerId }, select: { revokedAt: true } });
  return !key || key.revokedAt !== null;
}

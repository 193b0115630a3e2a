/**
 * Object scoping and passwords without a database: every bound role without its binding sees
 * nothing (fail closed), and the password rules and hashes behave as documented.
 */
import { canSeeProject, canSeeTask, eventWhere, NOTHING, projectWhere, taskWhere, WINDOW_EVENT_TYPES, type ScopeViewer } from '../../lib/auth/scope';
import { generatePassword, hashPassword, passwordProblems, verifyPassword } from '../../lib/auth/passwords';

const project = { agentId: 'AG-01', servicePointId: 'XZFW' };
const task = { departmentId: 'FGW', project };

describe('object scoping', () => {
  test.each<[string, ScopeViewer, boolean, boolean]>([
    ['supervisor', { role: 'supervisor' }, true, true],
    ['admin', { role: 'admin' }, true, true],
    ['window of the service point', { role: 'window', servicePointId: 'XZFW' }, true, true],
    ['window of another service point', { role: 'window', servicePointId: 'CGZ' }, false, false],
    ['agent assigned', { role: 'agent', agentId: 'AG-01' }, true, true],
    ['another agent', { role: 'agent', agentId: 'AG-02' }, false, false],
    ['department of the task', { role: 'department', departmentId: 'FGW' }, false, true],
    ['another department', { role: 'department', departmentId: 'GTJ' }, false, false],
  ])('when the viewer is the %s, then project and task visibility follow its binding', (_label, viewer, seesProject, seesTask) => {
    expect([canSeeProject(viewer, project), canSeeTask(viewer, task)]).toEqual([seesProject, seesTask]);
  });

  test.each<ScopeViewer>([{ role: 'window' }, { role: 'agent' }, { role: 'department' }])(
    'when a %j principal has lost its binding, then every query matches nothing and no object is visible',
    (viewer) => {
      expect([projectWhere(viewer), taskWhere(viewer), eventWhere(viewer)]).toEqual([NOTHING, NOTHING, NOTHING]);
      expect([canSeeProject(viewer, { agentId: null, servicePointId: null }), canSeeTask(viewer, { departmentId: 'FGW', project })]).toEqual([false, false]);
    },
  );

  test('when a bound principal queries, then the filter is its binding, never empty', () => {
    expect(projectWhere({ role: 'window', servicePointId: 'CGZ' })).toEqual({ servicePointId: 'CGZ' });
    expect(taskWhere({ role: 'window', servicePointId: 'CGZ' })).toEqual({ project: { servicePointId: 'CGZ' } });
    expect(taskWhere({ role: 'department', departmentId: 'FGW' })).toEqual({ departmentId: 'FGW' });
    // A window hears only its service point's notice and reply events, never decisions or lights.
    expect(eventWhere({ role: 'window', servicePointId: 'CGZ' })).toEqual({ servicePointId: 'CGZ', type: { in: [...WINDOW_EVENT_TYPES] } });
    expect(WINDOW_EVENT_TYPES).not.toContain('task.decided');
    expect(eventWhere({ role: 'agent', agentId: 'AG-01' })).toEqual({ agentId: 'AG-01' });
    expect(projectWhere({ role: 'department', departmentId: 'FGW' })).toEqual(NOTHING);
  });
});

describe('passwords', () => {
  test('when a password breaks the rules, then each broken rule has its Chinese message', () => {
    expect(passwordProblems('short1')).toEqual(['密码至少 10 个字符']);
    expect(passwordProblems('onlyletters')).toEqual(['密码必须同时包含字母和数字']);
    expect(passwordProblems('has space 123')).toEqual(['密码不能包含空格或换行']);
    expect(passwordProblems('zhangwei2026', 'ZhangWei')).toEqual(['密码不能包含登录名']);
    expect(passwordProblems('Window2026pass', 'li.si')).toEqual([]);
  });

  test('when a password is hashed, then only that password verifies, salts differ, and a malformed hash never throws', async () => {
    const a = await hashPassword('Window2026pass');
    const b = await hashPassword('Window2026pass');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect([await verifyPassword('Window2026pass', a), await verifyPassword('Window2026pasS', a)]).toEqual([true, false]);
    expect(await verifyPassword('x', 'not-a-hash')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$16384$8$1$c2FsdA$dG9vc2hvcnQ')).toBe(false);
  });

  test('when a password is generated, then it satisfies the rules', () => {
    for (let i = 0; i < 20; i++) expect(passwordProblems(generatePassword())).toEqual([]);
  });
});

/**
 * listProjectParticipants over real HTTP: the lead department and the departments with tasks on a
 * project, which the console needs because a department cannot read getProject. Object-level:
 * a department without a task on the project, another agent, or a missing project get 404.
 */
import { fileIndustrialProject } from '../support/filing';
import { useTestSystem } from '../support/system';

const OPEN = ['received', 'accepted', 'supplement_requested'];

describe('project participants (牵头部门与参与部门)', () => {
  const t = useTestSystem();

  test('when the lead department, a participating department, the agent, the window or the efficiency office asks, then each gets the lead and the per-department task counts; others get 404', async () => {
    const project = await fileIndustrialProject(t, 'participants-0001');
    const code: string = project.code;
    const tasks = project.tasks as { departmentId: string; status: string }[];
    const departments = [...new Set(tasks.map((x) => x.departmentId))].sort().map((departmentId) => ({
      departmentId,
      tasks: tasks.filter((x) => x.departmentId === departmentId).length,
      openTasks: tasks.filter((x) => x.departmentId === departmentId && OPEN.includes(x.status)).length,
    }));
    expect(departments.map((d) => d.departmentId)).toEqual(['FGW', 'GJJ', 'GTJ', 'HBJ', 'SWJ', 'ZJJ']);
    // Items waiting on prerequisites count as tasks, not as open ones: they are not invited to a meeting.
    expect(departments.filter((d) => d.openTasks > 0).map((d) => d.departmentId)).toEqual(['FGW', 'GTJ', 'HBJ', 'SWJ']);
    const expected = { projectId: code, status: 'in_review', leadDepartmentId: 'FGW', departments };

    const path = `/api/v1/projects/${code}/participants`;
    for (const key of [t.sys.key('department', 'FGW'), t.sys.key('department', 'HBJ'), t.sys.key('agent', 'AG-01'), t.sys.key('window'), t.sys.key('supervisor'), t.sys.key('admin')]) {
      const seen = await t.call('listProjectParticipants', 'GET', path, { key });
      expect([seen.status, seen.body]).toEqual([200, expected]);
    }
    for (const key of [t.sys.key('department', 'XFJ'), t.sys.key('agent', 'AG-02')]) {
      const hidden = await t.call('listProjectParticipants', 'GET', path, { key });
      expect([hidden.status, hidden.body.detail]).toEqual([404, `项目 ${code} 不存在`]);
    }
    expect((await t.call('listProjectParticipants', 'GET', '/api/v1/projects/XM-2099-999999/participants', { key: t.sys.key('supervisor') })).status).toBe(404);
  });
});

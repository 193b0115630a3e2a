/**
 * Typed search attributes (issue #16): an operator finds "all red tasks of a department" with a
 * visibility query in the Temporal UI or CLI. A project taken in twelve days ago (backdated, as a
 * migration would bring it in) has a red 备案 task at once; a project taken in today is green. The
 * query answers exactly the tasks the read model shows as red for that department.
 */
import { projectWorkflowId } from '../../workflows/project/contracts';
import { searchAttributes } from '../../workflows/search-attributes';
import { taskWorkflowId } from '../../workflows/task/contracts';
import { untilPasses } from '../support/eventually';
import { useTestSystem } from '../support/system';
import { fileBackdatedProject } from '../ui/backdated';

const intake = {
  applicant: { name: '县迟到物流有限公司', uscc: '91330100MA2XXXXX08', contact: { name: '李娜', phone: '0571-88880000' } },
  name: '冷链物流仓储中心',
  type: 'warehouse',
  location: '县物流园区',
  investmentWan: 600,
  greenChannel: false,
  materials: [{ name: '项目备案申请表' }],
  firstInquiryStaff: '迁移',
};

describe('search attributes for operators', () => {
  const t = useTestSystem();

  test('when an operator lists the red tasks of a department, then exactly the tasks the read model shows as red are returned', async () => {
    const late = await fileBackdatedProject(t.sys, Date.now() - 12 * 86_400_000, intake);
    const fresh = await fileBackdatedProject(t.sys, Date.now(), intake);

    const redInReadModel = async (departmentId: string): Promise<string[]> => {
      const r = await t.call('listTasks', 'GET', `/api/v1/tasks?light=red&departmentId=${departmentId}`, { key: t.sys.key('supervisor') });
      return (r.body.items as { id: string }[]).map((task) => taskWorkflowId(task.id)).sort();
    };
    const redInTemporal = async (departmentId: string): Promise<string[]> => {
      const ids: string[] = [];
      const query = `ApprovalKind = 'task' AND ApprovalDepartment = '${departmentId}' AND ApprovalLight = 'red'`;
      for await (const w of t.sys.env.client.workflow.list({ query })) ids.push(w.workflowId);
      return ids.sort();
    };

    await untilPasses(async () => {
      expect(await redInTemporal('FGW')).toEqual([taskWorkflowId(`${late}.FGW-01`)]);
      expect(await redInTemporal('FGW')).toEqual(await redInReadModel('FGW'));
      expect(await redInTemporal('GTJ')).toEqual(await redInReadModel('GTJ'));
    }, 100, 100);

    // Each workflow carries its kind, project and department; the project shows its worst light.
    const fgw = await t.sys.env.client.workflow.getHandle(taskWorkflowId(`${fresh}.FGW-01`)).describe();
    expect([
      fgw.typedSearchAttributes.get(searchAttributes.kind),
      fgw.typedSearchAttributes.get(searchAttributes.projectCode),
      fgw.typedSearchAttributes.get(searchAttributes.department),
      fgw.typedSearchAttributes.get(searchAttributes.taskStatus),
      fgw.typedSearchAttributes.get(searchAttributes.light),
    ]).toEqual(['task', fresh, 'FGW', 'received', 'green']);
    await untilPasses(async () => {
      const project = await t.sys.env.client.workflow.getHandle(projectWorkflowId(late)).describe();
      expect([project.typedSearchAttributes.get(searchAttributes.kind), project.typedSearchAttributes.get(searchAttributes.light)]).toEqual(['project', 'red']);
    });
  });

  test('when a task is accepted, then its status attribute follows', async () => {
    const code = await fileBackdatedProject(t.sys, Date.now(), intake);
    const key = t.sys.key('department', 'GTJ');
    const task = await t.call('getTask', 'GET', `/api/v1/tasks/${code}.GTJ-01`, { key });
    const accepted = await t.call('acceptTask', 'POST', `/api/v1/tasks/${code}.GTJ-01/acceptance`, { key, body: {}, headers: { 'If-Match': task.headers.get('etag')! } });
    expect(accepted.status).toBe(200);
    await untilPasses(async () => {
      const ids: string[] = [];
      const query = `ApprovalProjectCode = '${code}' AND ApprovalTaskStatus = 'accepted'`;
      for await (const w of t.sys.env.client.workflow.list({ query })) ids.push(w.workflowId);
      expect(ids).toEqual([taskWorkflowId(`${code}.GTJ-01`)]);
    }, 100, 100);
  });
});

/**
 * 请假与代理 (职位代理 AB 角) in real Chromium against a real system (issue #13): a GTJ officer declares
 * leave with the head as B 角, the task page shows who acts for whom and until when, and coming back
 * the same day withdraws the leave and the task returns; the HBJ head declares leave for the clerk and
 * training for himself, a new task nobody can take shows as 人员缺位提醒 to the head and to the
 * efficiency office, with the task and the project linked. The 协同待办 page lists a department's
 * meetings to confirm and 会签 to sign across projects, with the count in the menu.
 */
import { buildConsole } from '../../scripts/console-build';
import { addDays, shanghaiDateOf } from '../../domain/clock';
import { eventually } from '../support/eventually';
import { fileIndustrialProject } from '../support/filing';
import { useTestSystem } from '../support/system';
import { screenshot, zoneOnAnotherDay } from './browser';
import { useConsoleBrowser } from './officers';
import * as steps from './steps';

jest.setTimeout(240_000);


describe('请假与代理、人员缺位提醒、协同待办（真实浏览器）', () => {
  const system = useTestSystem();
  const { as } = useConsoleBrowser(system);

  beforeAll(() => {
    buildConsole({ log: () => undefined }); // no-op when console/dist is current
  });

  test('when an officer on a PC whose clock is on another day declares leave with a B 角, then it starts today in Beijing time, the task page shows the deputy until the last day, and coming back the same day withdraws it and the task returns', async () => {
    const { code } = await fileIndustrialProject(system, 'ui-absence-0001');
    const head = system.sys.officer('department_head', 'GTJ');
    const today = shanghaiDateOf(Date.now());
    // The form's first day defaults to today: Beijing's today, as the gateway counts, not the PC's.
    const clerk = await as({ role: 'department', boundTo: 'GTJ' }, { timezoneId: zoneOnAnotherDay() });
    await clerk.getByRole('menuitem', { name: '请假与代理' }).click();
    await steps.dialog(clerk, '登记请假或培训', async () => {
      await steps.pickDate(clerk, '结束日期（含当天）', addDays(today, 2));
      await steps.choose(clerk, '代理人（B 角）', `${head.name}（部门负责人）`);
      await clerk.getByLabel('事由').fill('年休假');
      await screenshot(clerk, '20a-absence-declare-form');
    });
    const mine = clerk.getByTestId('my-absences').getByRole('row').filter({ hasText: '年休假' });
    await mine.getByText('已登记').waitFor();
    await mine.getByText(`${today} 至 ${addDays(today, 2)}`).waitFor();
    await screenshot(clerk, '20-absences-page');

    // The task in hand moved to the B 角 at once: the task page says who acts for whom and until when.
    await steps.openTask(clerk, `${code}.GTJ-01`);
    const clerkName = system.sys.officer('department', 'GTJ').name;
    await clerk.getByText(`${head.name}（B 角）代理${clerkName}（请假）至 ${addDays(today, 2)} 24:00，期满回到本部门`).waitFor();
    await screenshot(clerk, '21-task-deputy');

    // Back the same day (the leave's first day): the leave is withdrawn and the task returns to the department.
    await clerk.getByRole('menuitem', { name: '请假与代理' }).click();
    await steps.dialog(clerk, '提前返岗', async () => clerk.getByLabel('说明').fill('假期取消'), '确定', clerk.getByTestId('my-absences'));
    await clerk.getByTestId('my-absences').getByRole('row').filter({ hasText: '年休假' }).getByText('已撤销').waitFor();
    await steps.openTask(clerk, `${code}.GTJ-01`);
    await clerk.getByText('收件时间').waitFor();
    await clerk.getByText(/（B 角）代理/).waitFor({ state: 'detached' });
    const task = await system.call('getTask', 'GET', `/api/v1/tasks/${code}.GTJ-01`, { key: system.sys.key('department', 'GTJ') });
    expect(task.body.assignee).toBeNull();
  });

  test('when the head declares leave for the clerk and training for himself, then a new task nobody can take shows as 人员缺位提醒 to the head and to the efficiency office', async () => {
    const today = shanghaiDateOf(Date.now());
    const clerk = system.sys.officer('department', 'HBJ');
    const hbjHead = system.sys.officer('department_head', 'HBJ');
    const head = await as({ role: 'department_head', boundTo: 'HBJ' });
    await head.getByRole('menuitem', { name: '请假与代理' }).click();
    for (const [who, deputy, kind, reason] of [[clerk.name, `${hbjHead.name}（部门负责人）`, '请假', '事假'], [`${hbjHead.name}（本人）`, clerk.name, '培训', '省厅业务培训']]) {
      await steps.dialog(head, '登记请假或培训', async () => {
        await steps.choose(head, '请假或培训人员（A 角）', who);
        await head.getByRole('dialog').getByText(kind, { exact: true }).click();
        await steps.choose(head, '代理人（B 角）', deputy);
        await head.getByLabel('事由').fill(reason);
      });
    }
    await head.getByTestId('department-absences').getByText('省厅业务培训').waitFor();

    // Both away: the new task stays with the department and is flagged to the head.
    const { code, id } = await fileIndustrialProject(system, 'ui-absence-0002');
    const alerts = head.getByTestId('staffing-alerts');
    await alerts.getByRole('link', { name: `${code}.HBJ-01` }).waitFor();
    await alerts.getByText(`${clerk.name}（至 ${today}）`).waitFor();
    await screenshot(head, '22-staffing-alerts-head');
    await alerts.getByRole('link', { name: `${code}.HBJ-01` }).click();
    await head.getByText('A 角与 B 角均不在岗，无人可办（请负责人安排）').first().waitFor();

    const supervisor = await as({ role: 'supervisor' });
    await supervisor.getByRole('menuitem', { name: '人员缺位提醒' }).click();
    const row = supervisor.getByTestId('staffing-alerts').getByRole('row').filter({ hasText: `${code}.HBJ-01` });
    await row.getByRole('link', { name: id, exact: true }).waitFor();
    await screenshot(supervisor, '23-staffing-alerts-supervisor');
    await row.getByRole('link', { name: id, exact: true }).click();
    await supervisor.waitForURL(/\/console\/projects\//);
    const api = await eventually(
      () => system.call('listStaffingAlerts', 'GET', '/api/v1/staffing-alerts', { key: system.sys.key('supervisor') }),
      (r) => r.body.items.some((a: { taskId: string }) => a.taskId === `${code}.HBJ-01`),
      '效能办看到人员缺位提醒',
    );
    expect(api.body.items.find((a: { taskId: string }) => a.taskId === `${code}.HBJ-01`)).toMatchObject({ projectId: id, departmentId: 'HBJ', officerName: clerk.name });
  });

  test('when a meeting and a 会签 await GTJ, then its 协同待办 shows both with the count in the menu, and after signing on the task page only the meeting is left', async () => {
    const { code } = await fileIndustrialProject(system, 'ui-absence-0003');
    const meetingDate = addDays(shanghaiDateOf(Date.now()), 3);
    const meeting = await system.call('scheduleJointMeeting', 'POST', `/api/v1/projects/${code}/joint-meetings`, { key: system.sys.key('supervisor'), body: { kind: 'joint_review', agenda: '施工图联合审查', meetingDate } });
    expect(meeting.status).toBe(201);
    const countersign = await system.call('startCountersign', 'POST', `/api/v1/projects/${code}/countersigns`, {
      key: system.sys.key('department', 'FGW'), body: { title: '关于项目用地的联合意见', draft: '同意用地。', departmentIds: ['GTJ'], workingDays: 3 },
    });
    expect(countersign.status).toBe(201);

    const gtj = await as({ role: 'department', boundTo: 'GTJ' });
    await steps.shows(gtj.getByTestId('inbox-menu'), '协同待办 2');
    await gtj.getByRole('menuitem', { name: /协同待办/ }).click();
    await gtj.getByTestId('inbox-countersigns').getByRole('row').filter({ hasText: '关于项目用地的联合意见' }).getByText('待签署').waitFor();
    await gtj.getByTestId('inbox-meetings').getByRole('row').filter({ hasText: '施工图联合审查' }).getByText('待确认参会').waitFor();
    await screenshot(gtj, '24-coordination-inbox');

    // Signing happens on the task page, reached from the row.
    await gtj.getByTestId('inbox-countersigns').getByRole('link', { name: code, exact: true }).click();
    await gtj.waitForURL(new RegExp(`/console/tasks/${code}\\.GTJ-01$`));
    await steps.dialog(gtj, '签署', async () => undefined);
    await steps.shows(gtj.getByTestId(`signature-${countersign.body.id}-GTJ`), '已签署');
    await gtj.getByRole('menuitem', { name: /协同待办/ }).click();
    await gtj.getByText('没有等待本部门签署的会签').waitFor();
    await steps.shows(gtj.getByTestId('inbox-menu'), '协同待办 1');
  });
});

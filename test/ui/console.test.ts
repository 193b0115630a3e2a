/**
 * The staff console (工作台) in real Chromium against a real system (Temporal dev server, gateway
 * serving the built console, SQLite): each officer in their own browser context, as on their own PC,
 * at 1366×768. The suite writes the screenshots in docs/screenshots/ that the README shows.
 */
import { buildConsole } from '../../scripts/console-build';
import { useTestSystem } from '../support/system';
import { fileBackdatedProject } from './backdated';
import { newConsoleContext, screenshot } from './browser';
import { useConsoleBrowser, type Officer } from './officers';
import * as steps from './steps';

jest.setTimeout(240_000);

const INTAKE: steps.Intake = {
  applicant: '县恒远商贸有限公司',
  uscc: '91330100MA2H0A1B24',
  projectName: '恒远商业综合体',
  typeLabel: '商业服务业项目',
  investmentWan: '800',
};

describe('工作台（真实浏览器）', () => {
  const system = useTestSystem();
  const officers = useConsoleBrowser(system);
  const as = officers.as;

  beforeAll(() => {
    buildConsole({ log: () => undefined }); // no-op when console/dist is current
  });

  let code = '';

  test('when each role logs in, then it lands on its own workbench with its menu', async () => {
    const anonymous = await (await newConsoleContext(officers.browser, system.sys.baseUrl)).newPage();
    await anonymous.goto('/console/dept/tasks');
    await anonymous.getByRole('button', { name: '登录' }).waitFor();
    await screenshot(anonymous, '01-login');
    await anonymous.getByLabel('用户名').fill('nobody');
    await anonymous.getByLabel('密码').fill('wrong-password');
    await anonymous.locator('button[type=submit]').click();
    await anonymous.getByRole('alert').getByText('用户名或密码错误').waitFor();

    const landing: [Officer, string][] = [
      [{ role: 'window' }, '受理登记'],
      [{ role: 'department', boundTo: 'FGW' }, '审批队列'],
      [{ role: 'agent', boundTo: 'AG-01' }, '我的代办项目'],
      [{ role: 'supervisor' }, '在审项目状态看板'],
      [{ role: 'admin' }, '工作人员'],
    ];
    for (const [who, heading] of landing) {
      const page = await as(who);
      await page.getByRole('heading', { name: new RegExp(`^${heading}`) }).waitFor();
      await page.close();
    }
  });

  test('when the window files a project, then the preview shows items and limits first, a double click files one project, and the receipt prints', async () => {
    const window = await as({ role: 'window' });
    code = await steps.fileProject(window, INTAKE, async () => {
      const preview = window.getByTestId('intake-preview');
      await preview.getByText('企业投资项目备案', { exact: true }).first().waitFor();
      await preview.getByText('公众聚集场所投入使用、营业前消防安全检查', { exact: true }).first().waitFor();
      await preview.getByText(/至 \d{4}-\d{2}-\d{2}/).first().waitFor();
      await window.getByLabel('代办专员编号').fill('AG-01');
      // Keyboard first: Enter moves to the next field instead of submitting half a form.
      await window.getByLabel('申请单位名称').press('Enter');
      expect(await window.getByLabel('统一社会信用代码').evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
      // The check digit is validated as typed: one wrong last character is named, then corrected.
      const uscc = window.getByLabel('统一社会信用代码');
      await uscc.fill(`${INTAKE.uscc.slice(0, 17)}0`);
      await window.getByText(`校验位不正确：第 18 位应为 ${INTAKE.uscc[17]}`).waitFor();
      await uscc.fill(INTAKE.uscc);
      await window.getByText(/校验位不正确/).waitFor({ state: 'detached' });
      await preview.evaluate((el) => el.closest('.ant-card-body')?.scrollTo(0, 0));
      await screenshot(window, '02-window-intake-preview');
    });
    const found = await system.call('listProjects', 'GET', `/api/v1/projects?q=${INTAKE.uscc}`, { key: system.sys.key('supervisor') });
    expect(found.body.items.map((p: { code: string }) => p.code)).toEqual([code]);

    await window.getByRole('link', { name: '打印受理回执' }).or(window.getByRole('button', { name: '打印受理回执' })).waitFor();
    await window.goto(`/console/print/receipt/${code}`);
    await window.getByText(code).first().waitFor();
    await window.getByText('政务受〔2026〕', { exact: false }).waitFor();
    // The receipt prints the project's forecast reply date (the same one getProject gives).
    const project = await system.call('getProject', 'GET', `/api/v1/projects/${code}`, { key: system.sys.key('supervisor') });
    const [y, m, d] = (project.body.forecast.promised.replyDueDate as string).split('-').map(Number);
    await window.getByText(`最迟于${y}年${m}月${d}日集中回复`, { exact: false }).waitFor();
    await screenshot(window, '03b-receipt', { fullPage: true });
  });

  test('when two departments accept, one issues a 一次性告知 and the window adds the material, then all decide, the reply prints and the agent records satisfaction', async () => {
    const fgw = await as({ role: 'department', boundTo: 'FGW' });
    await fgw.goto('/console/dept/tasks');
    await fgw.getByRole('link', { name: code }).waitFor();
    await screenshot(fgw, '04-department-queue');
    await steps.acceptTask(fgw, `${code}.FGW-01`);
    await steps.decideApprove(fgw, `${code}.FGW-01`, '备案〔2026〕101号');

    const xfj = await as({ role: 'department', boundTo: 'XFJ' });
    await steps.issueNotice(xfj, `${code}.XFJ-01`, '消防安全检查申请表', '缺少法定代表人签字');
    await screenshot(xfj, '05-department-task-notice');
    await xfj.goto(`/console/print/notice/${code}.XFJ-01`);
    await xfj.getByText('缺少法定代表人签字').waitFor();
    await screenshot(xfj, '06-print-supplement-notice');

    const window = await as({ role: 'window' });
    await steps.supplyMaterials(window, code, 'XFJ-01');

    await steps.acceptTask(xfj, `${code}.XFJ-01`);
    await steps.decideApprove(xfj, `${code}.XFJ-01`, '消检〔2026〕7号');
    const gtj = await as({ role: 'department', boundTo: 'GTJ' });
    await steps.acceptTask(gtj, `${code}.GTJ-01`);
    await steps.decideReject(gtj, `${code}.GTJ-01`, '选址不符合国土空间规划');

    await steps.openProject(window, code);
    await window.getByRole('link', { name: '打印集中回复' }).or(window.getByRole('button', { name: '打印集中回复' })).waitFor();
    await screenshot(window, '03-window-project');
    await window.goto(`/console/print/reply/${code}`);
    await window.getByText('部分准予').first().waitFor();
    await window.getByText('选址不符合国土空间规划').waitFor();
    await screenshot(window, '07-print-consolidated-reply');
    // window.print() gives a clean page: in print media the toolbar is gone and the sheet has no screen frame.
    await window.emulateMedia({ media: 'print' });
    expect(await window.getByRole('button', { name: '打印' }).isVisible()).toBe(false);
    await window.emulateMedia({ media: 'screen' });

    const agent = await as({ role: 'agent', boundTo: 'AG-01' });
    await agent.getByRole('link', { name: code }).waitFor();
    await screenshot(agent, '10-agent-projects');
    // After the reply the project is in 跟踪服务: the agent records the applicant's satisfaction once.
    await agent.getByRole('link', { name: code }).click();
    await agent.getByRole('button', { name: '登记满意度' }).click();
    await agent.getByRole('dialog').getByRole('button', { name: '确定' }).click();
    await agent.getByText('满意', { exact: true }).first().waitFor();
    await agent.getByRole('button', { name: '登记满意度' }).waitFor({ state: 'detached' });
  });

  test('when the gateway refuses a field, then its Chinese message shows next to that field and nothing is filed', async () => {
    const window = await as({ role: 'window' });
    await steps.fillIntake(window, { ...INTAKE, projectName: '代办专员不存在的项目' });
    await window.getByLabel('代办专员编号').fill('AG-99');
    await window.getByRole('button', { name: /确认受理/ }).click();
    // The gateway's problem+json names /agentId; the console puts the message under that field.
    const field = window.locator('.ant-form-item').filter({ has: window.getByLabel('代办专员编号') });
    await field.getByText('代办专员 AG-99 不存在').waitFor();
    const found = await system.call('listProjects', 'GET', `/api/v1/projects?q=${encodeURIComponent(INTAKE.applicant)}`, { key: system.sys.key('supervisor') });
    expect(found.body.items.map((p: { code: string }) => p.code)).toEqual([code]);
  });

  test('when a material is not ticked, then the preview lists it as missing, the project is registered as not yet accepted and the 一次性告知书 prints', async () => {
    const window = await as({ role: 'window' });
    await steps.fillIntake(window, { ...INTAKE, applicant: '县恒远二期置业有限公司', projectName: '恒远商业综合体二期' });
    const preview = window.getByTestId('intake-preview');
    const material = ((await preview.locator('.ant-checkbox-wrapper').first().textContent()) ?? '').trim();
    await preview.getByRole('checkbox').first().uncheck();
    const missing = window.getByTestId('intake-missing');
    await missing.getByText('尚缺 1 项材料', { exact: false }).waitFor();
    await missing.getByText(material, { exact: false }).first().waitFor();
    await missing.scrollIntoViewIfNeeded();
    await screenshot(window, '02b-window-intake-missing');
    await window.getByRole('button', { name: /确认受理/ }).click();
    const title = await window.getByText(/材料不齐，尚未受理，项目代码 XM-\d{4}-\d{6}/).textContent();
    const filed = /XM-\d{4}-\d{6}/.exec(title ?? '')![0];
    const project = await system.call('getProject', 'GET', `/api/v1/projects/${filed}`, { key: system.sys.key('supervisor') });
    expect(project.body).toMatchObject({ status: 'awaiting_materials', acceptedAt: null });
    await window.getByRole('link', { name: '打印一次性告知书' }).or(window.getByRole('button', { name: '打印一次性告知书' })).waitFor();
    await window.goto(`/console/print/intake-notice/${filed}`);
    await window.getByText('申请材料补正一次性告知书').first().waitFor();
    await window.getByText(material, { exact: false }).first().waitFor();
  });

  test("when a department officer opens another department's task by URL, then the console says 无权访问", async () => {
    const fgw = await as({ role: 'department', boundTo: 'FGW' });
    await steps.openTask(fgw, `${code}.GTJ-01`);
    await fgw.getByText('无权访问').first().waitFor();
    expect(await fgw.getByText('选址不符合国土空间规划').count()).toBe(0);
    await screenshot(fgw, '12-forbidden');
  });

  test('when the efficiency office presses a red task (督办) and the department answers and decides, then the board turns 红灯 to 绿灯 without a reload', async () => {
    // 12 calendar days hold at least 3 working days even across Golden Week: the 2-day 备案 is past its promised limit.
    const weekAgo = Date.now() - 12 * 86_400_000;
    const late = await fileBackdatedProject(system.sys, weekAgo, {
      applicant: { name: '县迟到物流有限公司', uscc: '91330100MA2XXXXX08', contact: { name: '李娜', phone: '0571-88880000' } },
      name: '冷链物流仓储中心',
      type: 'logistics',
      location: '县物流园区',
      investmentWan: 600,
      greenChannel: false,
      materials: [{ name: '项目备案申请表' }],
      firstInquiryStaff: '迁移',
    });
    const supervisor = await as({ role: 'supervisor' });
    const row = supervisor.getByRole('row').filter({ hasText: late });
    await steps.shows(row.locator('[data-light]'), '红灯');
    await screenshot(supervisor, '08-supervisor-board');

    // The efficiency office presses the department (督办); the department answers on the task page.
    await steps.openTask(supervisor, `${late}.FGW-01`);
    await supervisor.getByRole('button', { name: '发起督办' }).click();
    await supervisor.getByLabel('督办意见').fill('备案已超承诺时限，请于 1 个工作日内办结并说明原因');
    await supervisor.getByRole('dialog').getByRole('button', { name: '确定' }).click();
    await supervisor.getByText('督办中').waitFor();
    await supervisor.goto('/console/supervisor/board');
    await steps.shows(row.locator('[data-light]'), '红灯');

    const fgw = await as({ role: 'department', boundTo: 'FGW' });
    await steps.openTask(fgw, `${late}.FGW-01`);
    await fgw.getByRole('button', { name: '答复督办' }).click();
    await fgw.getByLabel('答复内容').fill('经办人休假未及时签收，今日办结');
    await fgw.getByRole('dialog').getByRole('button', { name: '确定' }).click();
    await fgw.getByText('已答复').waitFor();
    if (await fgw.getByRole('button', { name: '签收受理', exact: true }).isVisible()) await steps.acceptTask(fgw, `${late}.FGW-01`);
    await steps.decideApprove(fgw, `${late}.FGW-01`, '备案〔2026〕102号');

    // Polling: the board (never reloaded) shows the project's new light within a few seconds.
    await steps.shows(row.locator('[data-light]'), /^(绿灯|黄灯)$/);

    // Accountability records export as CSV with the officer's session (a plain download link).
    const csv = await supervisor.request.get('/api/v1/accountability-records/export');
    expect([csv.status(), csv.headers()['content-type']]).toEqual([200, expect.stringMatching(/text\/csv/)]);

    await supervisor.goto('/console/supervisor/statistics');
    await supervisor.getByRole('img', { name: '各部门按时办结率、现场办结率、满意率、延期率' }).waitFor();
    await supervisor.getByRole('img', { name: '按月效能指标' }).waitFor();
    await screenshot(supervisor, '09-supervisor-statistics');
    const admin = await as({ role: 'admin' });
    await admin.getByRole('cell', { name: 'dept-fgw', exact: true }).waitFor();
    await screenshot(admin, '13-admin-officers');
    await admin.goto('/console/admin/calendar');
    await admin.getByText('放假日期').first().waitFor();
    await screenshot(admin, '11-admin-calendar');
  });

  test('when the officer logs out, then the session ends: pages ask to log in again and the old cookie no longer works', async () => {
    const window = await as({ role: 'window' });
    const cookies = await window.context().cookies();
    expect(cookies.find((c) => c.name === 'pa_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    await steps.logOut(window);
    await window.goto('/console/window/projects');
    await window.getByRole('button', { name: '登录' }).waitFor();
    const stale = await fetch(`${system.sys.baseUrl}/api/v1/session`, { headers: { cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') } });
    expect(stale.status).toBe(401);
  });
});

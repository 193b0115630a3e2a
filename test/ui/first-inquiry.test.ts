/**
 * 首问负责 in real Chromium against a real system (issue #13): the admin registers a 首问责任岗, the
 * window officer takes a project in (and is its first-inquiry officer without typing a name), the
 * receipt names officer and post, a department's 一次性告知 reaches the officer's 消息 with an unread
 * count, and the efficiency office hands the project over with a reason.
 */
import { buildConsole } from '../../scripts/console-build';
import { useTestSystem } from '../support/system';
import { screenshot } from './browser';
import { useConsoleBrowser } from './officers';
import * as steps from './steps';

jest.setTimeout(240_000);

describe('首问负责（真实浏览器）', () => {
  const system = useTestSystem();
  const { as } = useConsoleBrowser(system);

  beforeAll(() => {
    buildConsole({ log: () => undefined }); // no-op when console/dist is current
  });

  test('when the admin registers a post and the window takes a project in, then the officer is named with the post, told of the notice in 消息, and handed over by the office', async () => {
    const sys = system.sys;
    const window = sys.officer('window', 'XZFW');

    // The admin registers the window's 首问责任岗 with the window officer on it.
    const admin = await as({ role: 'admin' });
    await admin.goto('/console/admin/first-inquiry-posts');
    await admin.getByText('尚未登记首问责任岗').waitFor();
    await steps.dialog(admin, '登记首问责任岗', async () => {
      const d = admin.getByRole('dialog');
      await d.getByLabel('岗位编号').fill('XZFW-SW');
      await d.getByLabel('单位', { exact: true }).click();
      await admin.locator('.ant-select-dropdown:visible').getByTitle('县政务服务中心', { exact: false }).first().click();
      await d.getByLabel('岗位名称').fill('综合受理窗口首问岗');
      await d.getByLabel('岗位职责').fill('接待申请人首次咨询，一次性告知办理要求，跟踪至集中回复');
      await d.getByLabel('窗口联系电话（公示）').fill('0825-5421234');
      await d.getByLabel('在岗工作人员').click();
      await admin.locator('.ant-select-dropdown:visible').getByText(`（${window.username}）`, { exact: false }).click();
      await d.getByLabel('岗位名称').click(); // close the officer list
    });
    await admin.getByRole('cell', { name: '综合受理窗口首问岗' }).waitFor();
    await screenshot(admin, '29-admin-first-inquiry-posts');

    // The window officer files a project: 首问责任人 is the officer, not a text box.
    const clerk = await as({ role: 'window', boundTo: 'XZFW' });
    const code = await steps.fileProject(clerk, { applicant: '蓬溪首问精密制造有限公司', uscc: '91350100M000100Y43', projectName: '首问负责演示项目', typeLabel: '商业服务业项目', investmentWan: '800' }, async () => {
      await clerk.getByTestId('first-inquiry-officer').waitFor();
      expect(await clerk.getByLabel('首问责任人').count()).toBe(0);
    });
    await steps.openProject(clerk, code);
    await steps.shows(clerk.getByTestId('project-first-inquiry'), /综合受理窗口首问岗，电话 0825-5421234/);

    // The receipt names the officer and the post.
    const receipt = await clerk.context().newPage();
    await receipt.goto(`/console/print/receipt/${code}`);
    await receipt.getByText(/首问责任人：.*综合受理窗口首问岗，电话 0825-5421234/).waitFor();
    await receipt.close();

    // A department's 一次性告知 reaches the officer's 消息 with an unread count.
    const fgw = await as({ role: 'department', boundTo: 'FGW' });
    await steps.issueNotice(fgw, `${code}.FGW-01`, '项目备案表', '缺少法人签章');
    await clerk.getByTestId('notifications-entry').locator('xpath=..').getByText('1', { exact: true }).waitFor({ timeout: 60_000 });
    await clerk.getByTestId('notifications-entry').click();
    const row = clerk.getByRole('row').filter({ hasText: code });
    await row.getByText('一次性告知', { exact: true }).waitFor();
    await screenshot(clerk, '30-window-notifications');
    await row.getByRole('button', { name: '标为已读' }).click();
    await row.getByText('已读', { exact: true }).waitFor();

    // The efficiency office hands the project over to another officer with a reason.
    await system.call('putFirstInquiryPost', 'PUT', '/api/v1/first-inquiry-posts/FGW-SW', {
      key: sys.key('admin'),
      body: { unitKind: 'department', unitId: 'FGW', postName: '发改局首问岗', duties: '本部门首问接待', phone: null, officerIds: [sys.officer('department', 'FGW').officerId] },
    });
    const supervisor = await as({ role: 'supervisor' });
    await steps.openProject(supervisor, code);
    await steps.dialog(supervisor, '移交首问责任人', async () => {
      const d = supervisor.getByRole('dialog');
      await steps.searchSelect(d, '新的首问责任人', '发改局首问岗');
      await d.getByLabel('移交理由').fill('原首问责任人调离');
    }, '确认移交');
    await steps.shows(supervisor.getByTestId('project-first-inquiry'), /发改局首问岗/).catch(async (e: unknown) => {
      await screenshot(supervisor, '31-project-first-inquiry-handover-failed');
      throw e;
    });
    await supervisor.evaluate('window.scrollTo(0, 0)');
    await screenshot(supervisor, '31-project-first-inquiry-handover');
  });
});

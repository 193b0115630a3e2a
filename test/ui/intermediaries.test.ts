/**
 * Intermediary services (中介服务) and national-code URLs in real Chromium against a real system
 * (issue #12): the dev seed and the admin's 中介机构 page (add with a USCC check, suspend; a second
 * seed keeps the suspension); a department entrusts an intermediary on its task (task clock paused,
 * the intermediary's own clock shown), window and agent see the period read-only, the department
 * records the result with a rating; the efficiency office's 中介服务绩效 matches the API and its CSV;
 * console URLs name the project by its 全国投资项目代码 and old XM-… URLs are replaced by it.
 */
import fs from 'node:fs';
import { buildConsole } from '../../scripts/console-build';
import { usccCheckChar } from '../../domain/uscc';
import { readIntermediaries, seedDevIntermediaries } from '../../lib/seed';
import { fileIndustrialProject } from '../support/filing';
import { useTestSystem } from '../support/system';
import { screenshot } from './browser';
import { useConsoleBrowser } from './officers';
import * as steps from './steps';

jest.setTimeout(240_000);

const HP = readIntermediaries().find((x) => x.id === 'ZJ-HP-01')!;
const HP_LABEL = `${HP.name}（${HP.serviceKinds.join('、')}）`;

describe('中介服务与全国投资项目代码（真实浏览器）', () => {
  const system = useTestSystem();
  const { as } = useConsoleBrowser(system);
  let code = '';
  let national = '';
  let taskId = '';
  let seeded = 0;

  beforeAll(() => {
    buildConsole({ log: () => undefined }); // no-op when console/dist is current
  });

  beforeAll(async () => {
    const project = await fileIndustrialProject(system, 'ui-intermediary-0001');
    code = project.code;
    national = project.nationalProjectCode;
    taskId = `${code}.HBJ-01`;
    seeded = await seedDevIntermediaries(system.sys.db); // what npm start does on a fresh system
    expect(national).toMatch(/^\d{4}-\d{6}-\d{2}-\d{2}-\d{6}$/);
  });

  test('when the dev seed has run, then the admin sees the county intermediaries, adds one only with a valid USCC, suspends one, and seeding again keeps the suspension', async () => {
    expect(seeded).toBe(readIntermediaries().length);
    const admin = await as({ role: 'admin' });
    await admin.goto('/console/admin/intermediaries');
    for (const x of readIntermediaries()) await admin.getByRole('row').filter({ hasText: x.name }).getByText('在用').waitFor();

    const first17 = '91510921MA6K3M2P7';
    const good = first17 + usccCheckChar(first17);
    const bad = first17 + (good[17] === '1' ? '2' : '1');
    await steps.dialog(admin, '新增中介机构', async () => {
      const d = admin.getByRole('dialog');
      await d.getByLabel('机构编号').fill('ZJ-KC-01');
      await d.getByLabel('机构名称').fill('蓬溪县地勘岩土工程有限公司');
      await d.getByLabel('统一社会信用代码').fill(bad);
      await d.getByText(`校验位不正确：第 18 位应为 ${good[17]}`).waitFor(); // said while typing
      await d.getByLabel('统一社会信用代码').fill(good);
      await d.getByLabel('服务事项').fill('岩土工程勘察');
      await d.getByLabel('服务事项').press('Enter');
      await d.getByLabel('承诺服务时限（工作日）').fill('15');
      await d.getByLabel('联系人').fill('陈立');
      await d.getByLabel('联系电话').fill('0825-5412277');
    });
    const added = admin.getByRole('row').filter({ hasText: '蓬溪县地勘岩土工程有限公司' });
    await added.getByText('岩土工程勘察').waitFor();
    await added.getByText('15 个工作日').waitFor();

    const suspended = readIntermediaries().find((x) => x.id === 'ZJ-CH-02')!;
    const row = admin.getByRole('row').filter({ hasText: suspended.name });
    await row.getByRole('button', { name: '停用' }).click();
    await admin.locator('.ant-popconfirm').getByRole('button', { name: '停用' }).click();
    await row.getByText('已停用').waitFor();
    await screenshot(admin, '25-admin-intermediaries');

    expect(await seedDevIntermediaries(system.sys.db)).toBe(0);
    const all = await system.call('listIntermediaries', 'GET', '/api/v1/intermediaries?includeInactive=true', { key: system.sys.key('admin') });
    const byId = new Map(all.body.items.map((x: { id: string; active: boolean; uscc: string }) => [x.id, x]));
    expect(byId.size).toBe(readIntermediaries().length + 1);
    expect(byId.get('ZJ-CH-02')).toMatchObject({ active: false });
    expect(byId.get('ZJ-KC-01')).toMatchObject({ active: true, uscc: good });
  });

  test('when the department entrusts an intermediary and later records the result, then the task clock pauses and resumes, the intermediary clock shows, and window and agent see the period read-only', async () => {
    const hbj = await as({ role: 'department', boundTo: 'HBJ' });
    await steps.acceptTask(hbj, taskId);
    await steps.dialog(hbj, '委托中介服务', async () => {
      const d = hbj.getByRole('dialog');
      await d.getByLabel('中介机构').click();
      await hbj.getByTitle(HP_LABEL, { exact: true }).click();
      await d.getByLabel('服务事项').click();
      await hbj.getByTitle(HP.serviceKinds[1], { exact: true }).click();
      await d.getByTestId('intermediary-limit').getByText(`${HP.limitDays} 个工作日`, { exact: false }).waitFor();
      await d.getByLabel(/委托内容/).fill('编制项目环境影响报告表');
    });
    await steps.shows(hbj.getByTestId('task-clock'), '中介服务期间暂停计时');
    const period = hbj.locator('[data-testid^="intermediary-period-"]');
    await steps.shows(period.getByTestId('intermediary-status'), '进行中');
    await steps.shows(period.locator('[data-light]'), '绿灯');
    await period.getByText(`承诺 ${HP.limitDays} 个工作日`, { exact: false }).waitFor();
    await screenshot(hbj, '26-department-intermediary-open');
    expect(await hbj.getByRole('button', { name: '作出决定' }).count()).toBe(0); // refused while the intermediary works

    // Window and agent: the period on the project page, the timeline names it, nothing to act on.
    for (const who of [{ role: 'window' as const }, { role: 'agent' as const, boundTo: 'AG-01' }]) {
      const page = await as(who);
      await steps.openProject(page, code);
      const card = page.locator('.ant-card').filter({ has: page.getByText(/^中介服务 · /) });
      await steps.shows(card.getByTestId('intermediary-status'), '进行中');
      await card.getByText(HP.name).waitFor();
      await page.locator('.ant-card').filter({ has: page.getByText('办理时间线', { exact: true }) }).getByText(new RegExp(HP.name)).first().waitFor();
      expect(await page.getByRole('button', { name: '登记中介结果' }).count()).toBe(0);
      if (who.role === 'window') {
        await card.evaluate((el) => el.scrollIntoView({ block: 'start' }));
        await screenshot(page, '27-window-project-intermediary');
      }
    }

    await steps.dialog(hbj, '登记中介结果', async () => {
      const d = hbj.getByRole('dialog');
      await d.getByLabel('结果说明').fill('环境影响报告表已出具');
      await d.locator('.ant-rate-star').nth(3).locator('[role=radio]').click();
    });
    await steps.shows(period.getByTestId('intermediary-status'), '已登记结果');
    await steps.shows(period.getByTestId('intermediary-rating'), '4 分');
    await hbj.getByTestId('task-clock').waitFor({ state: 'detached' }); // running again: remaining days instead
    await hbj.getByRole('button', { name: '作出决定', exact: true }).waitFor();
    const periods = await system.call('listTaskIntermediaryPeriods', 'GET', `/api/v1/tasks/${taskId}/intermediary-periods`, { key: system.sys.key('department', 'HBJ') });
    expect(periods.body.items.map((p: { status: string; result: string; rating: number; note: string }) => [p.status, p.result, p.rating, p.note])).toEqual([['completed', 'delivered', 4, '环境影响报告表已出具']]);
  });

  test('when the efficiency office opens 中介服务绩效, then the table shows what the API computes and the CSV downloads', async () => {
    const supervisor = await as({ role: 'supervisor' });
    await supervisor.goto('/console/supervisor/intermediaries');
    const api = await system.call('getIntermediaryPerformance', 'GET', '/api/v1/intermediary-performance', { key: system.sys.key('supervisor') });
    const hp = api.body.items.find((x: { intermediaryId: string }) => x.intermediaryId === HP.id);
    expect([hp.periods, hp.completed, hp.ratings, hp.averageRating]).toEqual([1, 1, 1, 4]);
    const row = supervisor.getByRole('row').filter({ hasText: HP.name });
    await row.getByText(`${hp.averageRating} 分（${hp.ratings} 次）`).waitFor();
    await row.getByText(`${hp.averageDays} 个工作日`).waitFor();
    await screenshot(supervisor, '28-supervisor-intermediary-performance');
    const [download] = await Promise.all([supervisor.waitForEvent('download'), supervisor.getByRole('link', { name: '导出 CSV' }).click()]);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(csv).toContain(HP.name);
    expect(csv).toContain(HP.uscc);
  });

  test('when a project has a national code, then console links use it and old XM-… project and print URLs are replaced by it', async () => {
    const win = await as({ role: 'window' });
    await win.goto(`/console/projects/${code}`);
    await win.waitForURL(`**/console/projects/${national}`);
    await steps.shows(win.getByTestId('national-code'), `全国投资项目代码 ${national}`);
    const receipt = win.getByRole('link', { name: '打印受理回执' });
    expect(await receipt.getAttribute('href')).toBe(`/console/print/receipt/${national}`);

    await win.goto('/console/window/projects');
    expect(await win.getByRole('link', { name: code, exact: true }).getAttribute('href')).toBe(`/console/projects/${national}`);
    await steps.openTask(win, taskId);
    expect(await win.getByRole('link', { name: code, exact: true }).getAttribute('href')).toBe(`/console/projects/${national}`);

    await win.goto(`/console/print/receipt/${code}`);
    await win.waitForURL(`**/console/print/receipt/${national}`);
    await win.getByText(national, { exact: true }).waitFor();
  });
});

/**
 * Coordination screens in real Chromium against a real system (issue #13 and the #12 console bits):
 * joint meetings with confirmation, minutes and commitments; 会签 with a decline then a signature and
 * the printed 会签意见; the efficiency office's 绿色通道 and the 延期率 on the statistics page.
 * An industrial project: FGW leads; FGW, GTJ, HBJ and SWJ have open tasks on intake.
 */
import type { Locator, Page } from 'playwright-core';
import { buildConsole } from '../../scripts/console-build';
import { shanghaiDateOf } from '../../domain/clock';
import { fileIndustrialProject } from '../support/filing';
import { useTestSystem } from '../support/system';
import { screenshot } from './browser';
import { useConsoleBrowser } from './officers';
import * as steps from './steps';

jest.setTimeout(240_000);

const NAMES = { FGW: '县发展和改革局', GTJ: '县国土资源局', HBJ: '县生态环境局', SWJ: '县水务局', GJJ: '县规划和建设局', ZJJ: '县住房和城乡建设局' };

describe('部门协同工作台（真实浏览器）', () => {
  const system = useTestSystem();
  const { as } = useConsoleBrowser(system);
  let code = '';

  beforeAll(() => {
    buildConsole({ log: () => undefined }); // no-op when console/dist is current
  });

  beforeAll(async () => {
    code = (await fileIndustrialProject(system, 'ui-coordination-0001')).code;
  });


  test('when the efficiency office convenes a 会商, then invited departments confirm, the lead department records one commitment per department and each department sees its commitment with a light in words', async () => {
    const supervisor = await as({ role: 'supervisor' });
    await steps.openProject(supervisor, code);
    await steps.dialog(supervisor, '召集联席会议', async () => {
      await supervisor.getByRole('dialog').getByText(`${NAMES.FGW}、${NAMES.GTJ}、${NAMES.HBJ}、${NAMES.SWJ}`, { exact: false }).waitFor();
      await supervisor.getByRole('dialog').getByText('会商', { exact: true }).click();
      await supervisor.getByLabel('议题').fill('项目用地与环评审批衔接');
    });
    const meeting = supervisor.locator('[data-testid^="meeting-LX-"]');
    await meeting.getByText('已召集，待形成纪要').waitFor();
    await meeting.getByText('会商', { exact: true }).waitFor();
    expect(await meeting.locator('tr.ant-table-row').count()).toBe(4); // the four departments with open tasks

    // An invited department sees the meeting on its task page and confirms.
    const hbj = await as({ role: 'department', boundTo: 'HBJ' });
    await steps.openTask(hbj, `${code}.HBJ-01`);
    // HBJ neither leads the project nor chairs: it may confirm, not convene, minute or start a 会签.
    await hbj.getByRole('button', { name: '确认参会', exact: true }).waitFor();
    await hbj.getByText(`牵头部门：${NAMES.FGW}`).waitFor(); // the participants are loaded, so the buttons would show by now
    for (const chairOnly of ['召集联席会议', '记录会议纪要', '发起会签']) expect(await hbj.getByRole('button', { name: chairOnly }).count()).toBe(0);
    await dialogless(hbj, '确认参会');
    await hbj.getByRole('row').filter({ hasText: NAMES.HBJ }).getByText(/^已确认/).waitFor();

    // The lead department chairs: minutes with commitments for two departments, the others left blank.
    const fgw = await as({ role: 'department', boundTo: 'FGW' });
    await steps.openTask(fgw, `${code}.FGW-01`);
    await fgw.getByText(`牵头部门：${NAMES.FGW}`).waitFor();
    const today = shanghaiDateOf(Date.now());
    const deadline = await system.call('computeDeadline', 'POST', '/api/v1/deadlines/compute', { key: system.sys.key('supervisor'), body: { startDate: today, workingDays: 5 } });
    const hbjDue: string = deadline.body.dueDate;
    await steps.dialog(
      fgw,
      '记录会议纪要',
      async () => {
        await fgw.getByRole('textbox', { name: /会议纪要/ }).fill('各部门同步开展用地预审与环评审查，互认现场踏勘结果。');
        // Minutes without any commitment are refused in the form, before anything is sent.
        await fgw.getByRole('dialog').getByRole('button', { name: '保存纪要' }).click();
        await fgw.getByRole('dialog').getByText('请至少填写一个部门的承诺').waitFor();
        await fgw.getByLabel(`${NAMES.GTJ}承诺事项`).fill('3 个工作日内出具用地预审意见');
        await fgw.getByLabel(`${NAMES.HBJ}承诺事项`).fill('5 个工作日内完成环评技术审查');
        await fgw.getByLabel(`${NAMES.HBJ}承诺时限`).fill('5');
        // As the officer types, the form shows the date 5 working days from today ends on (the server's calendar).
        await fgw.getByTestId('due-HBJ').getByText(`至 ${hbjDue}`).waitFor();
        await screenshot(fgw, '14a-meeting-minutes-form');
      },
      '保存纪要',
    );
    await fgw.getByText('已形成纪要').waitFor();

    // The department's task page shows what it promised, with the light as a word, and fulfils it by answering.
    await steps.openTask(hbj, `${code}.HBJ-01`);
    const own = hbj.locator('.ant-card').filter({ has: hbj.getByText('本部门会议承诺', { exact: true }) });
    await own.getByText('5 个工作日内完成环评技术审查').waitFor();
    await steps.shows(own.locator('[data-light]'), '绿灯');
    await own.getByText(`期限 ${hbjDue}`).waitFor(); // the order's due date is the one the form showed
    await screenshot(hbj, '14-department-meeting-commitment');
    await steps.dialog(hbj, '履行承诺（答复）', async () => hbj.getByLabel('答复内容').fill('环评技术审查已完成，意见已送牵头部门'), '确定', own);
    await own.getByText('已按期履行').waitFor();

    // The project page lists the meeting with every department's confirmation and commitment.
    await steps.openProject(supervisor, code);
    await meeting.getByText('已形成纪要').waitFor();
    await meeting.getByRole('row').filter({ hasText: NAMES.GTJ }).locator('[data-light]').waitFor();
    await meeting.getByRole('row').filter({ hasText: NAMES.HBJ }).getByText('已按期履行').waitFor();
    await toTop(meeting);
    await screenshot(supervisor, '15-project-joint-meeting');

    const api = await system.call('listJointMeetings', 'GET', `/api/v1/projects/${code}/joint-meetings`, { key: system.sys.key('supervisor') });
    expect(api.body.items.map((m: { kind: string; invitees: { departmentId: string; confirmedAt: string | null; commitment: string | null }[] }) => [m.kind, m.invitees.map((i) => [i.departmentId, i.confirmedAt !== null, i.commitment])])).toEqual([
      ['consultation', [['FGW', false, null], ['GTJ', false, '3 个工作日内出具用地预审意见'], ['HBJ', true, '5 个工作日内完成环评技术审查'], ['SWJ', false, null]]],
    ]);
  });

  test('when the lead department starts a 会签 and one department declines then signs, then every department shows its state and the 会签意见 prints', async () => {
    const fgw = await as({ role: 'department', boundTo: 'FGW' });
    await steps.openTask(fgw, `${code}.FGW-01`);
    await steps.dialog(fgw, '发起会签', async () => {
      await fgw.getByLabel('会签事项').fill('项目选址');
      await fgw.getByLabel('联合意见（草稿）').fill('同意在城东工业园 9 号地块选址建设，用地与环保要求按各部门意见执行。');
      for (const d of [NAMES.GJJ, NAMES.SWJ, NAMES.ZJJ]) await fgw.getByRole('dialog').getByLabel(d).uncheck();
    });
    const card = fgw.locator('[data-testid^="countersign-HQ-"]');
    await card.getByText('签署中').waitFor();
    const id = ((await card.getAttribute('data-testid')) ?? '').replace('countersign-', '');

    // GTJ declines with reasons, then signs with an opinion.
    const gtj = await as({ role: 'department', boundTo: 'GTJ' });
    await steps.openTask(gtj, `${code}.GTJ-01`);
    await steps.dialog(gtj, '不同意', async () => gtj.getByLabel('不同意的理由（每行一条）').fill('选址红线与基本农田保护区重叠\n请补充用地调整说明'));
    await steps.shows(gtj.getByTestId(`signature-${id}-GTJ`), '不同意');
    await gtj.getByText('选址红线与基本农田保护区重叠；请补充用地调整说明').waitFor();
    await toTop(gtj.locator('[data-testid^="countersign-HQ-"]'));
    await screenshot(gtj, '16-countersign-declined');
    await steps.dialog(gtj, '签署', async () => gtj.getByLabel('签署意见（可不填）').fill('用地调整说明已补充，同意选址'));
    await steps.shows(gtj.getByTestId(`signature-${id}-GTJ`), '已签署（曾不同意 1 次）');

    const hbj = await as({ role: 'department', boundTo: 'HBJ' });
    await steps.openTask(hbj, `${code}.HBJ-01`);
    await steps.dialog(hbj, '签署', async () => undefined);
    await steps.shows(hbj.getByTestId(`signature-${id}-HBJ`), '已签署');

    await card.getByText('已全部签署').waitFor();
    await steps.shows(fgw.getByTestId(`signature-${id}-GTJ`), '已签署（曾不同意 1 次）');
    await toTop(card);
    await screenshot(fgw, '17-countersign-completed');

    // The printable 会签意见: GB/T 9704 frame, the lead department as issuer, every signature.
    await fgw.goto(`/console/print/countersign/${id}`);
    await fgw.getByRole('heading', { name: '关于项目选址的会签意见' }).waitFor();
    await fgw.getByText('FGW会签〔2026〕', { exact: false }).waitFor();
    await fgw.getByText('“新型建材生产线项目”', { exact: false }).waitFor();
    await fgw.getByRole('cell', { name: '用地调整说明已补充，同意选址' }).waitFor();
    await fgw.getByRole('cell', { name: '同意', exact: true }).waitFor();
    expect(await fgw.getByText('本页仅供核对').count()).toBe(0);
    await screenshot(fgw, '18-print-countersign', { fullPage: true });
  });

  test('when the efficiency office opens the 绿色通道 with a reason, then the project shows it and the statistics page shows the 延期率 the API computes', async () => {
    const supervisor = await as({ role: 'supervisor' });
    await steps.openProject(supervisor, code);
    await steps.dialog(supervisor, '开通绿色通道', async () => supervisor.getByLabel('开通理由').fill('省重点招商引资项目'), '确认开通');
    await supervisor.getByText('绿色通道', { exact: true }).first().waitFor();
    await supervisor.getByRole('button', { name: '开通绿色通道' }).waitFor({ state: 'detached' });
    const project = await system.call('getProject', 'GET', `/api/v1/projects/${code}`, { key: system.sys.key('supervisor') });
    expect(project.body.greenChannel).toBe(true);

    await supervisor.goto('/console/supervisor/statistics');
    await supervisor.getByText('延期率（批准延期办结）').waitFor();
    const today = shanghaiDateOf(Date.now());
    const stats = await system.call('getStatistics', 'GET', `/api/v1/statistics?from=${today.slice(0, 4)}-01-01&to=${today}`, { key: system.sys.key('supervisor') });
    const x = stats.body.county.extended;
    await steps.shows(supervisor.getByTestId('extended-count'), `办结 ${x.denominator} 件，其中延期 ${x.numerator} 件`);
    await supervisor.getByTestId('excluded-periods').getByText('专家评审').waitFor();
    await screenshot(supervisor, '19-statistics-extension');
  });

  /** Scrolls the card to the top of the viewport, so a screenshot shows it whole. */
  async function toTop(card: Locator): Promise<void> {
    await card.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  }

  /** A button that acts at once (no dialog), e.g. 确认参会. */
  async function dialogless(page: Page, button: string): Promise<void> {
    await page.getByRole('button', { name: button, exact: true }).click();
    await page.getByRole('button', { name: button, exact: true }).waitFor({ state: 'detached' });
  }
});

/**
 * The public portal (site root, no login) in real Chromium against a real system, at a phone size
 * (390×844, touch) and a desktop size (1366×768): browse the guide, draw the flow of a project type,
 * get a forecast, look up a running project by code + USCC (a wrong USCC finds nothing), file a
 * complaint (arithmetic challenge) and find it by its tracking number, read the 通报, rate a reply
 * once through its link (the second rating is refused), read 效能公示. Writes
 * docs/screenshots/portal-*.png, shown in the README.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildConsole } from '../../scripts/console-build';
import { APPLICANT, PROJECT } from '../support/scenario';
import { eventually } from '../support/eventually';
import { useTestSystem } from '../support/system';
import { launchChromium, screenshot, VIEWPORT } from './browser';

jest.setTimeout(240_000);

const SIZES = [
  { name: 'phone', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
  { name: 'desktop', viewport: VIEWPORT, isMobile: false, hasTouch: false },
] as const;

describe('公开服务门户（真实浏览器）', () => {
  // Both sizes run from one address: the per-address lookup limit is raised (the limits are covered in public-portal.test.ts).
  const system = useTestSystem({ PUBLIC_LOOKUP_RATE_LIMIT_PER_MINUTE: '100' });
  let browser: Browser;
  let code = '';
  let replied = '';
  let ratingPath = '';

  beforeAll(() => {
    buildConsole({ log: () => undefined }); // no-op when console/dist is current
  });
  beforeAll(async () => {
    browser = await launchChromium();
    code = await fileProject('portal-ui-0001', PROJECT.investmentWan);
    // A second project taken to its reply (GTJ-01 rejected, so its chain never starts), for the rating link.
    replied = await fileProject('portal-ui-0002', 500);
    await decide(replied, 'GTJ-01', { decision: 'rejected', reasons: ['选址不符合国土空间规划'] });
    for (const itemId of ['FGW-01', 'HBJ-01']) await decide(replied, itemId, { decision: 'approved', permitNumber: `${itemId}〔2026〕9号` });
    const reply = await eventually(
      () => api('GET', `/api/v1/projects/${replied}/reply`, system.sys.key('window')),
      (r) => r.status === 200,
      'the consolidated reply',
    );
    ratingPath = ((await reply.json()) as { ratingPath: string }).ratingPath;
    // Ratings are taken once follow-up tracking runs (just after the reply).
    await eventually(
      async () => ((await (await api('GET', `/api/v1/projects/${replied}`, system.sys.key('window'))).json()) as { status?: string }).status,
      (status) => status === 'tracking',
      'follow-up tracking',
    );
  });

  /** The API as the window's and departments' systems would call it. */
  const api = (method: string, path: string, key: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${system.sys.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
    });
  async function fileProject(idempotencyKey: string, investmentWan: number): Promise<string> {
    const body = { applicant: APPLICANT, project: { ...PROJECT, investmentWan }, materials: [{ name: '项目申请报告', copies: 1 }], firstInquiryStaff: '李窗口' };
    const res = await api('POST', '/api/v1/projects', system.sys.key('window'), body, { 'Idempotency-Key': idempotencyKey });
    expect(res.status).toBe(201);
    return ((await res.json()) as { code: string }).code;
  }
  async function decide(project: string, itemId: string, decision: object): Promise<void> {
    const key = system.sys.key('department', itemId.slice(0, 3));
    const path = `/api/v1/tasks/${project}.${itemId}`;
    for (const [segment, body] of [['acceptance', {}], ['decision', decision]] as const) {
      const etag = (await api('GET', path, key)).headers.get('etag')!;
      expect((await api('POST', `${path}/${segment}`, key, body, { 'If-Match': etag })).status).toBe(200);
    }
  }
  afterAll(async () => {
    await browser?.close();
  });

  describe.each(SIZES)('$name', (size) => {
    let context: BrowserContext;
    let page: Page;
    beforeAll(async () => {
      context = await browser.newContext({
        viewport: size.viewport,
        isMobile: size.isMobile,
        hasTouch: size.hasTouch,
        baseURL: system.sys.baseUrl,
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
      });
      context.setDefaultTimeout(30_000);
      page = await context.newPage();
    });
    afterAll(async () => {
      await context?.close();
    });

    test('when an applicant opens the site root, then the guide lists every item with its limits, fee, materials and prerequisites', async () => {
      await page.goto('/');
      await page.getByRole('heading', { name: /^办事指南/ }).waitFor();
      const gjj = page.getByTestId('guide-GJJ-01');
      await gjj.getByText('建设用地规划许可证核发').waitFor();
      await gjj.getByText('7 个工作日').waitFor();
      await gjj.getByText('不收费').waitFor();
      // Its prerequisite is named, not numbered.
      await gjj.getByText('建设项目用地预审与选址意见书').waitFor();
      await page.getByLabel('搜索事项或部门').fill('消防');
      await page.getByTestId('guide-ZJJ-01').waitFor();
      expect(await page.getByTestId('guide-FGW-01').count()).toBe(0);
      await page.getByLabel('搜索事项或部门').fill('');
      await screenshot(page, `portal-guide-${size.name}`);
    });

    test('when an industrial project is chosen, then the flow graph shows what waits on what with the critical path, and the forecast its reply dates', async () => {
      await page.getByRole('link', { name: '流程引导图与预计办结' }).click();
      await page.getByLabel('项目类型').click();
      await page.getByTitle('一般工业项目').click();
      await page.getByLabel('总投资（万元）').fill('5000');
      await page.getByRole('button', { name: '生成流程图' }).click();
      const graph = page.getByTestId('flow-graph');
      await graph.waitFor();
      // The 4-item chain decides the date: it is the critical path on promised limits.
      for (const id of ['GTJ-01', 'GJJ-01', 'GJJ-02', 'ZJJ-01']) expect(await page.getByTestId(`flow-node-${id}`).getAttribute('data-critical')).toBe('true');
      expect(await page.getByTestId('flow-node-HBJ-01').getAttribute('data-critical')).toBe('false');
      await page.getByTestId('reply-due-promised').getByText(/\d+月\d+日/).waitFor();
      await screenshot(page, `portal-flow-${size.name}`, { fullPage: true });

      // A fixed submission date gives the hand-computed reply date (see test/integration/public-portal.test.ts).
      await page.goto('/flow?type=industrial&investmentWan=5000&submittedOn=2026-09-21');
      await page.getByTestId('reply-due-promised').getByText('11月18日（周三）').waitFor();
      await page.getByText('法定时限', { exact: true }).click();
      await page.getByTestId('flow-graph').waitFor();
    });

    test('when the applicant looks a running project up with its code and USCC, then each item shows its state and the forecast; a wrong USCC finds nothing', async () => {
      await page.goto('/progress');
      await page.getByLabel('项目代码（见受理回执）').fill(code);
      await page.getByLabel('申请单位统一社会信用代码').fill('91350100M000100Y51');
      await page.getByRole('button', { name: '查询' }).click();
      await page.getByText('未找到该项目：请核对项目代码与统一社会信用代码').waitFor();

      await page.getByLabel('申请单位统一社会信用代码').fill(APPLICANT.uscc);
      await page.getByRole('button', { name: '查询' }).click();
      const result = page.getByTestId('progress-result');
      await result.getByText(PROJECT.name).waitFor();
      await page.getByTestId('progress-forecast').getByText(/最迟 \d+月\d+日/).waitFor();
      await page.getByTestId('progress-item-GJJ-01').getByText('等待前置事项').waitFor();
      await page.getByTestId('progress-item-FGW-01').getByText('绿灯').waitFor();
      expect(await page.getByText(APPLICANT.contact.phone).count()).toBe(0);
      await screenshot(page, `portal-progress-${size.name}`, { fullPage: true });
    });

    test('when the applicant files a complaint with the arithmetic answer, then a tracking number finds it, and a complaint marked for notice is published', async () => {
      await page.goto('/complaints');
      await page.getByLabel('被投诉部门').click();
      await page.getByTitle('县国土资源局').click();
      await page.getByLabel('投诉类别').click();
      await page.getByTitle('超时未办').click();
      await page.getByLabel('相关项目代码（可不填）').fill(code);
      await page.getByLabel('投诉事由').fill('用地预审超过承诺时限仍未办结。');
      await page.getByLabel('联系人').fill('王五');
      await page.getByLabel('联系电话').fill('13900001111');
      const question = (await page.getByTestId('challenge-question').textContent()) ?? '';
      // Each challenge has its own expiry instant; waiting on it (not on the text) also sees a new question equal to the old.
      const issued = await page.getByTestId('challenge-question').getAttribute('data-expires');
      const [, x, op, y] = /^(\d+) (加|减) (\d+) 等于多少？$/.exec(question)!;
      // A wrong answer first: refused in Chinese, and a new question replaces the used one.
      await page.getByLabel('验证题答案').fill(String((op === '加' ? Number(x) + Number(y) : Number(x) - Number(y)) + 1));
      await page.getByRole('button', { name: '提交投诉' }).click();
      await page.getByText('验证题答案不正确').waitFor();
      await page.locator(`[data-testid="challenge-question"][data-expires]:not([data-expires="${issued}"])`).waitFor();
      const next = (await page.getByTestId('challenge-question').textContent()) ?? '';
      const [, a, op2, b] = /^(\d+) (加|减) (\d+) 等于多少？$/.exec(next)!;
      await page.getByLabel('验证题答案').fill(String(op2 === '加' ? Number(a) + Number(b) : Number(a) - Number(b)));
      await page.getByRole('button', { name: '提交投诉' }).click();
      const trackingNumber = (await page.getByTestId('tracking-number').textContent())!;
      expect(trackingNumber).toMatch(/^TS-\d{4}-\d{6}-[0-9A-Z]{8}$/);
      await screenshot(page, `portal-complaint-${size.name}`, { fullPage: true });

      await page.getByRole('tab', { name: '查询办理情况' }).click();
      await page.getByLabel('查询编号').fill(trackingNumber);
      await page.getByRole('button', { name: '查询' }).click();
      const result = page.getByTestId('complaint-result');
      await result.getByText('待指定承办').waitFor();
      expect(await page.getByText('13900001111').count()).toBe(0);

      const id = trackingNumber.slice(0, 14);
      const marked = await fetch(`${system.sys.baseUrl}/api/v1/complaints/${id}/notice`, {
        method: 'POST',
        headers: { authorization: `Bearer ${system.sys.key('supervisor')}`, 'content-type': 'application/json' },
        body: JSON.stringify({ reason: '用地预审超时未办，经查属实，予以通报' }),
      });
      expect(marked.status).toBe(200);
      await page.getByRole('link', { name: '通报' }).click();
      await page.getByTestId(`notice-${id}`).getByText('用地预审超时未办，经查属实，予以通报').waitFor();
      expect(await page.getByText('王五').count()).toBe(0);
      await screenshot(page, `portal-notices-${size.name}`, { fullPage: true });
    });

    test('when the applicant opens the one-time link of the reply, then they rate once; a second rating is refused, and 效能公示 shows the month', async () => {
      await page.goto('/progress');
      await page.getByLabel('项目代码（见受理回执）').fill(replied);
      await page.getByLabel('申请单位统一社会信用代码').fill(APPLICANT.uscc);
      await page.getByRole('button', { name: '查询' }).click();
      await page.getByTestId('progress-reply').waitFor();
      if (size.name === 'phone') {
        // The reply on the lookup page carries the link until the project is rated.
        await page.getByRole('link', { name: '满意度评价' }).click();
        await page.getByText('基本满意').click();
        await page.getByLabel('意见建议').fill('窗口指引清楚，办理较快');
        await screenshot(page, `portal-rating-${size.name}`, { fullPage: true });
        await page.getByRole('button', { name: '提交评价' }).click();
        await page.getByText('感谢您的评价').waitFor();
      } else {
        // The same link again (as if kept from the printed reply): refused, the rating stands.
        await page.goto(ratingPath);
        await page.getByText('满意', { exact: true }).click();
        await page.getByRole('button', { name: '提交评价' }).click();
        await page.getByText('该项目已评价，每个项目只能评价一次').waitFor();
        await screenshot(page, `portal-rating-refused-${size.name}`, { fullPage: true });
      }
      await page.goto('/performance');
      await page.getByTestId('performance-table').getByText('县生态环境局').waitFor();
      await screenshot(page, `portal-performance-${size.name}`, { fullPage: true });
    });
  });
});

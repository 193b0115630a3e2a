/** What an officer does in the console, step by step, as the browser tests drive it. */
import type { Locator, Page } from 'playwright-core';

/** Waits until the element's whole text is `text` (the console polls, so changes arrive within seconds). */
export async function shows(locator: Locator, text: string | RegExp): Promise<void> {
  await locator.filter({ hasText: typeof text === 'string' ? new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : text }).waitFor();
}

export interface Login {
  username: string;
  password: string;
}

export async function logIn(page: Page, who: Login): Promise<void> {
  await page.goto('/console/login');
  await page.getByLabel('用户名').fill(who.username);
  await page.getByLabel('密码').fill(who.password);
  await page.locator('button[type=submit]').click();
  await page.getByRole('button', { name: '退出登录' }).waitFor();
}

export async function logOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.getByRole('button', { name: '登录' }).waitFor();
}

export interface Intake {
  applicant: string;
  uscc: string;
  projectName: string;
  typeLabel: string;
  investmentWan: string;
}

/** Fills the intake form and waits for the preview, ticking every listed material. */
export async function fillIntake(page: Page, intake: Intake): Promise<void> {
  await page.goto('/console/window/intake');
  await page.getByLabel('申请单位名称').fill(intake.applicant);
  await page.getByLabel('统一社会信用代码').fill(intake.uscc);
  await page.getByLabel('联系人').fill('张伟');
  await page.getByLabel('联系电话').fill('0571-88886666');
  await page.getByLabel('项目名称').fill(intake.projectName);
  await page.getByLabel('项目类型').click();
  await page.getByTitle(intake.typeLabel).click();
  await page.getByLabel('建设地点').fill('县经济开发区纬三路');
  await page.getByLabel('总投资（万元）').fill(intake.investmentWan);
  const preview = page.getByTestId('intake-preview');
  await preview.waitFor();
  for (const box of await preview.getByRole('checkbox').all()) await box.check();
}

/** Fills the intake form and files it with a double click (one project); returns the project code. */
export async function fileProject(page: Page, intake: Intake, beforeSubmit?: () => Promise<void>): Promise<string> {
  await fillIntake(page, intake);
  await beforeSubmit?.();
  await page.getByRole('button', { name: /确认受理/ }).dblclick();
  const title = await page.getByText(/已受理，项目代码 XM-\d{4}-\d{6}/).textContent();
  const code = /XM-\d{4}-\d{6}/.exec(title ?? '')?.[0];
  if (!code) throw new Error(`no project code in "${title}"`);
  return code;
}

export async function openTask(page: Page, taskId: string): Promise<void> {
  await page.goto(`/console/tasks/${encodeURIComponent(taskId)}`);
}

export async function acceptTask(page: Page, taskId: string): Promise<void> {
  await openTask(page, taskId);
  await dialog(page, '签收受理', async () => undefined, '受理');
  await shows(page.getByTestId('task-status'), '已受理');
}

export async function issueNotice(page: Page, taskId: string, material: string, reason: string): Promise<void> {
  await openTask(page, taskId);
  await dialog(
    page,
    '一次性告知',
    async () => {
      await page.getByLabel('需补正的材料').fill(material);
      await page.getByLabel('补正原因').fill(reason);
    },
    '发出告知',
  );
  await shows(page.getByTestId('task-status'), '补正中（暂停计时）');
}

export async function decideApprove(page: Page, taskId: string, permitNumber: string): Promise<void> {
  await openTask(page, taskId);
  await dialog(page, '作出决定', async () => page.getByLabel('许可证（批文）编号').fill(permitNumber), '确定');
  await shows(page.getByTestId('task-status'), '已决定');
}

export async function decideReject(page: Page, taskId: string, reason: string): Promise<void> {
  await openTask(page, taskId);
  await dialog(
    page,
    '作出决定',
    async () => {
      await page.getByRole('dialog').getByText('不予许可', { exact: true }).click();
      await page.getByLabel('不予许可的理由（每行一条）').fill(reason);
    },
    '确定',
  );
  await shows(page.getByTestId('task-status'), '已决定');
}

export async function openProject(page: Page, code: string): Promise<void> {
  await page.goto(`/console/projects/${encodeURIComponent(code)}`);
  await page.getByText(code, { exact: true }).first().waitFor();
}

/** The window hands in what the notice asked for; the task's clock resumes. */
export async function supplyMaterials(page: Page, code: string, itemId: string): Promise<void> {
  await openProject(page, code);
  await shows(page.getByTestId(`task-status-${itemId}`), '补正中（暂停计时）');
  await dialog(page, '补正材料（1）', async () => undefined, '提交');
  await shows(page.getByTestId(`task-status-${itemId}`), '待签收');
}

/** Presses a button (inside `scope` when given), fills the dialog and confirms it; says why when the dialog stays open. */
export async function dialog(page: Page, button: string, fill: () => Promise<void>, ok = '确定', scope: Locator = page.locator('body')): Promise<void> {
  await scope.getByRole('button', { name: button, exact: true }).click();
  const d = page.getByRole('dialog');
  await d.waitFor();
  // A press on OK while the dialog still zooms in could be lost (CI): start once it has appeared.
  await page.locator('.ant-modal.ant-zoom-appear').waitFor({ state: 'detached' });
  await fill();
  await d.getByRole('button', { name: ok }).click();
  await d.waitFor({ state: 'hidden' }).catch(async (e: unknown) => {
    // Say why the form stayed open (the gateway's refusal or a field message), not only that it did.
    const shown = await d.locator('[role=alert], .ant-form-item-explain-error').allTextContents();
    throw new Error(`“${button}”的对话框未关闭：${shown.join('；') || String(e)}`);
  });
}

/** Types a date (YYYY-MM-DD) into an antd date picker found by its label. */
export async function pickDate(page: Page, label: string, date: string): Promise<void> {
  const input = page.getByLabel(label);
  await input.click();
  await input.fill(date);
  await input.press('Enter');
}

/**
 * Picks the option containing `text` in a searchable antd select by typing it and pressing Enter,
 * then checks the field shows it; tries again when it does not. A click on an option while the list
 * re-renders (its options arriving from a query) can land on nothing, which left a required field
 * empty in a CI run.
 */
export async function searchSelect(scope: Locator, label: string, text: string, attempts = 3): Promise<void> {
  const field = scope.locator('.ant-form-item').filter({ has: scope.page().getByLabel(label, { exact: true }) });
  for (let attempt = 1; ; attempt++) {
    const input = scope.getByLabel(label);
    await input.click();
    await input.fill(text);
    await input.press('Enter');
    try {
      // antd 6 shows a chosen single value in …-content-has-value, each of a multiple one as …-selection-item.
      await field.locator('.ant-select-content-has-value, .ant-select-selection-item', { hasText: text }).waitFor({ timeout: 5_000 });
      return;
    } catch (e) {
      if (attempt >= attempts) throw e;
    }
  }
}

/**
 * Picks an option of an antd select found by its label, and waits until its list has closed; picks
 * again when the list stays open (a click that landed while the options re-rendered, seen on CI).
 */
export async function choose(page: Page, label: string, option: string, attempts = 3): Promise<void> {
  const list = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
  for (let attempt = 1; ; attempt++) {
    if (!(await list.isVisible())) await page.getByLabel(label).click();
    await list.getByTitle(option, { exact: true }).click();
    try {
      await list.waitFor({ state: 'hidden', timeout: 10_000 });
      return;
    } catch (e) {
      if (attempt >= attempts) throw e;
    }
  }
}

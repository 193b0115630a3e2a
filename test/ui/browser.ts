/**
 * Real Chromium for the console tests: Debian's browser driven by playwright-core (no downloaded
 * browser). CHROMIUM_PATH overrides the binary; the flags keep a headless run quiet and offline.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { repoRoot } from '../../lib/paths';
import { msUntilBeijingMidnight } from '../support/midnight';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
/** A common county PC screen. */
export const VIEWPORT = { width: 1366, height: 768 };
export const screenshotDir = path.join(repoRoot, 'docs', 'screenshots');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
}

/** County PCs keep Beijing time; a test may set another zone to show the console does not trust the PC's date. */
export async function newConsoleContext(browser: Browser, baseUrl: string, timezoneId = 'Asia/Shanghai'): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: VIEWPORT, baseURL: baseUrl, locale: 'zh-CN', timezoneId });
  // Generous: under a full parallel test run on two cores a poll cycle plus a workflow update can take several seconds.
  context.setDefaultTimeout(30_000);
  return context;
}

/** Writes docs/screenshots/<name>.png at the viewport size, or the whole page (the README shows these). */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  fs.mkdirSync(screenshotDir, { recursive: true });
  // Finished transitions: a picture taken mid-fade (antd's loading mask, a just-clicked button) looks washed out.
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: options.fullPage ?? false, animations: 'disabled' });
}

/**
 * A time zone whose date now is not Beijing's: UTC-12 is a day behind from 00:00 to 20:00 Beijing
 * time, UTC+14 a day ahead from 18:00 to 24:00. A PC set to it shows whether the console takes
 * "today" from the PC (wrong) or from Beijing time (as the gateway does).
 */
export function zoneOnAnotherDay(now: number = Date.now()): string {
  // Before 19:00 Beijing time (more than five hours of the day left) UTC-12 is still on yesterday.
  return msUntilBeijingMidnight(now) > 5 * 3_600_000 ? 'Etc/GMT+12' : 'Pacific/Kiritimati';
}

/** Which dev officer logs in for a role (and department or agent), and a browser per officer for a console suite. */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestSystem } from '../support/system';
import { launchChromium, newConsoleContext } from './browser';
import { logIn, type Login } from './steps';

export interface Officer {
  role: 'window' | 'department' | 'department_head' | 'agent' | 'supervisor' | 'admin';
  boundTo?: string;
}

export function loginFor(sys: TestSystem, who: Officer): Login {
  const officer = sys.officer(who.role, who.boundTo);
  return { username: officer.username, password: officer.password };
}

/**
 * One Chromium for the suite; `as(who)` opens a fresh profile (own cookies, as on the officer's own PC)
 * with that officer logged in. Everything closes after the suite.
 */
export function useConsoleBrowser(system: { readonly sys: TestSystem }): { as(who: Officer, pc?: { timezoneId?: string }): Promise<Page>; readonly browser: Browser } {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
  });
  const started = () => {
    if (!browser) throw new Error('browser not started: call as() inside tests');
    return browser;
  };
  return {
    get browser() {
      return started();
    },
    async as(who, pc = {}) {
      const context = await newConsoleContext(started(), system.sys.baseUrl, pc.timezoneId);
      contexts.push(context);
      const page = await context.newPage();
      await logIn(page, loginFor(system.sys, who));
      return page;
    },
  };
}

import { afterAll, beforeAll } from 'vitest';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { createTestApp, type TestApp } from './app.js';
import { launchChromium } from './browser.js';

export interface BrowserSite {
  t: TestApp;
  browser: Browser;
  /** The site's base URL, e.g. http://127.0.0.1:41234 */
  base: string;
  close(): Promise<void>;
}

/** The seeded demo site on a real port, and Chromium to read it with: the setup of most browser tests. */
export async function startBrowserSite(options: Parameters<typeof createTestApp>[1] = {}): Promise<BrowserSite> {
  const t = await createTestApp('sqlite', { seed: true, ...options });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  const browser = await launchChromium();
  return {
    t,
    browser,
    base,
    async close() {
      await browser.close();
      await t.close();
    },
  };
}

/**
 * Starts the site before the tests of the calling describe block and closes it after them. Read the fields inside
 * tests (they are set once beforeAll has run).
 */
export function useBrowserSite(options: Parameters<typeof createTestApp>[1] = {}): BrowserSite {
  const holder = {} as BrowserSite;
  beforeAll(async () => {
    Object.assign(holder, await startBrowserSite(options));
  });
  afterAll(async () => holder.close?.());
  return holder;
}

/** Signs `page` in to the newsroom through the sign-in form, as a person would; resolves on the dashboard. */
export async function signInToNewsroom(page: Page, base: string, user: { email: string; password: string }): Promise<void> {
  await page.goto(`${base}/newsroom/login`);
  await page.fill('#login-email', user.email);
  await page.fill('#login-password', user.password);
  await page.click('button[type="submit"]');
  await page.waitForURL(`${base}/newsroom/`);
}

/** Collects what a page reports as broken (console errors, such as a CSP refusal, and uncaught exceptions). */
export function pageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  return problems;
}

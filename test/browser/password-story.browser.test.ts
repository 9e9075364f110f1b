import net from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTECTED_MESSAGE } from '../../src/site/views/components/PasswordForm.js';
import { WRONG_PASSWORD_MESSAGE } from '../../src/site/unlock.routes.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { chromiumAvailable, launchChromium } from '../helpers/browser.js';
import { pageProblems } from '../helpers/browser-site.js';

/** A free port on the loopback address, so SITE_URL can be the address Chromium really uses. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A reader unlocks a password-protected story in real Chromium. The form posts with Chromium's own Origin and
 * Sec-Fetch-Site headers, which the unlock route checks against SITE_URL, so the site runs with SITE_URL set to the
 * address the browser opens. Screenshots: /tmp/password-locked.png and /tmp/password-unlocked.png.
 */
describe.skipIf(!chromiumAvailable)('a password-protected story in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    t = await createTestApp('sqlite', { seed: true, env: { SITE_URL: base } });
    await t.app.listen({ port, host: '127.0.0.1' });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows the password form, says when the password is wrong, then shows the whole story and lets the reader comment', async () => {
    const { services } = t.app;
    const world = await services.taxonomy.findSection('world');
    const image = (await services.articles.latest(1))[0]!.image;
    const id = await services.articles.create({
      title: 'Inside the embargoed budget briefing',
      standfirst: 'What ministers were told before the figures went out.',
      body: '<p>The briefing began at nine with a warning that nothing would leave the room.</p><p>By ten, the numbers were on the table.</p>',
      primarySectionId: world?.section.id ?? null,
      image,
      visibility: 'password',
      password: 'budget-2026',
    });
    await services.articles.publish(id);
    const path = (await services.articles.findPublishedById(id))!.path;

    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const problems = pageProblems(page);
    const response = await page.goto(`${base}${path}`);
    expect(response?.status()).toBe(200);
    expect(await page.textContent('.password-form-message')).toBe(PROTECTED_MESSAGE);
    expect(await page.locator('.story-body').count()).toBe(0);
    expect(await page.locator('#comments').count()).toBe(0);
    expect(await page.content()).not.toContain('nothing would leave the room');
    await page.screenshot({ path: '/tmp/password-locked.png', fullPage: false });

    await page.fill('#story-password', 'budget-2025');
    const [wrong] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/unlock')), page.click('.password-form button[type="submit"]')]);
    expect(wrong.status()).toBe(401);
    await page.waitForSelector('#story-password-error');
    expect(await page.textContent('#story-password-error')).toBe(WRONG_PASSWORD_MESSAGE);
    expect(await page.getAttribute('#story-password', 'aria-invalid')).toBe('true');

    await page.fill('#story-password', 'budget-2026');
    await Promise.all([page.waitForURL(`${base}${path}`), page.click('.password-form button[type="submit"]')]);
    await page.waitForSelector('.story-body');
    expect(await page.textContent('.story-body')).toContain('nothing would leave the room');
    expect(await page.textContent('.standfirst')).toBe('What ministers were told before the figures went out.');
    expect(await page.locator('.password-form').count()).toBe(0);
    expect(await page.locator('#respond form.comment-form').count()).toBe(1);
    const cookies = await page.context().cookies();
    const unlock = cookies.find((c) => c.name === `dateline_unlock_${id}`);
    expect(unlock).toMatchObject({ httpOnly: true, path: '/', sameSite: 'Lax' });
    expect(unlock!.value).not.toContain('budget-2026');
    await page.screenshot({ path: '/tmp/password-unlocked.png', fullPage: false });

    // A reload keeps it open (the cookie), and nothing on any of these pages broke (CSP, scripts).
    await page.reload();
    expect(await page.locator('.story-body').count()).toBe(1);
    // Chromium reports the wrong password's 401 as a failed load; anything else would be a real problem.
    expect(
      problems.filter((p) => !p.includes('status of 401')),
      problems.join('\n'),
    ).toEqual([]);
    await page.close();
  }, 60_000);
});

import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { makeArticle } from '../../../test/factories.js';
import { describeEachDialect } from '../../../test/helpers/database.js';
import { expectValidHtml } from '../../../test/helpers/html.js';
import { useAppWithEachRole } from '../../../test/helpers/newsroom-roles.js';
import { postForm } from '../../../test/helpers/staff.js';
import { DEFAULT_SETTINGS, type SiteSettings } from '../../news/settings/settings.service.js';
import { SETTING_FIELDS, formValuesOf, settingsFromForm } from './settings-form.js';

describe('the settings form', () => {
  it('has every setting exactly once', () => {
    expect(SETTING_FIELDS.map((field) => field.key).sort()).toEqual(Object.keys(DEFAULT_SETTINGS).sort());
  });

  it('reads unticked boxes as false, whole numbers as numbers and an empty logo as none', () => {
    const { changes } = settingsFromForm({ siteTitle: ' The Daily ', postsPerPage: '12', commentsMaxLinks: 'two', logo: '', feedFullContent: 'on' });
    expect(changes).toMatchObject({
      siteTitle: 'The Daily',
      postsPerPage: 12,
      commentsMaxLinks: 'two',
      logo: null,
      feedFullContent: true,
      noindexPaginatedArchives: false,
    });
    expect(formValuesOf(DEFAULT_SETTINGS)).toMatchObject({ logo: '', postsPerPage: '10', feedFullContent: true });
  });
});

describeEachDialect('newsroom settings', (dialect) => {
  const site = useAppWithEachRole(dialect);

  const get = (url: string, cookie = site.as.admin.cookie) => site.t.app.inject({ url, headers: { cookie } });
  /** The whole form as the page would post it: the current settings with some fields changed. */
  async function fields(overrides: Partial<Record<keyof SiteSettings, string | boolean>> = {}): Promise<Record<string, string>> {
    const values = { ...formValuesOf(await site.t.app.services.settings.get()), ...overrides };
    return Object.fromEntries(Object.entries(values).flatMap(([key, value]) => (value === false ? [] : [[key, value === true ? 'on' : String(value)]])));
  }

  it('is for administrators only, with a link in their navigation', async () => {
    expect((await site.t.app.inject('/newsroom/settings')).statusCode).toBe(303);
    for (const cookie of [site.as.editor.cookie, site.as.author.cookie, site.as.contributor.cookie]) {
      expect((await get('/newsroom/settings', cookie)).statusCode).toBe(403);
      expect((await postForm(site.t.app, '/newsroom/settings', cookie, await fields({ siteTitle: 'Hijacked' }))).statusCode).toBe(403);
      expect((await get('/newsroom/', cookie)).body).not.toContain('href="/newsroom/settings"');
    }
    expect((await site.t.app.services.settings.get()).siteTitle).toBe(DEFAULT_SETTINGS.siteTitle);
    expect((await get('/newsroom/')).body).toContain('<a href="/newsroom/settings">Settings</a>');
  });

  it('refuses a form without a valid CSRF token', async () => {
    const body = new URLSearchParams(await fields({ siteTitle: 'Forged' })).toString();
    const headers = { cookie: site.as.admin.cookie, 'content-type': 'application/x-www-form-urlencoded' };
    expect((await site.t.app.inject({ method: 'POST', url: '/newsroom/settings', headers, payload: body })).statusCode).toBe(403);
    expect(
      (await postForm(site.t.app, '/newsroom/settings', site.as.admin.cookie, await fields({ siteTitle: 'Forged' }), { token: 'forged' })).statusCode,
    ).toBe(403);
    expect((await site.t.app.services.settings.get()).siteTitle).toBe(DEFAULT_SETTINGS.siteTitle);
  });

  it('shows every group with its settings, help and current values', async () => {
    const page = await get('/newsroom/settings');
    expect(page.statusCode).toBe(200);
    for (const legend of ['Site', 'Comments', 'Publishing checklist', 'Feeds &amp; search engines']) expect(page.body).toContain(`<legend>${legend}</legend>`);
    expect(page.body).toMatch(/<select id="setting-timeZone"[^>]*>[\s\S]*<option value="Europe\/London"/);
    expect(page.body).toContain('<option value="us">US: November 27, 2026</option>');
    expect(page.body).toContain('value="on" checked id="setting-commentsRequirePriorApproval"');
    expect(page.body).toContain('A reader’s comment waits for a moderator until they have one approved comment');
    await expectValidHtml(page.body);
  });

  it('saves nothing when a value is wrong, and says what is wrong next to the field, keeping what was typed', async () => {
    const res = await postForm(
      site.t.app,
      '/newsroom/settings',
      site.as.admin.cookie,
      await fields({ siteTitle: 'Typed title', postsPerPage: 'ten', language: 'English!', commentsMaxLinks: '99' }),
    );
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Nothing was saved. Check the fields marked below.');
    expect(res.body).toContain('<p class="nr-field-error" id="setting-postsPerPage-error">Stories per page must be a whole number from 1 to 100.</p>');
    expect(res.body).toContain('Language must be a language tag such as en or en-GB.');
    expect(res.body).toContain('Most links in a comment must be a whole number from 0 to 50.');
    expect(res.body).toMatch(/id="setting-postsPerPage"[^>]*aria-invalid="true"[^>]*aria-describedby="setting-postsPerPage-hint setting-postsPerPage-error"/);
    expect(res.body).toContain('value="Typed title"');
    expect(res.body).toContain('value="ten"');
    await expectValidHtml(res.body);
    expect((await site.t.app.services.settings.get()).siteTitle).toBe(DEFAULT_SETTINGS.siteTitle);
    expect(await site.t.app.services.audit.list({ action: 'settings.changed' })).toEqual([]);
  });

  it('saves the form, audits only what changed, and the site shows it', async () => {
    const res = await postForm(
      site.t.app,
      '/newsroom/settings',
      site.as.admin.cookie,
      await fields({ siteTitle: 'The Morning Ledger', tagline: 'All the news', commentsNewestFirst: true, requireStandfirst: false }),
    );
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/newsroom/settings?done=saved');
    const after = await get('/newsroom/settings?done=saved');
    expect(after.body).toContain('The settings were saved.');
    expect(after.body).toContain('value="The Morning Ledger"');
    const [entry] = await site.t.app.services.audit.list({ action: 'settings.changed' });
    expect(entry).toMatchObject({
      actorId: site.as.admin.user.id,
      before: { siteTitle: 'Dateline', tagline: DEFAULT_SETTINGS.tagline, commentsNewestFirst: false, requireStandfirst: true },
      after: { siteTitle: 'The Morning Ledger', tagline: 'All the news', commentsNewestFirst: true, requireStandfirst: false },
    });
    expect(Object.keys(entry!.after as object).sort()).toEqual(['commentsNewestFirst', 'requireStandfirst', 'siteTitle', 'tagline']);
    const front = await site.t.app.inject('/');
    expect(front.body).toContain('The Morning Ledger');
    expect(front.body).toContain('All the news');
  });

  it('puts the chosen logo in the site header (the title as its alt text), the publisher JSON-LD and the feeds', async () => {
    const bytes = await sharp({ create: { width: 640, height: 120, channels: 3, background: { r: 20, g: 40, b: 90 } } })
      .png()
      .toBuffer();
    const logo = await site.t.app.services.media.upload({ bytes, filename: 'masthead.png', alt: 'Masthead' }, { userId: site.as.admin.user.id });
    const form = await get('/newsroom/settings');
    expect(form.body).toContain(`<option value="${logo.id}">masthead.png (640 × 120) – Masthead</option>`);

    const missing = await postForm(site.t.app, '/newsroom/settings', site.as.admin.cookie, await fields({ logo: String(logo.id + 1000) }));
    expect(missing.statusCode).toBe(422);
    expect(missing.body).toContain('Logo must be an image from the media library: there is no image with that id.');

    expect((await postForm(site.t.app, '/newsroom/settings', site.as.admin.cookie, await fields({ logo: String(logo.id) }))).statusCode).toBe(303);
    const { siteTitle } = await site.t.app.services.settings.get();
    const front = await site.t.app.inject('/');
    expect(front.body).toMatch(new RegExp(`<a class="site-title site-logo" href="/"><img src="${logo.url}"[^>]*width="640" height="120" alt="${siteTitle}"`));
    const jsonLd = [...front.body.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/g)].map((m) => JSON.parse(m[1]!) as Record<string, unknown>);
    expect(jsonLd.find((item) => item['@type'] === 'Organization')?.logo).toMatchObject({
      url: `${site.t.config.siteUrl}${logo.url}`,
      width: 640,
      height: 120,
    });
    expect((await site.t.app.inject('/feed/')).body).toContain(`<url>${site.t.config.siteUrl}${logo.url}</url>`);
    await expectValidHtml(front.body);
    const settingsPage = await get('/newsroom/settings');
    expect(settingsPage.body).toContain('<figcaption>The current logo</figcaption>');
    await expectValidHtml(settingsPage.body);

    expect((await postForm(site.t.app, '/newsroom/settings', site.as.admin.cookie, await fields({ logo: '' }))).statusCode).toBe(303);
    expect((await site.t.app.inject('/')).body).toMatch(/<a class="site-title" href="\/">[^<]+<\/a>/);
  });

  it('writes the dates on an article page in the chosen format; datetime attributes stay ISO', async () => {
    const id = await makeArticle(site.t.app.services, { title: 'Harbour reopens', publishedAt: '2026-11-27T09:30:00.000Z' });
    const path = (await site.t.app.services.articles.findPublishedById(id))!.path;
    const dates = async () => [...(await site.t.app.inject(path)).body.matchAll(/<time datetime="([^"]+)">([^<]+)<\/time>/g)].map((m) => [m[1], m[2]]);
    expect(await dates()).toContainEqual(['2026-11-27T09:30:00.000Z', '27 November 2026, 09:30 UTC']);
    expect((await postForm(site.t.app, '/newsroom/settings', site.as.admin.cookie, await fields({ dateFormat: 'us' }))).statusCode).toBe(303);
    expect(await dates()).toContainEqual(['2026-11-27T09:30:00.000Z', 'November 27, 2026, 9:30 AM UTC']);
    expect(
      (await postForm(site.t.app, '/newsroom/settings', site.as.admin.cookie, await fields({ dateFormat: 'iso', timeZone: 'Asia/Tokyo' }))).statusCode,
    ).toBe(303);
    expect(await dates()).toContainEqual(['2026-11-27T09:30:00.000Z', '2026-11-27 18:30 GMT+9']);
    expect((await site.t.app.inject('/')).body).toMatch(/<p class="masthead-date">\d{4}-\d{2}-\d{2}<\/p>/);
  });
});

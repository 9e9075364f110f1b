import { afterEach, beforeEach, expect, it } from 'vitest';
import { ManualClock } from '../../../test/helpers/clock.js';
import { createTestDatabase, describeEachDialect } from '../../../test/helpers/database.js';
import type { DatabaseHandle } from '../../platform/db/connection.js';
import { AuditService } from '../audit/audit.service.js';
import type { MediaItem } from '../media/media.types.js';
import { DomainError, notFound } from '../shared/errors.js';
import { DEFAULT_SETTINGS, SettingsService } from './settings.service.js';

describeEachDialect('SettingsService', (dialect) => {
  let database: DatabaseHandle;
  let audit: AuditService;
  let settings: SettingsService;
  let mediaId: number;
  const clock = new ManualClock('2026-11-27T10:00:00.000Z');

  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    audit = new AuditService({ db: database.db, clock });
    const row = await database.db
      .insertInto('media')
      .values({
        storage_key: '2026/11/abc/original.png',
        original_filename: 'logo.png',
        content_type: 'image/png',
        bytes: 100,
        width: 600,
        height: 80,
        alt: '',
        caption: '',
        credit: '',
        variants: '[]',
        uploaded_by: null,
        created_at: clock.now().toISOString(),
        updated_at: clock.now().toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    mediaId = row.id;
    // A stand-in for the media library (which needs file storage), reading the same table.
    const media = {
      async get(id: number) {
        if (!(await database.db.selectFrom('media').select('id').where('id', '=', id).executeTakeFirst())) throw notFound('Image');
        return { id, url: '/media/2026/11/abc/original.png', width: 600, height: 80, srcset: '' } as MediaItem;
      },
    };
    settings = new SettingsService({ db: database.db, clock, audit, media });
  });
  afterEach(async () => database.destroy());

  it('has defaults for the logo (none) and the date format (long)', async () => {
    expect(await settings.get()).toMatchObject({ logo: null, dateFormat: 'long' });
    expect(await settings.logo()).toBeNull();
  });

  it('saves nothing when any value is bad, and names every problem by setting', async () => {
    const error = await settings.update({ siteTitle: 'The Daily', dateFormat: 'roman' as never, postsPerPage: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('invalid');
    expect((error as DomainError).details).toEqual({
      dateFormat: 'must be one of long, us, iso, short',
      postsPerPage: 'must be a whole number from 1 to 100',
    });
    expect((error as DomainError).message).toContain('postsPerPage must be a whole number from 1 to 100');
    expect((await settings.get()).siteTitle).toBe(DEFAULT_SETTINGS.siteTitle);
    expect(await audit.list({ action: 'settings.changed' })).toEqual([]);
  });

  it('audits only the settings that changed, with their before and after', async () => {
    await settings.update({ siteTitle: 'The Daily', tagline: DEFAULT_SETTINGS.tagline, dateFormat: 'us' }, { userId: null, ip: '10.0.0.1' });
    const [entry] = await audit.list({ action: 'settings.changed' });
    expect(entry).toMatchObject({
      subjectType: 'settings',
      before: { siteTitle: 'Dateline', dateFormat: 'long' },
      after: { siteTitle: 'The Daily', dateFormat: 'us' },
      ip: '10.0.0.1',
    });
    expect(Object.keys(entry!.after as object)).toEqual(['siteTitle', 'dateFormat']);
    // Saving the same values again changes nothing and records nothing.
    await settings.update({ siteTitle: 'The Daily', dateFormat: 'us' });
    expect(await audit.list({ action: 'settings.changed' })).toHaveLength(1);
  });

  it('takes a logo only from the media library, and forgets it when the image is gone', async () => {
    const missing = await settings.update({ logo: mediaId + 1 }).catch((e: unknown) => e);
    expect((missing as DomainError).details).toEqual({ logo: 'must be an image from the media library: there is no image with that id' });
    expect((await settings.update({ logo: 1.5 }).catch((e: DomainError) => e.details)) as object).toHaveProperty('logo');

    await settings.update({ logo: mediaId });
    expect(await settings.logo()).toMatchObject({ id: mediaId, width: 600, height: 80 });
    await database.db.deleteFrom('media').where('id', '=', mediaId).execute();
    clock.advance(5_000);
    expect(await settings.logo()).toBeNull();
    await settings.update({ logo: null });
    expect((await settings.get()).logo).toBeNull();
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ManualClock } from '../../../test/helpers/clock.js';
import { createTestDatabase, describeEachDialect } from '../../../test/helpers/database.js';
import type { DatabaseHandle } from '../../platform/db/connection.js';
import { LocalDiskStorage } from '../../platform/storage/local-disk.js';
import { AuditService } from '../audit/audit.service.js';
import { SettingsService } from '../settings/settings.service.js';
import { DomainError } from '../shared/errors.js';
import { MediaService } from './media.service.js';

describeEachDialect('MediaService', (dialect) => {
  let database: DatabaseHandle;
  let dir: string;
  let audit: AuditService;
  let media: MediaService;
  let settings: SettingsService;
  const clock = new ManualClock('2026-11-27T10:00:00.000Z');

  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-media-'));
    audit = new AuditService({ db: database.db, clock });
    media = new MediaService({ db: database.db, clock, storage: new LocalDiskStorage(dir), maxBytes: 1_000_000, audit });
    settings = new SettingsService({ db: database.db, clock, audit, media });
  });
  afterEach(async () => {
    await database.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function upload(filename: string) {
    const bytes = await sharp({ create: { width: 400, height: 100, channels: 3, background: { r: 20, g: 40, b: 90 } } })
      .png()
      .toBuffer();
    return media.upload({ bytes, filename }, { userId: null });
  }

  it('refuses to delete the site’s logo, deleting nothing, until another logo is chosen', async () => {
    const logo = await upload('masthead.png');
    const spare = await upload('spare.png');
    await settings.update({ logo: logo.id });

    const refused = await media.delete(logo.id, { userId: null }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ code: 'conflict', message: 'This image is the site’s logo. Choose another logo in Settings before deleting it.' });
    expect((await media.get(logo.id)).id).toBe(logo.id);
    expect(fs.existsSync(path.join(dir, logo.url.replace(/^\/media\//, '')))).toBe(true);
    expect(await settings.logo()).toMatchObject({ id: logo.id });
    expect(await audit.list({ action: 'media.deleted' })).toEqual([]);

    await settings.update({ logo: spare.id });
    await media.delete(logo.id, { userId: null });
    await expect(media.get(logo.id)).rejects.toThrow('Image not found');
    await expect(media.delete(spare.id, { userId: null })).rejects.toMatchObject({ code: 'conflict' });

    await settings.update({ logo: null });
    await media.delete(spare.id, { userId: null });
    expect((await audit.list({ action: 'media.deleted' })).map((entry) => entry.subjectId)).toEqual([String(spare.id), String(logo.id)]);
  });
});

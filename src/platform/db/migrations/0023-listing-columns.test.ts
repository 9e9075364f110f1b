import { sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { makeArticle, makePerson, makeSection } from '../../../../test/factories.js';
import { createTestDatabase, describeEachDialect } from '../../../../test/helpers/database.js';
import { DomainEventBus } from '../../../news/events.js';
import { createNewsServices } from '../../../news/services.js';
import { createSigner } from '../../security/signer.js';
import type { DatabaseHandle } from '../connection.js';
import { backfillListingCopies } from './0023-listing-columns.js';

describeEachDialect('migration 0023: listing columns', (dialect) => {
  let database: DatabaseHandle;
  afterEach(async () => database?.destroy());

  it("copies every link's article status, visibility and publication time onto it", async () => {
    database = await createTestDatabase(dialect);
    const { db } = database;
    const services = createNewsServices({
      db,
      events: new DomainEventBus((_, error) => {
        throw error;
      }),
      clock: { now: () => new Date('2026-03-01T00:00:00.000Z') },
      signer: createSigner('k'.repeat(32)),
    });
    const section = await makeSection(services);
    const person = await makePerson(services);
    const tagId = await services.taxonomy.ensureTag('Trade');
    const links = { primarySectionId: section.id, tagIds: [tagId], authorIds: [person.id] };
    const published = await makeArticle(services, { ...links, visibility: 'password', password: 'pw', publishedAt: '2026-02-01T10:00:00.000Z' });
    const draft = await makeArticle(services, { ...links, publishedAt: null });
    // Links as they were before the migration: no copies (the columns' defaults).
    for (const table of ['article_sections', 'article_tags', 'article_authors']) {
      await sql`update ${sql.table(table)} set status = 'draft', visibility = 'public', published_at = null`.execute(db);
    }

    await backfillListingCopies(db);

    for (const table of ['article_sections', 'article_tags', 'article_authors'] as const) {
      const rows = await db.selectFrom(table).select(['article_id', 'status', 'visibility', 'published_at']).orderBy('article_id').execute();
      expect(rows).toEqual([
        { article_id: published, status: 'published', visibility: 'password', published_at: '2026-02-01T10:00:00.000Z' },
        { article_id: draft, status: 'draft', visibility: 'public', published_at: null },
      ]);
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeArticle } from '../../../test/factories.js';
import { POSTGRES_URL, createTestDatabase } from '../../../test/helpers/database.js';
import type { DatabaseHandle } from '../../platform/db/connection.js';
import { DomainEventBus } from '../events.js';
import { createSigner } from '../../platform/security/signer.js';
import { type NewsServices, createNewsServices } from '../services.js';
import type { Clock } from '../shared/clock.js';
import { PHRASE_SAMPLE } from './phrase.postgres.js';
import type { QueryTerm } from './query-parser.js';
import { fullTextIndex } from './fulltext.js';

const NOW = '2026-02-10T12:00:00.000Z';
const phrase: QueryTerm = { kind: 'phrase', words: ['central', 'bank'], exclude: false };

// More candidates than the sample, so that the count is estimated: 2 with the phrase in the headline (the rank vector
// settles them), then 150 newest first with both words in the body, the first two of every five as the phrase.
(POSTGRES_URL ? describe : describe.skip)('PostgreSQL phrase search', () => {
  let database: DatabaseHandle;
  let services: NewsServices;
  const inHeadline: number[] = [];
  const inBody: number[] = [];
  const scattered: number[] = [];
  let bankHeadline = 0;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    const clock: Clock = { now: () => new Date(NOW) };
    services = createNewsServices({
      db: database.db,
      events: new DomainEventBus((_, error) => {
        throw error;
      }),
      clock,
      signer: createSigner('k'.repeat(32)),
    });
    for (const day of [1, 2]) {
      inHeadline.push(await makeArticle(services, { title: `Central bank holds ${day}`, publishedAt: `2025-06-0${day}T12:00:00.000Z` }));
    }
    for (let i = 0; i < 150; i++) {
      const publishedAt = new Date(Date.parse('2026-02-09T12:00:00.000Z') - i * 3_600_000).toISOString();
      const holds = i % 5 < 2;
      const body = holds ? '<p>The central bank met today.</p>' : '<p>The bank met in the central square today.</p>';
      (holds ? inBody : scattered).push(await makeArticle(services, { title: `Report ${i}`, body, publishedAt }));
    }
    // An old story with one of the words in its headline and the phrase only in its body.
    bankHeadline = await makeArticle(services, { title: 'Bank news', body: '<p>The central bank met.</p>', publishedAt: '2024-01-01T12:00:00.000Z' });
    expect(inBody.length + scattered.length).toBeGreaterThan(PHRASE_SAMPLE);
  }, 120_000);
  afterAll(async () => database?.destroy());

  const rank = (terms: QueryTerm[], limit: number, offset: number) => fullTextIndex(database.db).rank(database.db, { terms, now: NOW }, limit, offset);

  it('ranks headline matches first, then the newest body matches, and estimates the count from a sample', async () => {
    const page = await rank([phrase], 10, 0);
    expect(page.hits.map((hit) => hit.articleId)).toEqual([...inHeadline.slice().reverse(), ...inBody.slice(0, 8)]);
    expect(page.estimated).toBe(true);
    // 63 hold the phrase; the sample sees the same two in five as the rest.
    expect(Math.abs(page.matches - 63)).toBeLessThanOrEqual(4);
  });

  it('checks every candidate when a page needs them, and the count is then exact', async () => {
    const last = await rank([phrase], 10, 60);
    expect(last.hits.map((hit) => hit.articleId)).toEqual([...inBody.slice(58, 60), bankHeadline]);
    expect(last).toMatchObject({ matches: 63 });
    expect(last.estimated).toBeUndefined();
  });

  it('rules an excluded phrase out on the full vector, not only the headline', async () => {
    const page = await rank(
      [
        { kind: 'word', text: 'bank', exclude: false },
        { ...phrase, exclude: true },
      ],
      100,
      0,
    );
    // 'Bank news' has "bank" in its headline, where the phrase is not: only its body rules it out.
    expect(page.hits.map((hit) => hit.articleId).sort()).toEqual(scattered.slice().sort());
  });
});

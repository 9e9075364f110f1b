import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeArticle } from '../test/factories.js';
import { createTestDatabase, describeEachDialect } from '../test/helpers/database.js';
import { createNewsServices, type NewsServices } from './news/services.js';
import { systemClock } from './news/shared/clock.js';
import type { DatabaseHandle } from './platform/db/connection.js';
import { DomainEventBus } from './news/events.js';
import { createSigner } from './platform/security/signer.js';
import { progressBar, runReindex } from './reindex-command.js';

const collector = (isTTY: boolean) => {
  const chunks: string[] = [];
  return { isTTY, chunks, write: (text: string) => chunks.push(text) };
};

describe('progressBar', () => {
  it('redraws one line on a terminal', () => {
    const out = collector(true);
    const bar = progressBar(out);
    bar.update({ done: 0, total: 2000 });
    bar.update({ done: 1000, total: 2000 });
    bar.finish();
    expect(out.chunks).toEqual([
      '\r[..............................]   0%  0 / 2,000 articles',
      '\r[###############...............]  50%  1,000 / 2,000 articles',
      '\n',
    ]);
  });

  it('writes a line at every tenth elsewhere', () => {
    const out = collector(false);
    const bar = progressBar(out);
    for (let done = 0; done <= 1000; done += 25) bar.update({ done, total: 1000 });
    bar.finish();
    expect(out.chunks).toHaveLength(11);
    expect(out.chunks.every((line) => line.endsWith('\n') && !line.includes('\r'))).toBe(true);
    expect(out.chunks.at(-1)).toBe('[##############################] 100%  1,000 / 1,000 articles\n');
  });

  it('copes with an empty archive', () => {
    const out = collector(false);
    progressBar(out).update({ done: 0, total: 0 });
    expect(out.chunks).toEqual(['[##############################] 100%  0 / 0 articles\n']);
  });
});

describeEachDialect('dateline reindex', (dialect) => {
  let database: DatabaseHandle;
  let services: NewsServices;
  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    services = createNewsServices({ db: database.db, events: new DomainEventBus(() => {}), clock: systemClock, signer: createSigner('k'.repeat(32)) });
  });
  afterEach(async () => database.destroy());

  it('rebuilds the index, shows progress and reports the total and the time', async () => {
    for (let i = 0; i < 3; i++) await makeArticle(services, { title: `Copper ${i}` });
    await database.db.deleteFrom('article_search_documents').execute();
    const progress = collector(false);
    const report = collector(false);
    const result = await runReindex(services.searchIndexer, progress, report);
    expect(result.indexed).toBe(3);
    expect(progress.chunks.at(-1)).toContain('100%  3 / 3 articles');
    expect(report.chunks.join('')).toMatch(/^Reindexed 3 articles in \d+\.\d s\.\n$/);
    const outcome = await services.search.search({ q: 'copper', perPage: 10 });
    expect(outcome.kind === 'results' && outcome.results.total).toBe(3);
  });
});

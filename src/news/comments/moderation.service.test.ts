import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeArticle } from '../../../test/factories.js';
import { describeEachDialect } from '../../../test/helpers/database.js';
import { createTestServices } from '../../../test/helpers/services.js';
import type { DatabaseHandle } from '../../platform/db/connection.js';
import type { NewsServices } from '../services.js';

describeEachDialect('moderation queue search', (dialect) => {
  let database: DatabaseHandle;
  let services: NewsServices;
  let ids: { alice: number; bob: number; percent: number };

  beforeAll(async () => {
    ({ database, services } = await createTestServices(dialect));
    const articleId = await makeArticle(services, { title: 'Queue search' });
    const at = '2026-03-01T10:00:00.000Z';
    const insert = (author: string, email: string, body: string) =>
      database.db
        .insertInto('comments')
        .values({
          article_id: articleId,
          parent_id: null,
          status: 'pending',
          body,
          body_html: `<p>${body}</p>`,
          author_name: author,
          author_email: email,
          user_id: null,
          is_staff: false,
          notify_replies: false,
          spam_score: null,
          reasons: '[]',
          created_at: at,
          updated_at: at,
          edited_at: null,
          status_changed_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
        .then((row) => row.id);
    ids = {
      alice: await insert('Alice Reader', 'alice@example.test', 'The Harbour plan is late.'),
      bob: await insert('Bob', 'bob@example.test', 'Agreed.'),
      percent: await insert('Carol', 'carol@example.test', 'Fares up 50% today, under_score too.'),
    };
  });
  afterAll(async () => database.destroy());

  const found = async (q: string) => (await services.moderation.queue({ status: 'pending', q }, { all: true })).items.map((item) => item.id);

  it('matches body, name and email case-insensitively on either dialect', async () => {
    expect(await found('harbour')).toEqual([ids.alice]);
    expect(await found('ALICE')).toEqual([ids.alice]);
    expect(await found('bob@EXAMPLE')).toEqual([ids.bob]);
    expect(await found('nobody')).toEqual([]);
  });

  it('matches % and _ as themselves, not as wildcards', async () => {
    expect(await found('50%')).toEqual([ids.percent]);
    expect(await found('under_score')).toEqual([ids.percent]);
    // As a wildcard, _ would match the e of "under".
    expect(await found('d_r')).toEqual([]);
    expect(await found('%')).toEqual([ids.percent]);
  });
});

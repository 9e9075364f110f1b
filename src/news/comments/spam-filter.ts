import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import { type Clock, isoNow } from '../shared/clock.js';
import { learn, parseModel, score, type SpamModel, stringifyModel } from './spam/model.js';
import { loadStartingModel } from './spam/starting-model.js';

const MODEL_NAME = 'comments';

export interface SpamFilterDeps {
  db: Kysely<Database>;
  clock: Clock;
}

/**
 * The site's learned spam filter: the shipped starting model until moderators teach it, then the site's own copy,
 * kept in the database so every app instance and every restart uses what was learned.
 */
export class SpamFilter {
  private model: SpamModel | null = null;

  constructor(private readonly deps: SpamFilterDeps) {}

  private async current(): Promise<SpamModel> {
    if (this.model) return this.model;
    const row = await this.deps.db.selectFrom('spam_models').select('model_json').where('name', '=', MODEL_NAME).executeTakeFirst();
    // A copy of the starting model, so learning here never changes the shared, cached original.
    this.model = parseModel(row?.model_json ?? stringifyModel(loadStartingModel()));
    return this.model;
  }

  /** A scorer bound to the current model, for the pipeline's pure phases. */
  async scorer(): Promise<{ score(text: string): number; threshold: number }> {
    const model = await this.current();
    return { score: (text) => score(model, text), threshold: model.threshold };
  }

  /** One moderator decision, learned and saved. */
  async learn(text: string, isSpam: boolean): Promise<void> {
    const model = learn(await this.current(), text, isSpam);
    const json = stringifyModel(model);
    const at = isoNow(this.deps.clock);
    await this.deps.db
      .insertInto('spam_models')
      .values({ name: MODEL_NAME, model_json: json, examples_learned: model.stats.onlineUpdates, updated_at: at })
      .onConflict((oc) => oc.column('name').doUpdateSet({ model_json: json, examples_learned: model.stats.onlineUpdates, updated_at: at }))
      .execute();
  }
}

import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../platform/db/types.js';
import { type Candidate, byScore } from './candidates.postgres.js';

/**
 * At least this many candidates are checked for a phrase on their full vectors (more when a page needs them); the
 * share of them that hold it estimates how many of the others do (±10 points at worst). With no more unsettled
 * candidates than this, every one is checked and the count is exact.
 */
export const PHRASE_SAMPLE = 100;

/** How many candidates hold the phrase: known for those checked, estimated for the rest. */
export interface PhraseMatches {
  /** The candidates known to hold the phrase. */
  matched: Candidate[];
  count: number;
  estimated: boolean;
}

/**
 * Checks candidates for a phrase (and any excluded phrase). The GIN index knows words, not their positions, so a
 * candidate holds all of a phrase's words but maybe not the phrase. The rank vector (headline, standfirst, tags,
 * authors; in line, cheap, read with the candidate) settles those whose phrase is there. The others must be read in
 * full (~8 kB out of line, 5-15 µs each), so only as many are as a page or an estimate needs. Verdicts are kept, so
 * no vector is read twice in a search.
 */
export class PhraseCheck {
  private readonly verdicts = new Map<number, boolean>();

  /**
   * `rankSettles`: whether a match in the rank vector settles it. It does unless a phrase is excluded: the coarse
   * query has already ruled out excluded words anywhere, but an excluded phrase can only be ruled out in full.
   */
  constructor(
    private readonly db: Db,
    private readonly exact: RawBuilder<unknown>,
    private readonly rankSettles: boolean,
  ) {}

  /** The share of these candidates that hold the phrase, from the rank vectors and a sample of the others. */
  async share(candidates: Candidate[]): Promise<number> {
    if (!candidates.length) return 0;
    const settled = candidates.filter((c) => this.settled(c)).length;
    const sample = candidates.filter((c) => !this.settled(c)).slice(0, PHRASE_SAMPLE);
    await this.check(sample);
    const hits = sample.filter((c) => this.verdicts.get(c.id)).length;
    const unsettled = candidates.length - settled;
    return (settled + (sample.length ? (hits * unsettled) / sample.length : 0)) / candidates.length;
  }

  /**
   * Which of the pool hold the phrase. The unsettled are checked best score first, until the `needed` best that hold
   * it are known (no unchecked one can then outrank them); then, if fewer than PHRASE_SAMPLE verdicts are known, a
   * few more, so that the share of the checked that hold it can estimate the unchecked.
   */
  async matches(pool: Candidate[], needed: number): Promise<PhraseMatches> {
    const settled = pool.filter((c) => this.settled(c));
    const unsettled = pool.filter((c) => !this.settled(c)).sort(byScore);
    let checked = 0;
    let hits = 0;
    while (checked < unsettled.length && hits < needed) {
      // Enough for what is still needed at the share seen so far, with a margin.
      const share = hits / Math.max(checked, 1) || 0.5;
      const batch = unsettled.slice(checked, checked + Math.max(PHRASE_SAMPLE, Math.ceil(((needed - hits) / share) * 1.5)));
      await this.check(batch);
      checked += batch.length;
      hits += batch.filter((c) => this.verdicts.get(c.id)).length;
    }
    const unknown = unsettled.filter((c) => !this.verdicts.has(c.id));
    const sampled = unsettled.length - unknown.length;
    if (sampled < PHRASE_SAMPLE) await this.check(unknown.slice(0, PHRASE_SAMPLE - sampled));
    const known = unsettled.filter((c) => this.verdicts.has(c.id));
    const holding = known.filter((c) => this.verdicts.get(c.id));
    const unchecked = unsettled.length - known.length;
    return {
      matched: [...settled, ...holding],
      count: settled.length + holding.length + Math.round((unchecked * holding.length) / Math.max(known.length, 1)),
      estimated: unchecked > 0,
    };
  }

  private settled(candidate: Candidate): boolean {
    return this.rankSettles && candidate.inRank;
  }

  /** Reads the full vectors of those not yet checked. */
  private async check(candidates: Candidate[]): Promise<void> {
    const ids = candidates.map((c) => c.id).filter((id) => !this.verdicts.has(id));
    if (!ids.length) return;
    const { rows } = await sql<{ id: number }>`
      select v.article_id as id from article_search_vectors v
      where v.article_id = any(${ids}::integer[]) and v.search_vector @@ ${this.exact}`.execute(this.db);
    for (const id of ids) this.verdicts.set(id, false);
    for (const row of rows) this.verdicts.set(row.id, true);
  }
}

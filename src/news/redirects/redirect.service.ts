import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import { type Clock, isoNow } from '../shared/clock.js';
import { invalid } from '../shared/errors.js';

/** Old path -> new path, answered with 301 (kept when a site moves here from another platform). */
export class RedirectService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async target(path: string): Promise<string | null> {
    const candidates = path.endsWith('/') ? [path, path.slice(0, -1)] : [path, `${path}/`];
    const row = await this.db
      .selectFrom('redirects')
      .select(['from_path', 'to_path'])
      .where('from_path', 'in', candidates.filter(Boolean))
      .executeTakeFirst();
    return row?.to_path ?? null;
  }

  async add(fromPath: string, toPath: string): Promise<void> {
    if (!fromPath.startsWith('/') || fromPath.startsWith('//')) throw invalid('A redirect must start from a path such as /old-story/');
    if (!toPath.startsWith('/') && !/^https?:\/\//.test(toPath)) throw invalid('A redirect must point to a path or an http(s) URL');
    if (fromPath === toPath) throw invalid('A redirect cannot point to itself');
    await this.db
      .insertInto('redirects')
      .values({ from_path: fromPath, to_path: toPath, created_at: isoNow(this.clock) })
      .onConflict((oc) => oc.column('from_path').doUpdateSet({ to_path: toPath }))
      .execute();
  }
}

import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { Db } from '../../platform/db/types.js';
import { type Clock, isoNow } from '../shared/clock.js';
import { invalid } from '../shared/errors.js';
import { encodedPath } from '../shared/paths.js';

export interface RedirectServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
}

/**
 * Old path -> new path, answered with 301: kept when a site moves here from another platform, and added when a
 * section or tag changes its address. A redirect that includes subpaths also sends everything under its path
 * (`/section/old/page/2/`, `/section/old/feed/`) to the same place under the new one.
 */
export class RedirectService {
  constructor(private readonly deps: RedirectServiceDeps) {}

  /** Where `path` leads, or null; unicode paths match however they are encoded (see encodedPath). */
  async target(requested: string): Promise<string | null> {
    const path = encodedPath(requested);
    const exact = (path.endsWith('/') ? [path, path.slice(0, -1)] : [path, `${path}/`]).filter(Boolean);
    // Every folder above the path ("/section/old/page/", "/section/old/", "/section/"), for redirects of subpaths.
    const folders = path
      .split('/')
      .slice(1, -1)
      .map((_, i, segments) => `/${segments.slice(0, i + 1).join('/')}/`);
    const rows = await this.deps.db
      .selectFrom('redirects')
      .select(['from_path', 'to_path', 'include_subpaths'])
      .where((eb) =>
        eb.or([eb('from_path', 'in', exact), ...(folders.length ? [eb.and([eb('include_subpaths', '=', true), eb('from_path', 'in', folders)])] : [])]),
      )
      .execute();
    const match = rows.find((row) => exact.includes(row.from_path));
    if (match) return match.to_path;
    const deepest = rows.filter((row) => folders.includes(row.from_path)).sort((a, b) => b.from_path.length - a.from_path.length)[0];
    return deepest ? deepest.to_path + path.slice(deepest.from_path.length) : null;
  }

  async add(from: string, to: string): Promise<void> {
    const [fromPath, toPath] = [encodedPath(from), encodedPath(to)];
    if (!fromPath.startsWith('/') || fromPath.startsWith('//')) throw invalid('A redirect must start from a path such as /old-story/');
    if (!toPath.startsWith('/') && !/^https?:\/\//.test(toPath)) throw invalid('A redirect must point to a path or an http(s) URL');
    if (fromPath === toPath) throw invalid('A redirect cannot point to itself');
    await this.upsert(this.deps.db, fromPath, toPath, false);
  }

  /**
   * Records that the page at `fromPath` (and everything under it) now lives at `toPath`, in the caller's transaction:
   * earlier redirects to the old path go straight to the new one (no chains), and a redirect away from the new path
   * is dropped, since that path is live again (no loops when a slug changes back).
   */
  async moved(db: Db, from: string, to: string): Promise<void> {
    const [fromPath, toPath] = [encodedPath(from), encodedPath(to)];
    await db.deleteFrom('redirects').where('from_path', '=', toPath).execute();
    await db.updateTable('redirects').set({ to_path: toPath }).where('to_path', '=', fromPath).execute();
    await this.upsert(db, fromPath, toPath, true);
  }

  private async upsert(db: Db, fromPath: string, toPath: string, includeSubpaths: boolean): Promise<void> {
    await db
      .insertInto('redirects')
      .values({ from_path: fromPath, to_path: toPath, include_subpaths: includeSubpaths, created_at: isoNow(this.deps.clock) })
      .onConflict((oc) => oc.column('from_path').doUpdateSet({ to_path: toPath, include_subpaths: includeSubpaths }))
      .execute();
  }
}

import { seededRandom } from '../../src/platform/seeded-random.js';
import { vocabulary } from './dataset.js';
import { type LatencySummary, summarise, timedGet } from './latency.js';
import type { BenchSite } from './site.js';

export interface SearchCase {
  type: string;
  q: string;
  section?: string;
  from?: string;
  to?: string;
}

/**
 * The fixed list of searches, by kind. Words are picked from the generated dataset's vocabulary by rank, so each
 * kind hits a known posting-list size: 'government' is in most articles, the rare words in a few hundred.
 */
export function searchCases(): SearchCase[] {
  return [
    { type: 'common word', q: 'government' },
    { type: 'common word', q: 'police' },
    { type: 'rare word', q: vocabulary[15_000]! },
    { type: 'rare word', q: vocabulary[24_000]! },
    { type: 'two words', q: 'court evidence' },
    { type: 'two words', q: `election ${vocabulary[5_000]!}` },
    { type: 'phrase', q: '"interest rates"' },
    { type: 'phrase', q: '"prime minister"' },
    { type: 'prefix', q: 'elect*' },
    { type: 'prefix', q: `${vocabulary[2_000]!.slice(0, 4)}*` },
    { type: 'section filter', q: 'government', section: 'world' },
    { type: 'section filter', q: 'inflation', section: 'business' },
    { type: 'date filter', q: 'court', from: '2023-01-01', to: '2023-12-31' },
    { type: 'date filter', q: 'government', from: '2025-06-01', to: '2025-06-30' },
  ];
}

export function searchPath(c: SearchCase): string {
  const params = new URLSearchParams({ q: c.q });
  if (c.section) params.set('section', c.section);
  if (c.from) params.set('from', c.from);
  if (c.to) params.set('to', c.to);
  return `/search?${params.toString()}`;
}

export interface SearchRow extends LatencySummary {
  type: string;
  queries: string[];
  /** What the page said about the matches, per query ("2,310 stories match", "More than 1,000…"). */
  matches: string[];
}

export interface SearchScenarioResult {
  concurrency: number;
  rows: SearchRow[];
  overall: LatencySummary;
  errors: number;
}

function matchesOf(html: string): string {
  const heading = /<h2 id="results-heading"[^>]*>([^<]*)</.exec(html)?.[1] ?? '';
  return (
    heading
      .replace(/&quot;/g, '"')
      .replace(/“.*$/, '')
      .trim() || '(no results heading)'
  );
}

/**
 * Runs every search `repetitions` times through the real HTTP route (GET /search…, the page a reader gets), in a
 * shuffled order, `concurrency` at a time, after one discarded warm-up round. The client runs in the server's
 * process (like the comment scenario), so latencies include a little client work; at concurrency 1 they are the
 * time one search takes, request sent to the whole page read.
 */
export async function runSearchScenario(site: BenchSite, options: { repetitions: number; concurrency: number }): Promise<SearchScenarioResult> {
  const cases = searchCases();
  const matches = new Map<SearchCase, string>();
  let errors = 0;
  for (const c of cases) {
    const response = await timedGet(`${site.url}${searchPath(c)}`);
    if (response.status !== 200) throw new Error(`${searchPath(c)} answered ${response.status}, not 200`);
    matches.set(c, matchesOf(response.body.toString('utf8')));
  }
  const random = seededRandom(42);
  const plan = cases.flatMap((c) => Array.from({ length: options.repetitions }, () => c));
  for (let i = plan.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [plan[i], plan[j]] = [plan[j]!, plan[i]!];
  }
  const latencies = new Map<string, number[]>();
  let next = 0;
  const workers = Array.from({ length: options.concurrency }, async () => {
    while (next < plan.length) {
      const c = plan[next++]!;
      try {
        const response = await timedGet(`${site.url}${searchPath(c)}`);
        if (response.status !== 200) errors++;
        latencies.set(c.type, [...(latencies.get(c.type) ?? []), response.ms]);
      } catch {
        errors++;
      }
    }
  });
  await Promise.all(workers);
  const types = [...new Set(cases.map((c) => c.type))];
  const rows = types.map((type) => {
    const ofType = cases.filter((c) => c.type === type);
    return {
      type,
      queries: ofType.map(searchPath),
      matches: ofType.map((c) => matches.get(c)!),
      ...summarise(latencies.get(type) ?? []),
    };
  });
  return { concurrency: options.concurrency, rows, overall: summarise([...latencies.values()].flat()), errors };
}

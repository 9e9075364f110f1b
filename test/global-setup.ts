import pg from 'pg';

/**
 * The system catalogs every test schema's tables and indexes are written to and removed from. A run creates and
 * drops hundreds of schemas; on a server with autovacuum off (as on the CI machines) their dead rows pile up until
 * planning alone takes tens of milliseconds and the planner starts parallel workers for catalog lookups.
 */
const CATALOGS = [
  'pg_attribute',
  'pg_class',
  'pg_depend',
  'pg_type',
  'pg_namespace',
  'pg_index',
  'pg_constraint',
  'pg_attrdef',
  'pg_trigger',
  'pg_sequence',
  'pg_statistic',
  'pg_description',
];

/** Runs once before the suite: says plainly which database runs will be skipped, and tidies PostgreSQL's catalogs. */
export default async function setup() {
  const url = process.env.DATELINE_TEST_POSTGRES_URL;
  if (!url) {
    console.log(
      '\n[dateline] PostgreSQL tests are SKIPPED: set DATELINE_TEST_POSTGRES_URL (e.g. postgres://postgres@127.0.0.1:5432/test) to run them. CI sets it.\n',
    );
    return;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const catalog of CATALOGS) await client.query(`vacuum analyze pg_catalog.${catalog}`);
  } catch (error) {
    // Only the owner (a superuser) may vacuum the catalogs; without that the tests still run, just slower.
    console.log(`\n[dateline] could not vacuum PostgreSQL's catalogs (${(error as Error).message}); tests run anyway.\n`);
  } finally {
    await client.end();
  }
}

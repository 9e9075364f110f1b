/** Runs once before the suite: says plainly which database runs will be skipped. */
export default function setup() {
  if (!process.env.DATELINE_TEST_POSTGRES_URL) {
    console.log(
      '\n[dateline] PostgreSQL tests are SKIPPED: set DATELINE_TEST_POSTGRES_URL (e.g. postgres://postgres@127.0.0.1:5432/test) to run them. CI sets it.\n',
    );
  }
}

import path from 'node:path';
import { expect, it } from 'vitest';
import { preparedBatches } from './wxr-prepare-thread.js';
import { scanWxr } from './wxr-reader.js';
import { WxrError } from './wxr.types.js';

const TESTDATA = path.join(path.dirname(new URL(import.meta.url).pathname), 'testdata');

it('hands over a file read in the worker thread, and its reading errors as WxrErrors with their position', async () => {
  const summary = await scanWxr(path.join(TESTDATA, 'small-site.wxr.xml'));
  const context = {
    summary,
    ids: { categoryByNicename: new Map(), tagBySlug: new Map(), personByLogin: new Map() },
    idMode: 'keep' as const,
    mediaUrls: new Map(),
    mediaImported: false,
  };
  let items = 0;
  for await (const batch of preparedBatches(path.join(TESTDATA, 'small-site.wxr.xml'), context)) items += batch.items.length;
  expect(items).toBe(summary.items);

  const reading = (async () => {
    for await (const batch of preparedBatches(path.join(TESTDATA, 'truncated.wxr.xml'), context)) void batch;
  })();
  const error = await reading.catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(WxrError);
  expect((error as WxrError).position?.line).toBeGreaterThan(1);
});

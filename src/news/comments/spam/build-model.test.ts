import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildStartingModel, DEFAULT_TRAIN_CSV, STARTING_MODEL_PATH } from './build-model.js';
import { readLabelledCsv } from './csv.js';
import { evaluate, formatMetrics } from './metrics.js';
import { parseModel, stringifyModel, type SpamModel } from './model.js';

const trainCsv = resolve(process.cwd(), DEFAULT_TRAIN_CSV);
const valCsv = resolve(process.cwd(), '../shared/fixtures/spam/tubespam-val.csv');
const haveFixtures = existsSync(trainCsv) && existsSync(valCsv);
if (!haveFixtures) {
  console.log(`[dateline] spam starting-model tests SKIPPED: ${trainCsv} or ${valCsv} is absent (../shared is not checked out)`);
}

(haveFixtures ? describe : describe.skip)('starting spam model', () => {
  // Built once, inside the first test that needs it, so its time counts against a test timeout.
  let built: SpamModel | undefined;
  const model = (): SpamModel => (built ??= buildStartingModel(trainCsv));

  it('is exactly what build-model.ts makes from the training CSV', () => {
    const committed = readFileSync(STARTING_MODEL_PATH, 'utf8');
    expect(model()).toEqual(parseModel(committed));
    expect(stringifyModel(model())).toBe(committed);
    expect(committed.length).toBeLessThan(1.5 * 1024 * 1024);
  }, 120_000);

  it('reaches F1 >= 0.95 with at most 2% false positives on the validation set', () => {
    const metrics = evaluate(model(), readLabelledCsv(valCsv));
    console.log(`spam model on tubespam-val.csv:\n${formatMetrics(metrics)}`);
    expect(metrics.count).toBe(157);
    expect(metrics.f1).toBeGreaterThanOrEqual(0.95);
    expect(metrics.falsePositiveRate).toBeLessThanOrEqual(0.02);
  }, 120_000);
});

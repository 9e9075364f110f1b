/**
 * Builds starting-model.json, the model a fresh site starts from, from the
 * labelled training CSV. Deterministic (seeded shuffles, rounded weights), so
 * build-model.test.ts can prove the committed file is what this produces.
 *
 *   npx tsx src/news/comments/spam/build-model.ts [TRAIN_CSV] [OUT_JSON]
 */
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readLabelledCsv } from './csv.js';
import { DEFAULT_TRAIN_OPTIONS, stringifyModel, train, type SpamModel } from './model.js';

/** The options of the starting model; eval.ts trains with the same ones. */
export const STARTING_MODEL_OPTIONS = DEFAULT_TRAIN_OPTIONS;

export const DEFAULT_TRAIN_CSV = '../shared/fixtures/spam/tubespam-train.csv';
export const STARTING_MODEL_PATH = join(dirname(fileURLToPath(import.meta.url)), 'starting-model.json');

export function buildStartingModel(trainCsvPath: string): SpamModel {
  return train(readLabelledCsv(trainCsvPath), STARTING_MODEL_OPTIONS);
}

function main(argv: string[]): void {
  const trainCsv = resolve(process.cwd(), argv[0] ?? DEFAULT_TRAIN_CSV);
  const out = argv[1] ? resolve(process.cwd(), argv[1]) : STARTING_MODEL_PATH;
  const started = performance.now();
  const model = buildStartingModel(trainCsv);
  const json = stringifyModel(model);
  writeFileSync(out, json);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `Trained on ${model.stats.examples} comments (${model.stats.spam} spam) in ${seconds}s: ` +
      `${model.weights.length} weights, threshold ${model.threshold}, ${(json.length / 1024).toFixed(0)} KiB -> ${out}`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));

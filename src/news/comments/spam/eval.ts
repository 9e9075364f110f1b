/** `dateline spam eval --train FILE... --test FILE`: train as the starting model is trained, then score a held-out file. */
import { readLabelledCsv } from './csv.js';
import { STARTING_MODEL_OPTIONS } from './build-model.js';
import { evaluate, formatMetrics } from './metrics.js';
import { train } from './model.js';

export interface SpamEvalOptions {
  trainFiles: string[];
  testFile: string;
}

export function runSpamEval({ trainFiles, testFile }: SpamEvalOptions): string {
  if (trainFiles.length === 0) throw new Error('spam eval needs at least one --train file');
  const examples = trainFiles.flatMap((f) => readLabelledCsv(f));
  const started = performance.now();
  const model = train(examples, STARTING_MODEL_OPTIONS);
  const seconds = (performance.now() - started) / 1000;
  const metrics = evaluate(model, readLabelledCsv(testFile));
  return [
    `Trained on ${examples.length} comments from ${trainFiles.length} file(s) in ${seconds.toFixed(1)}s (threshold ${model.threshold})`,
    `Tested on ${testFile}`,
    formatMetrics(metrics),
  ].join('\n');
}

/**
 * How the hyperparameters in DEFAULT_TRAIN_OPTIONS were chosen: cross-validation
 * on the training CSV only, so the validation set stays an honest check.
 *
 *   npx tsx src/news/comments/spam/tune.ts [TRAIN_CSV] ['[{"l2":3e-5},{"charWeight":1}]']
 *
 * For each candidate (DEFAULT_TRAIN_OPTIONS overridden by one JSON object) it
 * prints the mean over 3 seeds of stratified 5-fold out-of-fold log loss, AUC,
 * and F1 / false positives at the threshold the false-positive target allows;
 * then a nested cross-validation of the whole `train` pipeline (its inner
 * threshold CV, pruning and rounding included) for the defaults.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readLabelledCsv } from './csv.js';
import { featurize } from './features.js';
import { confusionMetrics, type SpamMetrics } from './metrics.js';
import { classify, DEFAULT_TRAIN_OPTIONS, outOfFoldScores, pickThreshold, stratifiedFolds, train, type Example, type TrainOptions } from './model.js';

export interface CvSummary {
  logLoss: number;
  auc: number;
  f1: number;
  falsePositives: number;
}

const SEEDS = [11, 22, 33];

/** Mean over SEEDS of k-fold out-of-fold figures for one set of options. */
export function crossValidate(examples: readonly Example[], options: TrainOptions, folds = 5): CvSummary {
  const labels = examples.map((e) => e.spam);
  const vectors = examples.map((e) => featurize(e.text, options));
  const sum: CvSummary = { logLoss: 0, auc: 0, f1: 0, falsePositives: 0 };
  for (const seed of SEEDS) {
    const scores = outOfFoldScores(vectors, labels, { ...options, seed }, folds);
    const threshold = pickThreshold(scores, labels, options.targetFalsePositiveRate);
    const m = confusionMetrics(
      scores.map((s) => s >= threshold),
      labels,
    );
    sum.logLoss += scores.reduce((acc, s, i) => acc - Math.log(Math.max(1e-12, labels[i] ? s : 1 - s)), 0) / scores.length;
    const pos = scores.filter((_, i) => labels[i]);
    const neg = scores.filter((_, i) => !labels[i]);
    let wins = 0;
    for (const p of pos) for (const n of neg) wins += p > n ? 1 : p === n ? 0.5 : 0;
    sum.auc += wins / (pos.length * neg.length);
    sum.f1 += m.f1;
    sum.falsePositives += m.falsePositives;
  }
  const k = SEEDS.length;
  return { logLoss: sum.logLoss / k, auc: sum.auc / k, f1: sum.f1 / k, falsePositives: sum.falsePositives / k };
}

/** Pooled metrics of `train` (threshold CV and all) on each held-out fold, over two fold assignments. */
export function nestedCrossValidate(examples: readonly Example[], options: TrainOptions, folds = 5): SpamMetrics {
  const labels = examples.map((e) => e.spam);
  const predicted: boolean[] = [];
  const actual: boolean[] = [];
  for (const seed of [101, 202]) {
    const fold = stratifiedFolds(labels, folds, seed);
    for (let f = 0; f < folds; f++) {
      const model = train(
        examples.filter((_, i) => fold[i] !== f),
        options,
      );
      examples.forEach((e, i) => {
        if (fold[i] !== f) return;
        predicted.push(classify(model, e.text).spam);
        actual.push(e.spam);
      });
    }
  }
  return confusionMetrics(predicted, actual);
}

function main(argv: string[]): void {
  const examples = readLabelledCsv(resolve(process.cwd(), argv[0] ?? '../shared/fixtures/spam/tubespam-train.csv'));
  const candidates = JSON.parse(argv[1] ?? '[{}]') as Array<Partial<TrainOptions>>;
  for (const candidate of candidates) {
    const s = crossValidate(examples, { ...DEFAULT_TRAIN_OPTIONS, ...candidate });
    console.log(
      `${JSON.stringify(candidate).padEnd(48)} logloss ${s.logLoss.toFixed(4)}  auc ${s.auc.toFixed(4)}  ` +
        `f1 ${s.f1.toFixed(4)}  fp ${s.falsePositives.toFixed(1)}`,
    );
  }
  const n = nestedCrossValidate(examples, DEFAULT_TRAIN_OPTIONS);
  console.log(
    `nested CV of the defaults: f1 ${n.f1.toFixed(4)}  precision ${n.precision.toFixed(4)}  recall ${n.recall.toFixed(4)}  ` +
      `fp rate ${(n.falsePositiveRate * 100).toFixed(2)}%  (${n.falsePositives} FP, ${n.falseNegatives} FN over 2 x ${examples.length})`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));

/** Confusion-matrix metrics for the spam filter; spam is the positive class. */
import { classify, type Example, type SpamModel } from './model.js';

export interface SpamMetrics {
  count: number;
  truePositives: number;
  falsePositives: number;
  trueNegatives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  f1: number;
  /** Legitimate comments marked spam / all legitimate comments. */
  falsePositiveRate: number;
}

/** Metrics from predictions and truth (parallel arrays). Undefined ratios (0/0) are 0. */
export function confusionMetrics(predicted: readonly boolean[], actual: readonly boolean[]): SpamMetrics {
  if (predicted.length !== actual.length) throw new Error('predicted and actual differ in length');
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  predicted.forEach((p, i) => {
    const a = actual[i];
    if (p && a) tp++;
    else if (p) fp++;
    else if (a) fn++;
    else tn++;
  });
  const ratio = (n: number, d: number): number => (d === 0 ? 0 : n / d);
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  return {
    count: predicted.length,
    truePositives: tp,
    falsePositives: fp,
    trueNegatives: tn,
    falseNegatives: fn,
    precision,
    recall,
    f1: ratio(2 * tp, 2 * tp + fp + fn),
    falsePositiveRate: ratio(fp, fp + tn),
  };
}

export function evaluate(model: SpamModel, examples: readonly Example[]): SpamMetrics {
  return confusionMetrics(
    examples.map((e) => classify(model, e.text).spam),
    examples.map((e) => e.spam),
  );
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

export function formatMetrics(m: SpamMetrics): string {
  const spam = m.truePositives + m.falseNegatives;
  const legit = m.falsePositives + m.trueNegatives;
  return [
    `Comments evaluated: ${m.count} (${spam} spam, ${legit} legitimate)`,
    `Precision:          ${pct(m.precision)} (${m.truePositives} of ${m.truePositives + m.falsePositives} marked spam are spam)`,
    `Recall:             ${pct(m.recall)} (${m.truePositives} of ${spam} spam caught)`,
    `F1:                 ${m.f1.toFixed(3)}`,
    `False positives:    ${pct(m.falsePositiveRate)} (${m.falsePositives} of ${legit} legitimate marked spam)`,
    `Confusion matrix:   TP ${m.truePositives}  FP ${m.falsePositives}  TN ${m.trueNegatives}  FN ${m.falseNegatives}`,
  ].join('\n');
}

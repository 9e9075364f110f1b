/**
 * The comment-spam model: L2-regularised logistic regression over hashed
 * features (see features.ts), trained with SGD, with a decision threshold picked
 * by cross-validation to keep false positives rare, and a one-step online update
 * for moderator decisions.
 *
 * Why logistic regression: it gives a probability-like score whose threshold we
 * can move towards precision (a legitimate comment hidden as spam costs more
 * than a missed spam), and one SGD step on one example is a cheap, principled
 * way to keep learning on the live site.
 */
import { DEFAULT_FEATURE_OPTIONS, featurize, type FeatureOptions, type SparseVector } from './features.js';
import { seededRandom } from '../../../platform/seeded-random.js';

export const MODEL_FORMAT = 'dateline-comment-spam';
export const MODEL_VERSION = 1;

export interface TrainOptions extends FeatureOptions {
  /** Passes of SGD over the training set. */
  epochs: number;
  /** Initial SGD step size; decays as learningRate / (1 + learningRate * l2 * t). */
  learningRate: number;
  /** L2 penalty on the weights (not the bias). */
  l2: number;
  /** Seed of the PRNG that shuffles examples (training is deterministic). */
  seed: number;
  /** Folds of the cross-validation on the training set that picks the threshold; < 2 keeps `fixedThreshold`. */
  thresholdFolds: number;
  /** Highest false-positive rate allowed on the out-of-fold scores when picking the threshold. */
  targetFalsePositiveRate: number;
  /** Threshold used when thresholdFolds < 2. */
  fixedThreshold: number;
  /** Step size of `learn` (one moderator decision). */
  onlineLearningRate: number;
  /** Weights of smaller magnitude are dropped from the model (keeps the JSON small). */
  pruneBelow: number;
  /** Significant digits kept per stored weight. */
  weightDigits: number;
}

/**
 * Hyperparameters chosen by repeated stratified 5-fold cross-validation on the
 * training set only (see tune.ts); the validation set played no part.
 */
export const DEFAULT_TRAIN_OPTIONS: Readonly<TrainOptions> = {
  ...DEFAULT_FEATURE_OPTIONS,
  wordWeight: 2,
  charWeight: 2,
  numericWeight: 1,
  epochs: 20,
  learningRate: 0.5,
  l2: 1e-4,
  seed: 20240601,
  thresholdFolds: 5,
  // Out-of-fold F1 was ~0.965 at <=1% false positives against ~0.969 at <=1.5%: nearly free, and a
  // hidden legitimate comment costs more than a missed spam.
  targetFalsePositiveRate: 0.01,
  fixedThreshold: 0.5,
  // Prequential replay (train on 1/4 of the training set, classify-then-learn the rest): 0.1-0.2 best, 1 worse than none.
  onlineLearningRate: 0.1,
  pruneBelow: 0.05,
  weightDigits: 4,
};

export interface Example {
  text: string;
  spam: boolean;
}

/** JSON-serialisable as is; `stringifyModel` gives the stable on-disk form. */
export interface SpamModel {
  format: typeof MODEL_FORMAT;
  version: typeof MODEL_VERSION;
  options: TrainOptions;
  /** score >= threshold means spam. */
  threshold: number;
  bias: number;
  /** Non-zero weights as [bucket, weight], sorted by bucket after training (learn may append). */
  weights: Array<[number, number]>;
  stats: { examples: number; spam: number; onlineUpdates: number };
}

// --- deterministic randomness (seededRandom: training never depends on Math.random) ---

export function shuffleInPlace<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = items[i]!;
    items[i] = items[j]!;
    items[j] = tmp;
  }
  return items;
}

export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

// --- training -----------------------------------------------------------------

export interface DenseLinearModel {
  weights: Float64Array;
  bias: number;
}

/**
 * Plain SGD on the logistic loss with L2 folded into a global scale factor
 * (Bottou's trick: w = scale * v), so each step costs only the example's non-zeros.
 */
export function fitLogistic(vectors: readonly SparseVector[], labels: readonly boolean[], options: TrainOptions): DenseLinearModel {
  const v = new Float64Array(options.buckets);
  let scale = 1;
  let bias = 0;
  const random = seededRandom(options.seed);
  const order = vectors.map((_, i) => i);
  let t = 0;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffleInPlace(order, random);
    for (const i of order) {
      const x = vectors[i]!;
      const y = labels[i] ? 1 : 0;
      const eta = options.learningRate / (1 + options.learningRate * options.l2 * t);
      t++;
      let dot = 0;
      for (let k = 0; k < x.indices.length; k++) dot += v[x.indices[k]!]! * x.values[k]!;
      const g = sigmoid(scale * dot + bias) - y;
      scale *= 1 - eta * options.l2;
      if (g !== 0) {
        const step = (eta * g) / scale;
        for (let k = 0; k < x.indices.length; k++) v[x.indices[k]!]! -= step * x.values[k]!;
        bias -= eta * g;
      }
      if (scale < 1e-9) {
        for (let k = 0; k < v.length; k++) v[k]! *= scale;
        scale = 1;
      }
    }
  }
  for (let k = 0; k < v.length; k++) v[k]! *= scale;
  return { weights: v, bias };
}

export function denseScore(model: DenseLinearModel, x: SparseVector): number {
  let z = model.bias;
  for (let k = 0; k < x.indices.length; k++) z += model.weights[x.indices[k]!]! * x.values[k]!;
  return sigmoid(z);
}

/** Round to `digits` significant digits (the stored precision). */
export function roundTo(value: number, digits: number): number {
  return value === 0 ? 0 : Number(value.toPrecision(digits));
}

/** Stratified fold number of each example: spam and ham each dealt round-robin after a seeded shuffle. */
export function stratifiedFolds(labels: readonly boolean[], folds: number, seed: number): number[] {
  const random = seededRandom(seed);
  const fold = new Array<number>(labels.length).fill(0);
  for (const cls of [true, false]) {
    const members = shuffleInPlace(
      labels.flatMap((l, i) => (l === cls ? [i] : [])),
      random,
    );
    members.forEach((idx, k) => {
      fold[idx] = k % folds;
    });
  }
  return fold;
}

/** Out-of-fold scores: each example scored by a model trained without its fold. */
export function outOfFoldScores(vectors: readonly SparseVector[], labels: readonly boolean[], options: TrainOptions, folds: number): number[] {
  const fold = stratifiedFolds(labels, folds, options.seed);
  const scores = new Array<number>(vectors.length).fill(0);
  for (let f = 0; f < folds; f++) {
    const trainIdx = fold.flatMap((g, i) => (g === f ? [] : [i]));
    const model = fitLogistic(
      trainIdx.map((i) => vectors[i]!),
      trainIdx.map((i) => labels[i]!),
      options,
    );
    fold.forEach((g, i) => {
      if (g === f) scores[i] = denseScore(model, vectors[i]!);
    });
  }
  return scores;
}

/**
 * The threshold with the best F1 among those whose false-positive rate on
 * (out-of-fold) scores is at most `maxFalsePositiveRate`; placed midway between
 * neighbouring scores so it does not sit on any one example.
 */
export function pickThreshold(scores: readonly number[], labels: readonly boolean[], maxFalsePositiveRate: number): number {
  const order = scores.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
  const positives = labels.filter(Boolean).length;
  const negatives = labels.length - positives;
  let tp = 0;
  let fp = 0;
  let best = { f1: -1, threshold: 1 };
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    if (labels[i]) tp++;
    else fp++;
    const next = order[k + 1];
    const here = scores[i]!;
    if (next !== undefined && scores[next] === here) continue; // ties share one threshold
    if (negatives > 0 && fp / negatives > maxFalsePositiveRate) break;
    const f1 = tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + (positives - tp));
    if (f1 > best.f1) {
      const below = next === undefined ? 0 : scores[next]!;
      best = { f1, threshold: (here + below) / 2 };
    }
  }
  return best.threshold;
}

export function train(examples: readonly Example[], options: Partial<TrainOptions> = {}): SpamModel {
  const opts: TrainOptions = { ...DEFAULT_TRAIN_OPTIONS, ...options };
  const vectors = examples.map((e) => featurize(e.text, opts));
  const labels = examples.map((e) => e.spam);
  const threshold =
    opts.thresholdFolds >= 2
      ? pickThreshold(outOfFoldScores(vectors, labels, opts, opts.thresholdFolds), labels, opts.targetFalsePositiveRate)
      : opts.fixedThreshold;
  const dense = fitLogistic(vectors, labels, opts);
  const weights: Array<[number, number]> = [];
  dense.weights.forEach((w, i) => {
    if (Math.abs(w) >= opts.pruneBelow && w !== 0) weights.push([i, roundTo(w, opts.weightDigits)]);
  });
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    options: opts,
    threshold: roundTo(threshold, opts.weightDigits),
    bias: roundTo(dense.bias, opts.weightDigits),
    weights,
    stats: { examples: examples.length, spam: labels.filter(Boolean).length, onlineUpdates: 0 },
  };
}

// --- scoring and online learning --------------------------------------------------

/** Bucket -> position in model.weights, built once per weights array. */
const positionCache = new WeakMap<Array<[number, number]>, Map<number, number>>();

function positions(model: SpamModel): Map<number, number> {
  let map = positionCache.get(model.weights);
  if (!map) {
    map = new Map(model.weights.map(([bucket], pos) => [bucket, pos]));
    positionCache.set(model.weights, map);
  }
  return map;
}

function margin(model: SpamModel, x: SparseVector): number {
  const pos = positions(model);
  let z = model.bias;
  for (let k = 0; k < x.indices.length; k++) {
    const p = pos.get(x.indices[k]!);
    if (p !== undefined) z += model.weights[p]![1] * x.values[k]!;
  }
  return z;
}

/** Spam probability of a comment, in [0, 1]. */
export function score(model: SpamModel, text: string): number {
  return sigmoid(margin(model, featurize(text, model.options)));
}

export function classify(model: SpamModel, text: string): { score: number; spam: boolean } {
  const s = score(model, text);
  return { score: s, spam: s >= model.threshold };
}

/**
 * One moderator decision: a single SGD step on the logistic loss for this
 * comment, touching only its own features (so it costs the same as scoring).
 * Updates the model in place and returns it. No L2 shrinkage here: decaying
 * every weight per decision would cost O(model) and slowly erase the training.
 */
export function learn(model: SpamModel, text: string, isSpam: boolean): SpamModel {
  const x = featurize(text, model.options);
  const g = sigmoid(margin(model, x)) - (isSpam ? 1 : 0);
  const eta = model.options.onlineLearningRate;
  const pos = positions(model);
  for (let k = 0; k < x.indices.length; k++) {
    const bucket = x.indices[k]!;
    const delta = -eta * g * x.values[k]!;
    const p = pos.get(bucket);
    if (p !== undefined) {
      model.weights[p]![1] += delta;
    } else if (delta !== 0) {
      pos.set(bucket, model.weights.length);
      model.weights.push([bucket, delta]);
    }
  }
  model.bias -= eta * g;
  model.stats.onlineUpdates += 1;
  return model;
}

// --- serialisation --------------------------------------------------------------

/** Stable on-disk form: pretty header, weights sorted by bucket, 8 pairs per line. */
export function stringifyModel(model: SpamModel): string {
  const weights = [...model.weights].filter(([, w]) => w !== 0).sort((a, b) => a[0] - b[0]);
  const lines: string[] = [];
  for (let i = 0; i < weights.length; i += 8) {
    lines.push(
      '    ' +
        weights
          .slice(i, i + 8)
          .map(([b, w]) => `[${b},${JSON.stringify(w)}]`)
          .join(','),
    );
  }
  const header = JSON.stringify({ ...model, weights: '\u0000' }, null, 2);
  return header.replace('"\\u0000"', lines.length ? `[\n${lines.join(',\n')}\n  ]` : '[]') + '\n';
}

export function parseModel(json: string): SpamModel {
  const data = JSON.parse(json) as Partial<SpamModel>;
  if (data.format !== MODEL_FORMAT) throw new Error(`not a ${MODEL_FORMAT} model`);
  if (data.version !== MODEL_VERSION) throw new Error(`unsupported spam model version ${String(data.version)}`);
  if (!Array.isArray(data.weights) || typeof data.bias !== 'number' || typeof data.threshold !== 'number' || !data.options || !data.stats) {
    throw new Error('malformed spam model');
  }
  return data as SpamModel;
}

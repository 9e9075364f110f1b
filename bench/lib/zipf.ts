/** Zipf-like sampling for the generated dataset: weights by rank, and O(1) draws from them. */

/** Walker's alias method: O(1) sampling from the given weights (index i drawn with probability weights[i] / total). */
export function aliasSampler(weights: number[], random: () => number): () => number {
  const n = weights.length;
  const total = weights.reduce((a, b) => a + b, 0);
  const prob = new Float64Array(n);
  const alias = new Int32Array(n);
  const scaled = weights.map((w) => (w * n) / total);
  const small: number[] = [];
  const large: number[] = [];
  scaled.forEach((p, i) => (p < 1 ? small : large).push(i));
  while (small.length && large.length) {
    const s = small.pop()!;
    const l = large.pop()!;
    prob[s] = scaled[s]!;
    alias[s] = l;
    scaled[l] = scaled[l]! + scaled[s]! - 1;
    (scaled[l]! < 1 ? small : large).push(l);
  }
  for (const i of [...small, ...large]) prob[i] = 1;
  return () => {
    const i = Math.floor(random() * n);
    return random() < prob[i]! ? i : alias[i]!;
  };
}

/** 1 / (rank + shift)^exponent for ranks 0..n-1: the larger the exponent, the more the first ranks dominate. */
export const zipfWeights = (n: number, exponent = 1.0, shift = 2.7) => Array.from({ length: n }, (_, rank) => 1 / (rank + shift) ** exponent);

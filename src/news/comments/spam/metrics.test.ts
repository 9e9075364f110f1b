import { describe, expect, it } from 'vitest';
import { confusionMetrics, evaluate, formatMetrics } from './metrics.js';
import { train } from './model.js';

describe('confusionMetrics', () => {
  // Truth:     S S S S S H H H H H H H H H H   (5 spam, 10 ham)
  // Predicted: S S S H H S H H H H H H H H H   -> TP 3, FN 2, FP 1, TN 9
  const actual = [...Array<boolean>(5).fill(true), ...Array<boolean>(10).fill(false)];
  const predicted = [true, true, true, false, false, true, ...Array<boolean>(9).fill(false)];

  it('counts the confusion matrix and derives the rates', () => {
    const m = confusionMetrics(predicted, actual);
    expect(m).toMatchObject({ count: 15, truePositives: 3, falseNegatives: 2, falsePositives: 1, trueNegatives: 9 });
    expect(m.precision).toBeCloseTo(3 / 4, 12);
    expect(m.recall).toBeCloseTo(3 / 5, 12);
    expect(m.f1).toBeCloseTo((2 * 0.75 * 0.6) / (0.75 + 0.6), 12); // = 2/3
    expect(m.falsePositiveRate).toBeCloseTo(1 / 10, 12);
  });

  it('reports 0 rather than NaN when nothing is predicted or present', () => {
    const m = confusionMetrics([false, false], [false, false]);
    expect(m).toMatchObject({ precision: 0, recall: 0, f1: 0, falsePositiveRate: 0, trueNegatives: 2 });
  });

  it('rejects arrays of different lengths', () => {
    expect(() => confusionMetrics([true], [])).toThrow();
  });

  it('formats percentages and counts on several lines', () => {
    const text = formatMetrics(confusionMetrics(predicted, actual));
    expect(text.split('\n').length).toBeGreaterThanOrEqual(5);
    expect(text).toContain('75.0%'); // precision
    expect(text).toContain('60.0%'); // recall
    expect(text).toContain('0.667'); // F1
    expect(text).toContain('10.0% (1 of 10 legitimate marked spam)');
    expect(text).toContain('TP 3  FP 1  TN 9  FN 2');
  });
});

describe('evaluate', () => {
  it('classifies each example with the model and compares with its label', () => {
    const examples = [
      { text: 'subscribe to my channel http://spam.example.com', spam: true },
      { text: 'check out my channel, subscribe www.spam.example.com', spam: true },
      { text: 'I love this song so much', spam: false },
      { text: 'great video, she sings so well', spam: false },
    ];
    const model = train(examples, { thresholdFolds: 0, epochs: 30 });
    const m = evaluate(model, examples);
    expect(m.count).toBe(4);
    expect(m.truePositives + m.falseNegatives).toBe(2);
    expect(m.f1).toBe(1);
  });
});

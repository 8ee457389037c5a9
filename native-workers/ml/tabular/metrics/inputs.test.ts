import { describe, expect, it } from 'vitest';
import { binaryCounts } from './binary-curve';
import { classificationMetrics } from './classification';
import { confusionMatrix, predictClasses } from './confusion';
import { regressionMetrics } from './regression';

const counts = (y: number[], s: number[]): { fps: number[]; tps: number[]; thresholds: number[] } => {
  const c = binaryCounts(y, s);
  return { fps: Array.from(c.fps), tps: Array.from(c.tps), thresholds: Array.from(c.thresholds) };
};

describe('the counts behind every ranking curve', () => {
  it('only 1 is positive: any other label counts as negative', () => {
    expect(counts([1, 2, 0, 1], [0.9, 0.8, 0.7, 0.6])).toEqual({ tps: [1, 1, 1, 2], fps: [0, 1, 2, 2], thresholds: [0.9, 0.8, 0.7, 0.6] });
  });

  it('infinite scores (a decision function) sort as numbers: ties kept together, highest first', () => {
    expect(counts([1, 0, 1, 0, 1], [Infinity, -Infinity, Infinity, 0, -Infinity])).toEqual({ tps: [2, 2, 3], fps: [0, 1, 2], thresholds: [Infinity, 0, -Infinity] });
  });

  it('refuses what it cannot rank', () => {
    expect(() => binaryCounts([1, 0], [0.5])).toThrow('Got 2 labels but 1 scores.');
    expect(() => binaryCounts([], [])).toThrow('A curve needs at least one row.');
    expect(() => binaryCounts([1, 0, 1], [0.2, NaN, 0.4])).toThrow('Score of row 1 is missing (NaN).');
  });
});

describe('class decisions and their counts', () => {
  it('refuses fewer than 2 classes, a fractional count, and probabilities that do not make whole rows', () => {
    expect(() => predictClasses([1], 1)).toThrow('Classification needs at least 2 classes, got 1.');
    expect(() => predictClasses([0.5, 0.5], 2.5)).toThrow('Classification needs at least 2 classes, got 2.5.');
    expect(() => predictClasses([0.2, 0.8, 0.5], 2)).toThrow('3 probabilities do not make rows of 2 classes.');
  });

  it('binary: class 1 from the threshold up; multiclass: the most probable class, the first of equals', () => {
    expect(Array.from(predictClasses([0.5, 0.5, 0.6, 0.4, 0.3, 0.7], 2))).toEqual([1, 0, 1]);
    expect(Array.from(predictClasses([0.5, 0.5, 0.6, 0.4, 0.3, 0.7], 2, 0.7))).toEqual([0, 0, 1]);
    expect(Array.from(predictClasses([0.4, 0.4, 0.2, 0.2, 0.4, 0.4, 0.1, 0.2, 0.7], 3))).toEqual([0, 1, 2]);
  });

  it('refuses labels that are not class indices, naming the row', () => {
    expect(() => classificationMetrics([], [], 2)).toThrow('Metrics need at least one row.');
    expect(() => classificationMetrics([0, 1], [0.5, 0.5, 0.5], 2)).toThrow('Expected 2×2 probabilities, got 3.');
    expect(() => confusionMatrix([0, 1], [0], 2)).toThrow('Got 2 true labels but 1 predictions.');
    expect(() => confusionMatrix([0, -1], [0, 0], 2)).toThrow('Row 1 has class -1; expected a class index 0..1.');
    expect(() => confusionMatrix([0, 1], [0, 0.5], 2)).toThrow('Row 1 has class 0.5; expected a class index 0..1.');
    expect(() => confusionMatrix([0, 2], [0, 1], 2)).toThrow('Row 1 has class 2; expected a class index 0..1.');
    expect(confusionMatrix([0, 1, 1, 2], [0, 2, 1, 2], 3)).toEqual([[1, 0, 0], [0, 1, 1], [0, 0, 1]]);
  });
});

describe('regression metrics inputs', () => {
  it('refuses empty, mismatched, missing or infinite values on either side', () => {
    expect(() => regressionMetrics([], [])).toThrow('Metrics need at least one row.');
    expect(() => regressionMetrics([1, 2], [1])).toThrow('Got 2 true values but 1 predictions.');
    expect(() => regressionMetrics([1, NaN], [1, 2])).toThrow('Row 1 has a missing or infinite value (true NaN, predicted 2).');
    expect(() => regressionMetrics([1, 2], [1, Infinity])).toThrow('Row 1 has a missing or infinite value (true 2, predicted Infinity).');
  });

  it("MAPE's warning counts the true zeros", () => {
    const r = regressionMetrics([0, 2, 4, 0, 5], [1, 2, 4, 1, 5]);
    expect(r.warnings).toEqual([{ metric: 'mape', message: '2 true value(s) are 0; MAPE divides by machine epsilon there, so its value is not meaningful.' }]);
  });
});

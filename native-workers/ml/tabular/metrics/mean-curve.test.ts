import { describe, expect, it } from 'vitest';
import { grid, meanPrecisionRecallCurve, meanRocCurve } from './mean-curve';

describe('mean ROC across folds', () => {
  it('reads each fold linearly between its points, the upper point on a vertical segment; mean and population sd', () => {
    // Fold A rises straight to 0.5 at FPR 0, then to 1 at 0.5; fold B is the diagonal.
    const a = { fpr: [0, 0, 0.5, 1], tpr: [0, 0.5, 1, 1] };
    const b = { fpr: [0, 0.5, 1], tpr: [0, 0.5, 1] };
    expect(Array.from(meanRocCurve([a], 5).mean)).toEqual([0, 0.75, 1, 1, 1]);
    const m = meanRocCurve([a, b], 5);
    expect(Array.from(m.x)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(Array.from(m.mean)).toEqual([0, 0.5, 0.75, 0.875, 1]);
    expect(Array.from(m.std)).toEqual([0, 0.25, 0.25, 0.125, 0]);
    expect(m.folds).toBe(2);
  });

  it('before a curve\'s first point its first TPR counts; the ends are pinned to 0 and 1', () => {
    const m = meanRocCurve([{ fpr: [0.3, 1], tpr: [0.6, 0.9] }], 5);
    [0, 0.6, 0.6 + (0.2 / 0.7) * 0.3, 0.6 + (0.45 / 0.7) * 0.3, 1].forEach((v, i) => expect(m.mean[i], `point ${i}`).toBeCloseTo(v, 12));
  });

  it('defaults to 101 grid points', () => {
    expect(meanRocCurve([{ fpr: [0, 1], tpr: [0, 1] }]).x.length).toBe(101);
    expect(meanPrecisionRecallCurve([{ precision: [1, 1], recall: [1, 0] }]).x.length).toBe(101);
  });
});

describe('mean precision-recall across folds', () => {
  it('takes the best precision at a recall of at least the grid value', () => {
    const m = meanPrecisionRecallCurve([{ precision: [0.5, 1, 1], recall: [1, 0.5, 0] }], 3);
    expect(Array.from(m.mean)).toEqual([1, 1, 0.5]);
    // A grid recall no fold reaches: precision 0.
    expect(Array.from(meanPrecisionRecallCurve([{ precision: [0.8, 1], recall: [0.6, 0] }], 3).mean)).toEqual([1, 0.8, 0]);
  });
});

describe('refusals', () => {
  it('a grid of fewer than 2 points, or a fractional count', () => {
    for (const points of [1, 0, 2.5]) expect(() => grid(points)).toThrow(`A curve grid needs at least 2 points, got ${points}.`);
    expect(Array.from(grid(2))).toEqual([0, 1]);
  });

  it('no fold to average', () => {
    expect(() => meanRocCurve([])).toThrow('Averaging curves needs at least one fold.');
    expect(() => meanPrecisionRecallCurve([])).toThrow('Averaging curves needs at least one fold.');
  });
});

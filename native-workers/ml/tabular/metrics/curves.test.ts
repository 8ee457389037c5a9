import { describe, expect, it } from 'vitest';
import { meanPrecisionRecallCurve, meanRocCurve } from './mean-curve';
import { precisionRecallCurve, rocCurve } from './curves';
import { selectThreshold, thresholdCurve } from './threshold';
import { rng } from '../rng';
import { classificationMetrics } from './classification';
import { BINARY_METRICS, MULTICLASS_METRICS } from './names';
import { plotCurves } from './plot-curves';

const y = [0, 0, 1, 0, 1, 1, 0, 1];
const s = [0.1, 0.2, 0.3, 0.35, 0.6, 0.7, 0.8, 0.9];

describe('threshold curve and selection', () => {
  it('gives precision, recall and F1 at each distinct score, increasing', () => {
    const c = thresholdCurve(y, s);
    if (!('value' in c)) throw new Error(c.undefined);
    expect(Array.from(c.value.thresholds)).toEqual(s);
    // At 0.6: predicted {0.6,0.7,0.8,0.9} → tp 3, fp 1, fn 1.
    expect(c.value.precision[4]).toBe(0.75);
    expect(c.value.recall[4]).toBe(0.75);
    expect(c.value.f1[4]).toBe(0.75);
  });

  it('max-F1 picks the best threshold, highest on ties', () => {
    const c = selectThreshold(y, s, { kind: 'max-f1' });
    if (!('value' in c)) throw new Error(c.undefined);
    // F1 at 0.3 = 2·4/(8+2) = 0.8 is the maximum.
    expect(c.value.threshold).toBe(0.3);
    expect(c.value.objective).toBeCloseTo(0.8, 12);
  });

  it('min-cost moves the threshold down as misses get dearer', () => {
    const cheap = selectThreshold(y, s, { kind: 'min-cost', costRatio: 0.1 });
    const dear = selectThreshold(y, s, { kind: 'min-cost', costRatio: 10 });
    if (!('value' in cheap) || !('value' in dear)) throw new Error('defined');
    // Misses nearly free: only the surest row (a true positive) is flagged.
    expect(cheap.value.threshold).toBe(0.9);
    expect(cheap.value.falsePositives).toBe(0);
    // Misses 10× a false alarm: catch every positive.
    expect(dear.value.recall).toBe(1);
    expect(dear.value.threshold).toBe(0.3);
    expect(() => selectThreshold(y, s, { kind: 'min-cost', costRatio: 0 })).toThrow(/cost ratio/);
  });

  it('min-cost can choose to predict nothing positive (a threshold above every score)', () => {
    const c = selectThreshold([1, 0], [0.2, 0.9], { kind: 'min-cost', costRatio: 0.5 });
    if (!('value' in c)) throw new Error(c.undefined);
    expect(c.value.threshold).toBe(1.9);
    expect(c.value.truePositives + c.value.falsePositives).toBe(0);
    expect(c.value.objective).toBe(0.25);
  });

  it('says why when there are no positives', () => {
    expect(selectThreshold([0, 0], [0.2, 0.4], { kind: 'max-f1' })).toEqual({ undefined: expect.stringMatching(/No positive/) });
  });
});

describe('mean curves across folds', () => {
  it('averages ROC curves onto a common FPR grid from (0,0) to (1,1)', () => {
    const r = rng(3);
    const curves = [0, 1, 2].map(() => {
      const yy = Array.from({ length: 60 }, () => (r.next() < 0.4 ? 1 : 0));
      const ss = yy.map((v) => 0.3 * v + 0.7 * r.next());
      const c = rocCurve(yy, ss);
      if (!('value' in c)) throw new Error(c.undefined);
      return c.value;
    });
    const m = meanRocCurve(curves, 11);
    expect(m.x.length).toBe(11);
    expect(m.mean[0]).toBe(0);
    expect(m.mean[10]).toBe(1);
    for (let i = 1; i < 11; i++) expect(m.mean[i]!).toBeGreaterThanOrEqual(m.mean[i - 1]!);
    expect(m.folds).toBe(3);
  });

  it('a perfect fold averages to precision 1 everywhere; identical folds have zero spread', () => {
    const c = precisionRecallCurve([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9]);
    if (!('value' in c)) throw new Error(c.undefined);
    const m = meanPrecisionRecallCurve([c.value, c.value], 5);
    expect(Array.from(m.mean)).toEqual([1, 1, 1, 1, 1]);
    expect(Array.from(m.std)).toEqual([0, 0, 0, 0, 0]);
  });
});

describe('plot curves and names', () => {
  it('gives one set of curves for binary, one per class for multiclass', () => {
    const yy = [0, 1, 2, 1, 0, 2];
    const p = [0.8, 0.1, 0.1, 0.2, 0.7, 0.1, 0.1, 0.2, 0.7, 0.3, 0.4, 0.3, 0.6, 0.3, 0.1, 0.2, 0.2, 0.6];
    const curves = plotCurves(yy, p, 3);
    expect(curves.map((c) => c.positive)).toEqual([0, 1, 2]);
    expect('value' in curves[0]!.roc).toBe(true);
    expect(plotCurves([0, 1], [0.7, 0.3, 0.2, 0.8], 2).map((c) => c.positive)).toEqual([1]);
    expect(Object.keys(classificationMetrics(yy, p, 3).metrics).sort()).toEqual([...MULTICLASS_METRICS].sort());
    expect(Object.keys(classificationMetrics(y, s.flatMap((v) => [1 - v, v]), 2).metrics).sort()).toEqual([...BINARY_METRICS].sort());
  });
});

it('ranks infinite scores like any other (lint feeds raw columns)', () => {
  const c = rocCurve([0, 1, 1, 0], [-Infinity, Infinity, 5, 1]);
  if (!('value' in c)) throw new Error(c.undefined);
  expect(Array.from(c.value.tpr)).toEqual([0, 0.5, 1, 1]);
});

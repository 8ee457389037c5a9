import { describe, expect, it } from 'vitest';
import golden from '../fixtures/metrics-golden.json';
import { classificationMetrics } from './classification';
import { calibrationCurve, precisionRecallCurve, rocCurve } from './curves';
import { regressionMetrics } from './regression';
import { cases } from '../../../../main/host/testing';

interface ClassificationGolden {
  name: string;
  K: number;
  threshold: number;
  y: number[];
  proba: number[];
  metrics: Record<string, number | null>;
  confusion: number[][];
  curves?: {
    roc: { fpr: number[]; tpr: number[]; thresholds: number[] };
    pr: { precision: number[]; recall: number[]; thresholds: number[] };
    calibration: { probTrue: number[]; probPred: number[] };
  };
}
interface RegressionGolden {
  name: string;
  y: number[];
  pred: number[];
  metrics: Record<string, number | null>;
}

function close(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
}

function sameMetrics(report: { metrics: Record<string, number>; warnings: readonly { metric: string }[] }, expected: Record<string, number | null>): void {
  expect(Object.keys(report.metrics).sort()).toEqual(Object.keys(expected).filter((k) => expected[k] !== null).sort());
  for (const [name, value] of Object.entries(expected)) {
    if (value === null) {
      expect(report.warnings.some((w) => w.metric === name), `a warning explains why ${name} is missing`).toBe(true);
    } else {
      expect(Number.isFinite(report.metrics[name]), name).toBe(true);
      close(report.metrics[name]!, value);
    }
  }
}

describe('classification metrics against scikit-learn 1.2', () => {
  // The checks below that depend on a case's shape must each have a case to run on.
  it('has a multiclass case with an absent class, and one whose probabilities do not sum to 1', () => {
    const all = golden.classification as ClassificationGolden[];
    expect(all.some((c) => c.K > 2 && Array.from({ length: c.K }, (_, k) => k).some((k) => !c.y.includes(k)))).toBe(true);
    const rowSums = (c: ClassificationGolden) => c.y.map((_, i) => c.proba.slice(i * c.K, (i + 1) * c.K).reduce((a, b) => a + b, 0));
    expect(all.some((c) => rowSums(c).some((s) => Math.abs(s - 1) > 0.01))).toBe(true);
  });
  for (const c of cases(golden.classification as ClassificationGolden[], 'classification cases')) {
    it(c.name, () => {
      const report = classificationMetrics(c.y, Float64Array.from(c.proba), c.K, { threshold: c.threshold });
      sameMetrics(report, c.metrics);
      expect(report.confusion).toEqual(c.confusion);
      // One-vs-rest AUCs over only the classes that occur must say so (sklearn averages them silently).
      const absent = Array.from({ length: c.K }, (_, k) => k).filter((k) => !c.y.includes(k));
      if (c.K > 2 && absent.length > 0) {
        for (const metric of ['roc_auc', 'pr_auc']) {
          expect(report.warnings.find((w) => w.metric === metric)?.message, metric).toContain(`averages ${c.K - absent.length} of ${c.K} classes: classes ${absent.join(', ')}`);
        }
      }
    });
    if (c.curves) {
      const curves = c.curves;
      it(`${c.name}: curves point for point`, () => {
        const score = c.y.map((_, i) => c.proba[i * 2 + 1]!);
        const roc = rocCurve(c.y, score);
        const pr = precisionRecallCurve(c.y, score);
        if (!('value' in roc) || !('value' in pr)) throw new Error('curves should be defined');
        expect(Array.from(roc.value.fpr)).toEqual(curves.roc.fpr);
        expect(Array.from(roc.value.tpr)).toEqual(curves.roc.tpr);
        expect(Array.from(roc.value.thresholds)).toEqual(curves.roc.thresholds);
        expect(Array.from(pr.value.precision)).toEqual(curves.pr.precision);
        expect(Array.from(pr.value.recall)).toEqual(curves.pr.recall);
        expect(Array.from(pr.value.thresholds)).toEqual(curves.pr.thresholds);
        const cal = calibrationCurve(c.y, score, 10);
        expect(Array.from(cal.probTrue)).toEqual(curves.calibration.probTrue);
        expect(Array.from(cal.probPred)).toEqual(curves.calibration.probPred);
      });
    }
  }
});

describe('regression metrics against scikit-learn 1.2', () => {
  for (const c of cases(golden.regression as RegressionGolden[], 'regression cases')) {
    it(c.name, () => sameMetrics(regressionMetrics(c.y, c.pred), c.metrics));
  }

  it('warns that MAPE is meaningless when a true value is 0', () => {
    const r = regressionMetrics([0, 1, 2], [0.5, 1, 2]);
    expect(r.metrics.mape).toBeGreaterThan(1e14);
    expect(r.warnings.map((w) => w.metric)).toContain('mape');
  });
});

describe('degenerate inputs never give NaN', () => {
  it('a single class leaves roc_auc out with a reason', () => {
    const r = classificationMetrics([0, 0, 0], [0.9, 0.1, 0.8, 0.2, 0.3, 0.7], 2);
    expect(r.metrics.roc_auc).toBeUndefined();
    expect(r.warnings.find((w) => w.metric === 'roc_auc')?.message).toMatch(/both classes/);
    for (const v of Object.values(r.metrics)) expect(Number.isFinite(v)).toBe(true);
  });

  it('rejects labels outside 0..K-1 and mis-shaped probabilities', () => {
    expect(() => classificationMetrics([0, 3], [1, 0, 0, 1], 2)).toThrow(/class 3/);
    expect(() => classificationMetrics([0, 1], [1, 0, 0], 2)).toThrow(/2×2/);
    expect(() => classificationMetrics([0, 1], [1, 0, NaN, 1], 2)).toThrow('Row 1 has a missing or infinite probability for class 0.');
  });
});

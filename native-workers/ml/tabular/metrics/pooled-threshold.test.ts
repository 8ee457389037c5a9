import { describe, expect, it } from 'vitest';
import golden from '../fixtures/cv-threshold-golden.json';
import { isThresholdDependent } from '../../../../preload/contract/metrics';
import { pooledThresholdMetrics } from './pooled-threshold';
import { cases } from '../../../../main/host/testing';

interface GoldenFold {
  y: number[];
  p: number[];
  atThreshold: Record<string, number>;
  atHalf: Record<string, number>;
}

const folds = cases(golden.folds as GoldenFold[], 'folds').map((f) => ({ yTrue: f.y, proba: f.p.flatMap((p) => [1 - p, p]) }));

function close(actual: number | undefined, expected: number, what: string): void {
  expect(actual, what).toBeDefined();
  expect(Math.abs(actual! - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
}

describe('cross-validation at the pooled-validation threshold (#14.2, golden from scikit-learn on the churn data)', () => {
  it('chooses max F1 on the pooled out-of-fold predictions and scores every fold at it', () => {
    const r = pooledThresholdMetrics(folds, { kind: 'max-f1' });
    expect(r.warning).toBeNull();
    expect(r.threshold).toBe(golden.threshold);
    for (const [i, f] of cases(golden.folds as GoldenFold[], 'folds').entries()) {
      for (const [name, value] of cases(Object.entries(f.atThreshold), `fold ${i + 1} metrics`)) close(r.reports[i]!.metrics[name], value, `fold ${i + 1} ${name}`);
    }
  });

  it('fold metrics at 0.5 would disagree with the chosen threshold: only threshold-dependent ones move', () => {
    const chosen = pooledThresholdMetrics(folds, { kind: 'max-f1' });
    const half = pooledThresholdMetrics(folds, null);
    expect(half.threshold).toBe(0.5);
    const mean = (r: typeof chosen, m: string): number => r.reports.reduce((a, x) => a + x.metrics[m]!, 0) / r.reports.length;
    // Recall at 0.5 is a fraction of the recall at the threshold the model is used at.
    expect(mean(chosen, 'recall')).toBeGreaterThan(mean(half, 'recall') + 0.3);
    for (const name of cases(Object.keys((golden.folds as GoldenFold[])[0]!.atHalf), 'metrics at 0.5')) {
      close(half.reports[0]!.metrics[name], (golden.folds as GoldenFold[])[0]!.atHalf[name]!, `fold 1 ${name} at 0.5`);
      if (!isThresholdDependent(name)) expect(chosen.reports[0]!.metrics[name], name).toBe(half.reports[0]!.metrics[name]);
    }
  });

  it('falls back to 0.5 with a reason when no fold has a positive row', () => {
    const r = pooledThresholdMetrics([{ yTrue: [0, 0], proba: [0.9, 0.1, 0.2, 0.8] }], { kind: 'max-f1' });
    expect(r.threshold).toBe(0.5);
    expect(r.warning).toMatch(/No positive rows.*0\.5 is used/);
  });

  it('no fold at all: 0.5 and no report, without asking for a threshold', () => {
    expect(pooledThresholdMetrics([], { kind: 'max-f1' })).toEqual({ threshold: 0.5, reports: [], warning: null });
  });

  it("passes the class names on to each fold's warnings", () => {
    const r = pooledThresholdMetrics([{ yTrue: [0, 1], proba: [0.9, 0.1, 0.8, 0.2] }], null, ['stays', 'churns']);
    expect(r.reports[0]!.warnings.map((w) => w.message)).toContain("Class 'churns' is never predicted; its precision (0/0) counts as 0 in the averages.");
  });
});

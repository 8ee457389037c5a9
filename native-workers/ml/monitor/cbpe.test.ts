import { describe, expect, it } from 'vitest';
import { CbpeAccumulator, calibrate, fitIsotonic } from './cbpe';
import { GOLDEN, close } from './fixtures/golden';

describe('CBPE', () => {
  it("isotonic calibration matches scikit-learn's IsotonicRegression(out_of_bounds='clip')", () => {
    const g = GOLDEN.isotonic;
    const c = fitIsotonic(g.scores, g.labels);
    g.probe.forEach((x, i) => expect(close(calibrate(c, x), g.calibrated[i]), `at ${x}`).toBe(true));
  });

  it('the expected confusion matrix converges to the realised one for calibrated scores', () => {
    let seed = 3;
    const rand = (): number => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const acc = new CbpeAccumulator(null, 0.5);
    let tp = 0;
    let tn = 0;
    let fp = 0;
    let fn = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const p = rand();
      const y = rand() < p ? 1 : 0;
      acc.add(p);
      if (p >= 0.5 && y) tp++;
      else if (p >= 0.5) fp++;
      else if (y) fn++;
      else tn++;
    }
    const e = acc.result();
    expect(e.rows).toBe(n);
    expect(Math.abs(e.accuracy - (tp + tn) / n)).toBeLessThan(0.005);
    expect(Math.abs(e.precision - tp / (tp + fp))).toBeLessThan(0.005);
    expect(Math.abs(e.recall - tp / (tp + fn))).toBeLessThan(0.005);
    expect(e.tp + e.fp + e.fn + e.tn).toBeCloseTo(n, 6);
  });

  it('calibration corrects an over-confident model: expected accuracy follows the labels, not the raw scores', () => {
    // Scores pushed toward 0/1, true probability 0.5 + (s - 0.5) / 2.
    const scores: number[] = [];
    const labels: number[] = [];
    for (let i = 0; i < 4000; i++) {
      const s = (i % 1000) / 1000;
      scores.push(s);
      labels.push((i * 7919) % 1000 < 1000 * (0.5 + (s - 0.5) / 2) ? 1 : 0);
    }
    const raw = new CbpeAccumulator(null, 0.5);
    const calibrated = new CbpeAccumulator(fitIsotonic(scores, labels), 0.5);
    let right = 0;
    scores.forEach((s, i) => {
      raw.add(s);
      calibrated.add(s);
      if ((s >= 0.5 ? 1 : 0) === labels[i]) right++;
    });
    const realised = right / scores.length;
    expect(Math.abs(calibrated.result().accuracy - realised)).toBeLessThan(0.02);
    expect(Math.abs(raw.result().accuracy - realised)).toBeGreaterThan(0.08);
  });
});

describe('CBPE at its edges', () => {
  it('pools tied scores and adjacent violators into blocks, as isotonic regression does', () => {
    // Ties at 0.2 (labels 1, 0, 1 → 2/3) and a violator pair (0.5 → 1, 0.6 → 0) pooled to 1/2.
    const c = fitIsotonic([0.6, 0.2, 0.9, 0.2, 0.5, 0.2, 0.1], [0, 1, 1, 0, 1, 1, 0]);
    expect(c.x).toEqual([0.1, 0.2, 0.5, 0.6, 0.9]);
    // Then 1/2 < 2/3 violates too: the three pool to (2 + 1) / (3 + 2) = 0.6 (scikit-learn gives the same).
    expect(c.y).toEqual([0, 0.6, 0.6, 0.6, 1]);
  });

  it('interpolates between points and clips outside them; no points leaves the score as it is', () => {
    const c = { x: [0.2, 0.4, 0.8], y: [0.1, 0.3, 0.9] };
    const at = (s: number) => calibrate(c, s);
    expect([at(0), at(0.2), at(0.3), at(0.4), at(0.5), at(0.8), at(1)].map((v) => Number(v.toFixed(12)))).toEqual([0.1, 0.1, 0.2, 0.3, 0.45, 0.9, 0.9]);
    expect(calibrate({ x: [], y: [] }, 0.37)).toBe(0.37);
    expect(calibrate({ x: [0.5], y: [0.7] }, 0.1)).toBe(0.7);
  });

  it('counts a score at the threshold as positive, skips non-finite scores, and gives 0 rather than 0 / 0', () => {
    const a = new CbpeAccumulator(null, 0.5);
    for (const s of [0.5, 0.25, Number.NaN, Infinity, 0.75]) a.add(s);
    expect(a.result()).toEqual({ rows: 3, tp: 1.25, fp: 0.75, fn: 0.25, tn: 0.75, accuracy: 2 / 3, precision: 1.25 / 2, recall: 1.25 / 1.5, f1: (2 * (1.25 / 2) * (1.25 / 1.5)) / (1.25 / 2 + 1.25 / 1.5) });
    expect(new CbpeAccumulator(null, 0.5).result()).toEqual({ rows: 0, tp: 0, fp: 0, fn: 0, tn: 0, accuracy: 0, precision: 0, recall: 0, f1: 0 });
    const none = new CbpeAccumulator(null, 0.5);
    none.add(0);
    expect(none.result()).toMatchObject({ precision: 0, recall: 0, f1: 0, accuracy: 1 });
  });
});

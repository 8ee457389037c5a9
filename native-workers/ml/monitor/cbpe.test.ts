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

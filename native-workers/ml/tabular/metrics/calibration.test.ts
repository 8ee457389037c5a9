import { describe, expect, it } from 'vitest';
import { calibrationCurve } from './curves';
import { plotCurves } from './plot-curves';

describe('calibration curve bins', () => {
  it('a probability on a bin edge goes to the lower bin; empty bins are left out', () => {
    // Two bins split at 0.5: 0, 0.5 and 0.5 in the first (one of them positive), 0.75 and 1 in the second.
    const c = calibrationCurve([0, 1, 1, 0, 1], [0.5, 0.5, 0.75, 0, 1], 2);
    expect(Array.from(c.counts)).toEqual([3, 2]);
    expect(Array.from(c.probTrue)).toEqual([1 / 3, 1]);
    expect(Array.from(c.probPred)).toEqual([1 / 3, 0.875]);
    // Ten bins by default: 0.05 and 0.95 fall in the first and the last; the eight between are empty.
    const d = calibrationCurve([0, 1], [0.05, 0.95]);
    expect(Array.from(d.counts)).toEqual([1, 1]);
    expect(Array.from(d.probPred)).toEqual([0.05, 0.95]);
    expect(Array.from(calibrationCurve([0, 1], [0.05, 0.15]).counts)).toEqual([1, 1]);
    expect(Array.from(calibrationCurve([0, 1], [0.05, 0.08]).counts)).toEqual([2]);
  });

  it('plot curves bin calibration as asked (default 10)', () => {
    const proba = [0.95, 0.05, 0.05, 0.95];
    expect(plotCurves([0, 1], proba, 2)[0]!.calibration.counts.length).toBe(2);
    expect(plotCurves([0, 1], proba, 2, 1)[0]!.calibration.counts.length).toBe(1);
    expect(() => plotCurves([0, 1], [0.5, 0.5], 2)).toThrow('Expected 2×2 probabilities, got 2.');
  });

  it('refuses a bad bin count, mismatched lengths and probabilities outside [0, 1]', () => {
    for (const bins of [0, -1, 2.5]) expect(() => calibrationCurve([0, 1], [0.2, 0.8], bins)).toThrow(`The number of bins must be a positive integer, got ${bins}.`);
    expect(() => calibrationCurve([0, 1], [0.2])).toThrow('Got 2 labels but 1 probabilities.');
    for (const p of [-0.1, 1.1, NaN]) expect(() => calibrationCurve([0, 1], [0.2, p])).toThrow(`Row 1 has probability ${p}, outside [0, 1].`);
    expect(Array.from(calibrationCurve([1, 1], [0, 1], 1).counts)).toEqual([2]);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzSettings } from '../../../../main/host/fuzz';
import { exactQuantile } from './quantiles';

/** numpy's linear percentile by sorting: the definition the selection must match. */
function bySorting(values: readonly number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  return s[lo] + (h - lo) * (s[Math.min(lo + 1, s.length - 1)] - s[lo]);
}

describe('exact percentiles by selection', () => {
  const runs = fuzzSettings(1000);
  it(`equal numpy's linear interpolation for any values, ties and order (${runs.numRuns} cases)`, () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 300 }), fc.double({ min: 0, max: 1, noNaN: true }), (xs, q) => {
        expect(exactQuantile(Float64Array.from(xs), xs.length, q)).toBeCloseTo(bySorting(xs, q), 9);
      }),
      runs,
    );
  });

  it('of no values is NaN', () => {
    expect(exactQuantile(new Float64Array(4), 0, 0.5)).toBeNaN();
  });

  it('a sorted or constant run is handled too', () => {
    const up = Float64Array.from({ length: 10_001 }, (_, i) => i);
    expect(exactQuantile(up, up.length, 0.95)).toBe(9500);
    expect(exactQuantile(new Float64Array(5000).fill(3), 5000, 0.5)).toBe(3);
  });
});

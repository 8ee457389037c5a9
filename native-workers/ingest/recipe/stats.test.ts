import { describe, expect, it } from 'vitest';
import { iqrBounds, mean, median, mode, percentileSorted, populationStd, zBounds } from './stats';

const f = (...v: number[]): Float64Array => Float64Array.from(v);

// Expected values are numpy's: np.mean, np.std (ddof=0), np.percentile (linear), np.median.
describe('column statistics', () => {
  it('mean and population standard deviation, NaN for no values', () => {
    expect(mean(f(1, 2, 3, 6))).toBe(3);
    expect(populationStd(f(1, 2, 3, 6))).toBeCloseTo(1.8708286933869707, 15);
    expect(populationStd(f(2, 4), 0)).toBeCloseTo(Math.sqrt(10), 15);
    expect(mean(f())).toBeNaN();
    expect(populationStd(f())).toBeNaN();
  });

  it('percentiles by linear interpolation between the neighbours', () => {
    const s = f(1, 2, 4, 8);
    expect(percentileSorted(s, 0)).toBe(1);
    expect(percentileSorted(s, 25)).toBe(1.75);
    expect(percentileSorted(s, 50)).toBe(3);
    expect(percentileSorted(s, 75)).toBe(5);
    expect(percentileSorted(s, 100)).toBe(8);
    expect(percentileSorted(f(7), 90)).toBe(7);
    expect(percentileSorted(f(), 50)).toBeNaN();
  });

  it('the median sorts a copy and leaves the values in their order', () => {
    const v = f(9, 1, 5, 3);
    expect(median(v)).toBe(4);
    expect([...v]).toEqual([9, 1, 5, 3]);
  });

  it('the mode breaks ties towards the smallest number or the first text in code-point order', () => {
    expect(mode(new Map([[3, 2], [1, 2], [2, 1]]))).toBe(1);
    expect(mode(new Map([[1, 1], [5, 3]]))).toBe(5);
    expect(mode(new Map([['b', 1], ['B', 1]]))).toBe('B');
    // The smallest first: a later equal count must not take its place.
    expect(mode(new Map([[1, 2], [3, 2]]))).toBe(1);
    expect(mode(new Map([['B', 1], ['b', 1]]))).toBe('B');
    expect(mode(new Map<number, number>())).toBeNull();
  });

  it('IQR and z-score bounds with their statistics', () => {
    expect(iqrBounds(f(8, 1, 4, 2), 1.5)).toEqual({ lo: 1.75 - 1.5 * 3.25, hi: 5 + 1.5 * 3.25, stats: { q1: 1.75, q3: 5, iqr: 3.25 } });
    expect(zBounds(f(2, 4), 3)).toEqual({ lo: 0, hi: 6, stats: { mean: 3, std: 1 } });
  });
});

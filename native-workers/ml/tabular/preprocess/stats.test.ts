import { describe, expect, it } from 'vitest';
import { fitScale } from './scale';
import { meanVariance, medianSorted, nanMean, quantileSorted, sortedPresent } from './stats';

describe('column statistics (numpy conventions)', () => {
  it('quantiles interpolate linearly between order statistics', () => {
    const s = sortedPresent([4, NaN, 1, 3, 2]);
    expect(Array.from(s)).toEqual([1, 2, 3, 4]);
    expect(quantileSorted(s, 0.25)).toBeCloseTo(1.75, 15); // np.percentile([1,2,3,4], 25)
    expect(quantileSorted(s, 0.75)).toBeCloseTo(3.25, 15);
    expect(quantileSorted(s, 0)).toBe(1);
    expect(quantileSorted(s, 1)).toBe(4);
    expect(medianSorted(s)).toBe(2.5);
    expect(medianSorted(Float64Array.of(1, 2, 9))).toBe(2);
  });

  it('ignores NaN in means; empty gives NaN', () => {
    expect(nanMean([1, NaN, 3])).toBe(2);
    expect(nanMean([NaN])).toBeNaN();
  });

  it('population variance', () => {
    expect(meanVariance([1, 2, 3, 4])).toEqual({ mean: 2.5, variance: 1.25 });
  });
});

describe('fitScale', () => {
  const x = Float64Array.of(1, 2, 3, 4, 10);
  it('standard: mean and population std', () => {
    const { center, scale } = fitScale(x, 'standard');
    expect(center).toBe(4);
    expect(scale).toBeCloseTo(Math.sqrt(10), 14);
  });
  it('minmax: min and range', () => expect(fitScale(x, 'minmax')).toEqual({ center: 1, scale: 9 }));
  it('robust: median and IQR', () => expect(fitScale(x, 'robust')).toEqual({ center: 3, scale: 2 }));
  it('constant columns get scale 1, as sklearn', () => {
    const c = Float64Array.of(0.1, 0.1, 0.1);
    for (const s of ['standard', 'minmax', 'robust'] as const) expect(fitScale(c, s).scale).toBe(1);
  });
  it('none is the identity', () => expect(fitScale(x, 'none')).toEqual({ center: 0, scale: 1 }));
});

// The fitting choices and edges the sklearn goldens leave open: each imputation, fills that become
// indicators, refusals, and the numpy conventions of the statistics at their ends (#22 mutation survivors).
import { describe, expect, it } from 'vitest';
import { frame, type Frame } from '../frame';
import { fitVocabulary, modeCategory } from './categories';
import { fitPipeline } from './fit';
import { fitScale } from './scale';
import { meanVariance, medianSorted, quantileSorted } from './stats';

const day = (d: number): number => Date.UTC(2024, 0, d);
const x = frame([{ name: 'x', kind: 'numeric', values: Float64Array.of(1, 2, NaN, 9) }]);

describe('fitPipeline', () => {
  it('each numeric imputation', () => {
    const fills = (spec: Parameters<typeof fitPipeline>[1]): number => fitPipeline(x, { ...spec, scaling: 'none' }).toJSON().numeric[0]!.fill;
    expect(fills({ numericImpute: 'mean' })).toBe(4);
    expect(fills({ numericImpute: 'median' })).toBe(2);
    expect(fills({})).toBe(2);
    expect(fills({ numericImpute: 'constant', numericFill: -7 })).toBe(-7);
    expect(Array.from(fitPipeline(x, { numericImpute: 'constant', numericFill: -7, scaling: 'none' }).transform(x).data)).toEqual([1, 2, -7, 9]);
  });

  it('each categorical imputation, and the rare list only where ordinal needs it', () => {
    const c = frame([{ name: 'c', kind: 'categorical', values: ['b', 'b', null, 'a', 'r'] }]);
    const mode = fitPipeline(c, { categoricalImpute: 'mode', rareMinFrequency: 0 });
    expect(mode.toJSON().categorical[0]!.fill).toBe('b');
    expect(mode.featureNames).toEqual(['c=a', 'c=b', 'c=r']);
    expect(Array.from(mode.transform(c).data.subarray(6, 9))).toEqual([0, 1, 0]);
    const constant = fitPipeline(c, { rareMinFrequency: 0 });
    expect(constant.featureNames).toEqual(['c=__missing__', 'c=a', 'c=b', 'c=r']);
    const ordinal = fitPipeline(c, { encoding: 'ordinal', rareMinFrequency: 0.3 }).toJSON().categorical[0]!;
    expect(ordinal).toMatchObject({ categories: ['b'], rareBucket: true, rare: ['__missing__', 'a', 'r'] });
    const onehot = fitPipeline(c, { rareMinFrequency: 0.3 }).toJSON().categorical[0]!;
    expect(onehot).toMatchObject({ categories: ['b'], rareBucket: true, rare: [] });
  });

  it('indicators only for columns that had missing values in the fit rows', () => {
    const f = frame([
      { name: 'full', kind: 'numeric', values: Float64Array.of(1, 2, 3) },
      { name: 'x', kind: 'numeric', values: Float64Array.of(1, NaN, 3) },
      { name: 'd', kind: 'date', values: Float64Array.of(day(1), day(2), NaN) },
      { name: 'dd', kind: 'date', values: Float64Array.of(day(1), day(2), day(3)) },
      { name: 'c', kind: 'categorical', values: ['a', null, 'b'] },
      { name: 'cc', kind: 'categorical', values: ['a', 'b', 'b'] },
    ]);
    const p = fitPipeline(f, { addMissingIndicators: true, rareMinFrequency: 0 });
    const names = p.featureNames.filter((n) => n.startsWith('missing:'));
    expect(names).toEqual(['missing:x', 'missing:d', 'missing:c']);
    const m = p.transform(f);
    const at = (row: number, name: string): number => m.data[row * m.cols + p.featureNames.indexOf(name)]!;
    expect([0, 1, 2].map((r) => at(r, 'missing:x'))).toEqual([0, 1, 0]);
    expect([0, 1, 2].map((r) => at(r, 'missing:d'))).toEqual([0, 0, 1]);
    expect([0, 1, 2].map((r) => at(r, 'missing:c'))).toEqual([0, 1, 0]);
    expect(fitPipeline(f, { rareMinFrequency: 0 }).featureNames.some((n) => n.startsWith('missing:'))).toBe(false);
  });

  it('refuses no rows, and a column of the wrong length', () => {
    expect(() => fitPipeline(frame([{ name: 'x', kind: 'numeric', values: new Float64Array(0) }]))).toThrow('Cannot fit preprocessing on 0 rows.');
    const ragged = { rows: 3, columns: [{ name: 'x', kind: 'numeric', values: Float64Array.of(1, 2) }] } as Frame;
    expect(() => fitPipeline(ragged)).toThrow('Column "x" has 2 values, expected 3.');
    const p = fitPipeline(x);
    expect(() => p.transform(ragged)).toThrow('Column "x" has 2 values, expected 3.');
    expect(() => p.transform(frame([{ name: 'y', kind: 'numeric', values: Float64Array.of(1) }]))).toThrow('The pipeline needs column "x", which the input lacks.');
    expect(() => p.transform(frame([{ name: 'x', kind: 'categorical', values: ['a'] }]))).toThrow('Column "x" must be numeric, got categorical.');
  });

  it('a stored spec missing fields behaves as the defaults', () => {
    const json = fitPipeline(x).toJSON();
    expect(json.spec.scaling).toBe('standard');
    expect(json.fitRows).toBe(4);
  });
});

describe('statistics at their ends', () => {
  it('quantiles interpolate from the nearer end (numpy _lerp)', () => {
    const s = Float64Array.of(0, 10, 30);
    expect(quantileSorted(s, 0.2)).toBeCloseTo(4, 14);
    expect(quantileSorted(s, 0.7)).toBeCloseTo(18, 14);
    expect(quantileSorted(s, 0.5)).toBe(10);
    expect(quantileSorted(Float64Array.of(5), 0.3)).toBe(5);
    expect(quantileSorted(new Float64Array(0), 0.5)).toBeNaN();
    // From the upper end, 0.1 + (0.3 − 0.1) × 0.9 keeps the rounding np.percentile has.
    expect(quantileSorted(Float64Array.of(0.1, 0.3), 0.9)).toBe(0.3 - (0.3 - 0.1) * (1 - 0.9));
    expect(quantileSorted(Float64Array.of(0.1, 0.3), 0.1)).toBe(0.1 + (0.3 - 0.1) * 0.1);
    // Halfway is taken from the upper end too: np.percentile([0.1, 0.7], 50) is 0.39999999999999997, not 0.4.
    expect(quantileSorted(Float64Array.of(0.1, 0.7), 0.5)).toBe(0.39999999999999997);
  });

  it('median and variance of nothing are NaN; variance is compensated', () => {
    expect(medianSorted(new Float64Array(0))).toBeNaN();
    expect(medianSorted(Float64Array.of(4))).toBe(4);
    expect(medianSorted(Float64Array.of(1, 3, 8, 9))).toBe(5.5);
    const e = meanVariance([]);
    expect(e.mean).toBeNaN();
    expect(e.variance).toBeNaN();
    // Large offset: the compensation term brings the variance back to 2/3 × 1e-8 within rounding.
    const big = [1e9 + 1e-4, 1e9 + 2e-4, 1e9 + 3e-4];
    expect(meanVariance(big).variance).toBeGreaterThan(0);
    expect(meanVariance([1, 2, 3, 4, 5]).variance).toBe(2);
  });

  it('scaling: nothing to fit, and the standard scaler\'s constant-column bound', () => {
    expect(fitScale(new Float64Array(0), 'standard')).toEqual({ center: 0, scale: 1 });
    expect(fitScale(new Float64Array(0), 'robust')).toEqual({ center: 0, scale: 1 });
    // Rounding noise around a large mean counts as constant (sklearn's _is_constant_feature) …
    expect(fitScale(Float64Array.of(1e8, 1e8, 1e8 + 1.4901161193847656e-8), 'standard').scale).toBe(1);
    // … a real spread does not.
    expect(fitScale(Float64Array.of(0, 1e-6), 'standard').scale).toBeCloseTo(5e-7, 20);
    // minmax and robust: a range under 10 machine epsilons is 1, above it is kept.
    expect(fitScale(Float64Array.of(1, 1 + 1e-15), 'minmax').scale).toBe(1);
    expect(fitScale(Float64Array.of(0, 1e-14), 'minmax').scale).toBe(1e-14);
    // The bound is strict, as sklearn's `scale < 10 * eps`.
    const tenEps = 10 * 2.220446049250313e-16;
    expect(fitScale(Float64Array.of(0, tenEps), 'minmax').scale).toBe(tenEps);
    expect(fitScale(Float64Array.of(-3, 5, 2), 'minmax')).toEqual({ center: -3, scale: 8 });
    expect(fitScale(Float64Array.of(9, 1, 5, 3), 'robust')).toEqual({ center: 4, scale: 3.5 });
  });
});

describe('vocabularies', () => {
  it('the rare cut is strict: exactly fraction × rows is kept', () => {
    expect(fitVocabulary(['a', 'a', 'a', 'b'], 0.25, 50)).toEqual({ categories: ['a', 'b'], rareBucket: false, rare: [] });
    expect(fitVocabulary(['a', 'a', 'a', 'b'], 0.26, 50)).toEqual({ categories: ['a'], rareBucket: true, rare: ['b'] });
  });

  it('maxCategories counts the bucket (sklearn 1.2: three values under max_categories=3 keep b, c and the bucket)', () => {
    expect(fitVocabulary(['a', 'b'], 0, 3).rareBucket).toBe(false);
    expect(fitVocabulary(['a', 'b', 'c'], 0, 3)).toEqual({ categories: ['b', 'c'], rareBucket: true, rare: ['a'] });
    expect(fitVocabulary(['a', 'b', 'c', 'd'], 0, 3)).toEqual({ categories: ['c', 'd'], rareBucket: true, rare: ['a', 'b'] });
    // Rare by frequency already, then capped: the least frequent of the rest go too.
    expect(fitVocabulary(['a', 'b', 'b', 'c', 'c', 'c', 'd', 'd', 'd', 'd'], 0.15, 3)).toEqual({ categories: ['c', 'd'], rareBucket: true, rare: ['a', 'b'] });
  });

  it('the mode prefers the larger count over the smaller string', () => {
    expect(modeCategory(['b', 'a', 'b'])).toBe('b');
    expect(modeCategory(['a', 'c', 'c', 'b', 'b', 'b'])).toBe('b');
  });
});

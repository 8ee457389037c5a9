import { describe, expect, it } from 'vitest';
import { decodeSummary, encodeSummary } from './codec';
import { alignedCounts, defaultMethod, measure, methodMismatch, unseenShare } from './methods';
import { ColumnSummarizer, type CategoricalSummary, type ColumnSummary, type NumericSummary } from './summary';

// The choices around the statistics (which method by default, which apply, the std floor, the aligned
// counts) and the stored form of a summary. The statistics themselves are checked against SciPy in
// ks/chi2/distances tests; these are the branches a golden case does not pin.

function numeric(values: readonly unknown[]): NumericSummary {
  const s = new ColumnSummarizer('numeric');
  values.forEach((v) => s.add(v));
  return s.result() as NumericSummary;
}

function categorical(values: readonly unknown[]): CategoricalSummary {
  const s = new ColumnSummarizer('categorical');
  values.forEach((v) => s.add(v));
  return s.result() as CategoricalSummary;
}

describe('defaultMethod', () => {
  it("tests up to 1,000 reference rows and measures above (Evidently's cut), per kind", () => {
    expect(defaultMethod(numeric(Array.from({ length: 1000 }, (_, i) => i)))).toBe('ks');
    expect(defaultMethod(numeric(Array.from({ length: 1001 }, (_, i) => i)))).toBe('wasserstein');
    expect(defaultMethod(categorical(Array.from({ length: 1000 }, (_, i) => `c${i % 3}`)))).toBe('chi2');
    expect(defaultMethod(categorical(Array.from({ length: 1001 }, (_, i) => `c${i % 3}`)))).toBe('jensen-shannon');
  });
});

describe('methodMismatch', () => {
  it('accepts the methods of each kind and names the others', () => {
    for (const m of ['ks', 'wasserstein', 'psi', 'jensen-shannon'] as const) expect(methodMismatch('a', 'numeric', m)).toBeNull();
    for (const m of ['chi2', 'jensen-shannon', 'psi', 'unseen'] as const) expect(methodMismatch('c', 'categorical', m)).toBeNull();
    expect(methodMismatch('a', 'numeric', 'chi2')).toBe('Method chi2 does not apply to numeric column a; use one of ks, wasserstein, psi, jensen-shannon.');
    expect(methodMismatch('a', 'numeric', 'unseen')).toMatch(/^Method unseen does not apply/);
    expect(methodMismatch('c', 'categorical', 'ks')).toBe('Method ks does not apply to categorical column c; use one of chi2, jensen-shannon, psi, unseen.');
    expect(methodMismatch('c', 'categorical', 'wasserstein')).toMatch(/^Method wasserstein does not apply/);
  });
});

describe('measure', () => {
  it('refuses summaries of two kinds, and a method of the other kind', () => {
    const n = numeric([1, 2, 3]);
    const c = categorical(['x', 'y']);
    expect(() => measure('ks', c, n)).toThrow('The current column is numeric but the reference is categorical.');
    expect(() => measure('ks', n, c)).toThrow('The current column is categorical but the reference is numeric.');
    expect(() => measure('chi2', n, n)).toThrow('Method chi2 does not apply to a numeric column.');
    expect(() => measure('ks', c, c)).toThrow('Method ks does not apply to a categorical column.');
  });

  it("divides Wasserstein by the reference's std, floored at 0.001 for a constant reference", () => {
    // scipy.stats.wasserstein_distance([5, 5, 5], [6, 6]) = 1
    expect(measure('wasserstein', numeric([5, 5, 5]), numeric([6, 6])).statistic).toBeCloseTo(1000, 9);
    // [0, 2]: population std 1 (numpy's default ddof 0), W([0, 2], [1, 3]) = 1
    expect(measure('wasserstein', numeric([0, 2]), numeric([1, 3])).statistic).toBeCloseTo(1, 12);
  });

  it('bins numbers at the reference deciles for PSI and Jensen–Shannon, each its own formula', () => {
    const ref = numeric(Array.from({ length: 100 }, (_, i) => i));
    const cur = numeric(Array.from({ length: 100 }, (_, i) => i + 30));
    const p = measure('psi', ref, cur).statistic;
    const js = measure('jensen-shannon', ref, cur).statistic;
    expect(p).toBeGreaterThan(0);
    expect(js).toBeGreaterThan(0);
    expect(p).not.toBeCloseTo(js, 3);
    expect(measure('psi', ref, ref).statistic).toBe(0);
  });

  it("gives categorical PSI over each side's shares; an empty current side has shares 0 (floored), not NaN", () => {
    const ref = categorical(['a', 'a', 'b', 'b']);
    // shares (0.5, 0.5) vs (0.75, 0.25): 0.25·ln 1.5 − 0.25·ln 0.5
    expect(measure('psi', ref, categorical(['a', 'a', 'a', 'b'])).statistic).toBeCloseTo(0.25 * Math.log(1.5) - 0.25 * Math.log(0.5), 12);
    const empty = categorical([null, '']);
    expect(empty.count).toBe(0);
    // both shares floored at 0.0001: Σ (0.0001 − 0.5)·ln(0.0001 / 0.5)
    expect(measure('psi', ref, empty).statistic).toBeCloseTo(2 * (0.0001 - 0.5) * Math.log(0.0001 / 0.5), 9);
    expect(measure('unseen', ref, empty).statistic).toBe(0);
  });
});

describe('alignedCounts and unseenShare', () => {
  it("puts the reference's categories first, then new ones once, with 0 where a side lacks one", () => {
    const ref = categorical(['a', 'b', 'b']);
    const cur = categorical(['c', 'b', 'c', 'd']);
    expect(alignedCounts(ref, cur)).toEqual({ keys: ['a', 'b', 'c', 'd'], ref: [1, 2, 0, 0], cur: [0, 1, 2, 1] });
    expect(unseenShare(ref, cur)).toBe(3 / 4);
    expect(unseenShare(cur, ref)).toBe(1 / 3);
  });
});

describe('stored summaries', () => {
  it('round-trip a numeric summary exactly, its sketch through base64', () => {
    const s = numeric([0.1, 1e-300, -7.25, 1e20, 0.1, 3]);
    const stored = encodeSummary(s);
    if (stored.kind !== 'numeric') throw new Error('a numeric summary must be stored as numeric');
    expect(typeof stored.sketch.values).toBe('string');
    const back = decodeSummary(JSON.parse(JSON.stringify(stored)) as typeof stored) as NumericSummary;
    expect(back).toMatchObject({ kind: 'numeric', count: 6, missing: 0, min: -7.25, max: 1e20, mean: s.mean, std: s.std });
    expect([...back.sketch.values]).toEqual([...s.sketch.values]);
    expect([...back.sketch.weights]).toEqual([...s.sketch.weights]);
    expect(back.sketch.total).toBe(6);
  });

  it('round-trips a sketch of more bytes than one 32 KiB encoding chunk', () => {
    const s = numeric(Array.from({ length: 10_000 }, (_, i) => i * 1.5 - 77.125));
    const back = decodeSummary(encodeSummary(s)) as NumericSummary;
    expect(back.sketch.values.length).toBe(10_000);
    expect([...back.sketch.values]).toEqual([...s.sketch.values]);
  });

  it('stores an empty column with nulls and reads them back as ±∞ and NaN', () => {
    const s = numeric([null, 'x']);
    const stored = encodeSummary(s);
    expect(stored).toMatchObject({ min: null, max: null, mean: null, std: null });
    const back = decodeSummary(JSON.parse(JSON.stringify(stored)) as typeof stored) as NumericSummary;
    expect(back.min).toBe(Infinity);
    expect(back.max).toBe(-Infinity);
    expect(back.mean).toBeNaN();
    expect(back.std).toBeNaN();
    expect(back.missing).toBe(2);
  });

  it('passes a categorical summary through as it is', () => {
    const c: ColumnSummary = categorical(['x', 'y', 'x']);
    expect(decodeSummary(encodeSummary(c))).toEqual(c);
  });
});

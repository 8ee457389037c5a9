import { describe, expect, it } from 'vitest';
import { matrix } from '../matrix';
import { rng } from '../rng';
import { applyBins, between, binCode, binMatrix, fitBinEdges, RadixSorter } from './binning';

describe('binning', () => {
  it('gives each distinct value its own bin when there are few, thresholds halfway between', () => {
    const X = matrix(6, 1, Float64Array.from([3, 1, 2, 2, NaN, 5]));
    const b = binMatrix(X);
    expect(Array.from(b.edges.thresholds[0]!)).toEqual([1.5, 2.5, 4]);
    expect(Array.from(b.edges.exactValues[0]!)).toEqual([1, 2, 3, 5]);
    // Missing values get the bin after the value bins.
    expect(Array.from(b.codes)).toEqual([2, 0, 1, 1, 4, 3]);
    expect(b.valueBins[0]).toBe(4);
    expect(Array.from(b.binOffset)).toEqual([0, 5]);
  });

  it('bins many distinct values by quantiles into at most maxBins - 1 value bins, column-major', () => {
    const r = rng(1);
    const n = 10_000;
    const X = matrix(n, 2);
    for (let i = 0; i < n; i++) {
      X.data[2 * i] = r.normal();
      X.data[2 * i + 1] = i % 3;
    }
    const b = binMatrix(X, { maxBins: 64 });
    expect(b.valueBins[0]).toBe(63);
    expect(b.edges.exactValues[0]).toBeNull();
    expect(b.valueBins[1]).toBe(3);
    const counts = new Int32Array(63);
    for (let i = 0; i < n; i++) counts[b.codes[i]!]++;
    // Quantile bins hold about n / 63 rows each.
    for (const c of counts) expect(Math.abs(c - n / 63)).toBeLessThan(5);
    for (let i = 0; i < n; i++) expect(b.codes[n + i]).toBe(i % 3);
  });

  it('agrees with the raw thresholds: code ≤ b exactly when x ≤ thresholds[b]', () => {
    const r = rng(2);
    const X = matrix(5000, 1, Float64Array.from({ length: 5000 }, () => Math.round(r.normal() * 1000) / 7));
    const edges = fitBinEdges(X, { maxBins: 32 });
    const b = applyBins(X, edges);
    const t = edges.thresholds[0]!;
    for (let i = 0; i < 5000; i++) {
      const x = X.data[i]!;
      const code = b.codes[i]!;
      expect(code).toBe(binCode(t, x));
      if (code > 0) expect(x > t[code - 1]!).toBe(true);
      if (code < t.length) expect(x <= t[code]!).toBe(true);
    }
    expect(binCode(t, Infinity)).toBe(t.length);
    expect(binCode(t, -Infinity)).toBe(0);
    expect(binCode(t, NaN)).toBe(t.length + 1);
  });

  it('samples rows for thresholds deterministically', () => {
    const r = rng(3);
    const X = matrix(3000, 1, Float64Array.from({ length: 3000 }, () => r.next()));
    const a = fitBinEdges(X, { sampleRows: 500, seed: 9 });
    const b = fitBinEdges(X, { sampleRows: 500, seed: 9 });
    const c = fitBinEdges(X, { sampleRows: 500, seed: 10 });
    expect(a.thresholds[0]).toEqual(b.thresholds[0]);
    expect(a.thresholds[0]).not.toEqual(c.thresholds[0]);
  });
});

describe('RadixSorter', () => {
  it('sorts as Float64Array.prototype.sort does: signs, zeros, infinities, subnormals, ties', () => {
    const r = rng(5);
    const special = [0, -0, Infinity, -Infinity, 5e-324, -5e-324, Number.MAX_VALUE, -Number.MAX_VALUE, 1, 1, -1];
    const v = Float64Array.from({ length: 5000 }, (_, i) => (i < special.length ? special[i]! : i % 3 === 0 ? Math.round(r.normal() * 4) : r.normal() * 10 ** r.int(20)));
    const sorter = new RadixSorter(6000);
    const ours = sorter.sort(v.slice());
    const expected = v.slice().sort();
    expect(Array.from(ours, (x) => Object.is(x, -0) ? '-0' : x)).toEqual(Array.from(expected, (x) => Object.is(x, -0) ? '-0' : x));
    // Reused, on a shorter array whose values all share their high bytes.
    const small = Float64Array.from([3, 1, 2, 2.5, 1.5]);
    expect(Array.from(sorter.sort(small))).toEqual([1, 1.5, 2, 2.5, 3]);
  });
});

describe('binning bounds', () => {
  it('takes quantile thresholds at numpy.percentile(method="midpoint") levels', () => {
    // np.percentile(np.arange(1000) ** 1.5, [100 * i / 63 for i in 1..62], method='midpoint')
    const X = matrix(1000, 1, Float64Array.from({ length: 1000 }, (_, i) => i ** 1.5));
    const t = fitBinEdges(X, { maxBins: 64 }).thresholds[0]!;
    expect(t.length).toBe(62);
    expect(t[0]).toBeCloseTo(61.047375096555626, 9);
    expect(t[30]).toBeCloseTo(10896.460573565797, 9);
    expect(t[61]).toBeCloseTo(30843.35329177523, 9);
  });

  it('keeps exact values up to maxBins - 1 distinct values, then bins by quantiles', () => {
    const three = matrix(6, 1, Float64Array.from([1, 2, 3, 1, 2, 3]));
    expect(Array.from(fitBinEdges(three, { maxBins: 4 }).exactValues[0]!)).toEqual([1, 2, 3]);
    const four = matrix(8, 1, Float64Array.from([1, 2, 3, 4, 1, 2, 3, 4]));
    const e = fitBinEdges(four, { maxBins: 4 });
    expect(e.exactValues[0]).toBeNull();
    expect(e.thresholds[0]!.length).toBeLessThanOrEqual(2);
    // Exactly maxBins - 1 distinct values, most of them one value: still one bin each (quantiles would merge them).
    const skewed = fitBinEdges(matrix(8, 1, Float64Array.of(0, 0, 0, 0, 0, 0, 1, 2)), { maxBins: 4 });
    expect(Array.from(skewed.thresholds[0]!)).toEqual([0.5, 1.5]);
  });

  it('keeps one threshold where quantile levels fall on the same value', () => {
    // np.percentile([0] * 20 + [1, 2, 3, 4, 5], [100 / 3, 200 / 3], method='midpoint') → [0, 0]: one threshold.
    const X = matrix(25, 1, Float64Array.from({ length: 25 }, (_, i) => Math.max(0, i - 19)));
    expect(Array.from(fitBinEdges(X, { maxBins: 4 }).thresholds[0]!)).toEqual([0]);
  });

  it('bins more than eight features (they are read eight at a time), each from its own column', () => {
    const cols = 11;
    const X = matrix(5, cols);
    for (let r = 0; r < 5; r++) for (let f = 0; f < cols; f++) X.data[r * cols + f] = r === f % 5 ? NaN : r * (f + 1);
    const b = binMatrix(X);
    for (let f = 0; f < cols; f++) {
      const distinct = [0, 1, 2, 3, 4].filter((r) => r !== f % 5).map((r) => r * (f + 1));
      expect(Array.from(b.edges.exactValues[f]!), `feature ${f}`).toEqual(distinct);
      expect(b.codes[f * 5 + (f % 5)]).toBe(4);
    }
    expect(b.binOffset[cols]).toBe(cols * 5);
  });

  it('refuses maxBins outside 3..256, edges for another width, and more values than the sorter holds', () => {
    const X = matrix(2, 1, Float64Array.from([1, 2]));
    expect(() => fitBinEdges(X, { maxBins: 2 })).toThrow('maxBins must be within 3..256, got 2.');
    expect(() => fitBinEdges(X, { maxBins: 257 })).toThrow('maxBins must be within 3..256, got 257.');
    expect(fitBinEdges(X, { maxBins: 3 }).thresholds[0]!.length).toBe(1);
    expect(fitBinEdges(X, { maxBins: 256 }).thresholds[0]!.length).toBe(1);
    expect(() => applyBins(matrix(2, 2), fitBinEdges(X))).toThrow('Bin edges are for 1 features, the matrix has 2.');
    expect(() => new RadixSorter(2).sort(new Float64Array(3))).toThrow('RadixSorter holds 2 values, got 3.');
  });

  it('puts a threshold a ≤ t < b: the midpoint, else a where the midpoint rounds to b or overflows, within the finite range', () => {
    expect(between(1, 2)).toBe(1.5);
    const next = 1 + Number.EPSILON;
    expect(between(1, next)).toBe(1);
    // (1 + ε) / 2 + (1 + 2ε) / 2 rounds up to 1 + 2ε: then a.
    expect(between(next, 1 + 2 * Number.EPSILON)).toBe(next);
    expect(between(Number.MAX_VALUE, Infinity)).toBe(Number.MAX_VALUE);
    expect(between(-Infinity, 0)).toBe(-Number.MAX_VALUE);
    expect(between(-Number.MAX_VALUE, Number.MAX_VALUE)).toBe(0);
  });
});

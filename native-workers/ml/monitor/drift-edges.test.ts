import { describe, expect, it } from 'vitest';
import { checkDrift } from './drift';
import { benjaminiHochberg } from './fdr';
import { measure } from './methods';
import { WindowSummarizer, type Reference } from './reference';
import type { NumericSummary } from './summary';

/** Deterministic uniforms (Park–Miller). */
function uniforms(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
}

type Kind = 'numeric' | 'categorical';
function summarise(columns: Record<string, Kind>, data: Record<string, unknown[]>, against?: Reference): Reference {
  const names = Object.keys(columns);
  const s = new WindowSummarizer(names.map((name) => ({ name, kind: columns[name]! })), null, against ? { against } : {});
  const n = Math.max(0, ...Object.values(data).map((v) => v.length));
  for (let i = 0; i < n; i++) s.add(names.map((c) => data[c]?.[i] ?? null));
  return s.result();
}

const u = uniforms(3);
const ref = summarise({ a: 'numeric', b: 'numeric', c: 'categorical' }, {
  a: Array.from({ length: 400 }, () => u()),
  b: Array.from({ length: 400 }, () => u()),
  c: Array.from({ length: 400 }, (_, i) => ['x', 'y', 'z'][i % 3]),
});
/** A window like the reference, `shift` added to a. */
function window(n: number, shift: number, seed: number, against: Reference | undefined = ref): Reference {
  const v = uniforms(seed);
  return summarise({ a: 'numeric', b: 'numeric', c: 'categorical' }, {
    a: Array.from({ length: n }, () => v() + shift),
    b: Array.from({ length: n }, () => v()),
    c: Array.from({ length: n }, (_, i) => ['x', 'y', 'z'][i % 3]),
  }, against);
}

describe('drift verdicts at their edges', () => {
  it('judges a window of exactly minRows rows, and not one row fewer', () => {
    expect(checkDrift(ref, window(30, 0, 5)).datasetDrift).not.toBeNull();
    const short = checkDrift(ref, window(29, 0, 5));
    expect(short.datasetDrift).toBeNull();
    expect(short.reason).toBe('Only 29 rows in this window; a verdict needs at least 30 (use a longer window).');
    expect(checkDrift(ref, window(29, 0, 5), { minRows: 29 }).datasetDrift).not.toBeNull();
    // The columns keep their data-quality figures without a verdict.
    expect(short.columns.a).toMatchObject({ drift: null, statistic: null, rows: 29, missingRate: 0, outOfRange: expect.any(Number) });
  });

  it('counts the dataset as drifted from the given share of judged columns on', () => {
    const cur = window(300, 5, 8);
    const r = checkDrift(ref, cur);
    expect([r.columns.a!.drift, r.columns.b!.drift, r.columns.c!.drift]).toEqual([true, false, false]);
    expect(r).toMatchObject({ driftedColumns: 1, checkedColumns: 3, datasetDrift: false, rows: 300 });
    expect(checkDrift(ref, cur, { datasetShare: 1 / 3 }).datasetDrift).toBe(true);
    expect(checkDrift(ref, cur, { datasetShare: 0.34 }).datasetDrift).toBe(false);
    expect(r.reason).toBeUndefined();
  });

  it('says so when no column of the reference is in the current data', () => {
    const other = summarise({ z: 'numeric' }, { z: Array.from({ length: 100 }, (_, i) => i) });
    const r = checkDrift(ref, other);
    expect(r).toMatchObject({ datasetDrift: null, checkedColumns: 0, driftedColumns: 0, reason: 'No column of the reference is in the current data.' });
  });

  it('gives no verdict for a column whose kind changed, or that has no values on one side', () => {
    const v = uniforms(9);
    const cur = summarise({ a: 'categorical', b: 'numeric', c: 'categorical' }, {
      a: Array.from({ length: 100 }, () => 'text now'),
      b: [...new Array(60).fill(null), ...Array.from({ length: 40 }, () => v())],
      c: new Array(100).fill(null),
    });
    const r = checkDrift(ref, cur);
    expect(r.columns.a).toMatchObject({ drift: null, statistic: null, rows: 100, reason: 'Column a is categorical now but was numeric in the reference.' });
    expect(r.columns.a!.outOfRange).toBeUndefined();
    expect(r.columns.a!.unseen).toBeUndefined();
    expect(r.columns.b).toMatchObject({ rows: 100, missingRate: 0.6 });
    expect(r.columns.b!.drift).not.toBeNull();
    expect(r.columns.c).toMatchObject({ drift: null, rows: 100, missingRate: 1, unseen: 0, reason: 'Column c has no values in the current data.' });
    const emptyRef = summarise({ a: 'numeric' }, { a: new Array(50).fill(null) });
    const e = checkDrift(emptyRef, window(100, 0, 3, undefined));
    expect(e.columns.a).toMatchObject({ drift: null, reason: 'Column a has no values in the reference.' });
    // An all-missing numeric window: nothing out of range.
    const none = checkDrift(ref, summarise({ a: 'numeric' }, { a: new Array(40).fill(null) }, ref));
    expect(none.columns.a).toMatchObject({ outOfRange: 0, missingRate: 1 });
  });

  it('measures out-of-range values from the binned count, or from the sketch when there is none', () => {
    const v = uniforms(11);
    const values = Array.from({ length: 200 }, (_, i) => (i % 4 === 0 ? 2 + v() : v()));
    const a = ref.columns.a as NumericSummary;
    const outside = values.filter((x) => x < a.min || x > a.max).length / 200;
    expect(outside).toBeGreaterThan(0.2);
    const binned = summarise({ a: 'numeric' }, { a: values }, ref);
    const sketched = summarise({ a: 'numeric' }, { a: values });
    expect((binned.columns.a as NumericSummary).outsideReference).toBeDefined();
    expect((sketched.columns.a as NumericSummary).outsideReference).toBeUndefined();
    expect(checkDrift(ref, binned).columns.a!.outOfRange).toBeCloseTo(outside, 12);
    expect(checkDrift(ref, sketched).columns.a!.outOfRange).toBeCloseTo(outside, 12);
  });

  it('drifts at p below the threshold, at a statistic at or above it, and above a calibrated one', () => {
    const cur = window(300, 0.05, 13);
    const plain = checkDrift(ref, cur).columns.a!;
    expect(plain.compares).toBe('p-value');
    const p = plain.pValue!;
    expect(checkDrift(ref, cur, { columns: { a: { threshold: p } } }).columns.a!.drift).toBe(false);
    expect(checkDrift(ref, cur, { columns: { a: { threshold: p * 1.0001 } } }).columns.a!.drift).toBe(true);
    const w = measure('wasserstein', ref.columns.a!, cur.columns.a!).statistic;
    expect(checkDrift(ref, cur, { columns: { a: { method: 'wasserstein', threshold: w } } }).columns.a).toMatchObject({ compares: 'statistic', statistic: w, drift: true });
    expect(checkDrift(ref, cur, { columns: { a: { method: 'wasserstein', threshold: w * 1.0001 } } }).columns.a!.drift).toBe(false);
    // A calibrated threshold wins over the column's own, compares the statistic (KS's D here), and must be exceeded.
    const d = plain.statistic!;
    const cal = checkDrift(ref, cur, { calibrated: { a: d }, columns: { a: { threshold: 0.9 } } }).columns.a!;
    expect(cal).toMatchObject({ threshold: d, compares: 'statistic', drift: false });
    expect(checkDrift(ref, cur, { calibrated: { a: d * 0.9999 } }).columns.a!.drift).toBe(true);
  });

  it('adjusts only the p-value columns with Benjamini–Hochberg and judges them by the adjusted value', () => {
    const cur = window(300, 0.08, 17);
    const plain = checkDrift(ref, cur, { columns: { b: { method: 'wasserstein' } } });
    const fdr = checkDrift(ref, cur, { fdr: true, columns: { b: { method: 'wasserstein' } } });
    const adjusted = benjaminiHochberg([plain.columns.a!.pValue!, plain.columns.c!.pValue!]);
    expect(fdr.columns.a!.pAdjusted).toBe(adjusted[0]);
    expect(fdr.columns.c!.pAdjusted).toBe(adjusted[1]);
    expect(fdr.columns.a!.drift).toBe(adjusted[0]! < 0.05);
    expect(fdr.columns.b!.pAdjusted).toBeUndefined();
    expect(fdr.columns.b!.drift).toBe(plain.columns.b!.drift);
    // A calibrated column compares its statistic: it keeps its p-value but is not adjusted.
    const calibrated = checkDrift(ref, cur, { fdr: true, calibrated: { a: 0.5 } });
    expect(calibrated.columns.a!.pValue).toBeDefined();
    expect(calibrated.columns.a!.pAdjusted).toBeUndefined();
    expect(calibrated.columns.c!.pAdjusted).toBe(plain.columns.c!.pValue);
    // A marginal column: drifted on its own p-value, cleared once adjusted (found by seed, asserted here).
    expect(plain.columns.a!.pValue!).toBeLessThan(0.05);
    expect(fdr.columns.a!.drift).toBe(false);
  });

  it('judges the prediction column when both sides have one', () => {
    const withPrediction = (r: Reference, p: Reference['prediction']): Reference => ({ ...r, prediction: p });
    const cur = window(300, 3, 19);
    const r = checkDrift(withPrediction(ref, ref.columns.a), withPrediction(cur, cur.columns.a));
    expect(r.prediction).toMatchObject({ method: 'ks', drift: true });
    expect(checkDrift(withPrediction(ref, ref.columns.a), cur).prediction).toBeUndefined();
    expect(checkDrift(ref, withPrediction(cur, cur.columns.a)).prediction).toBeUndefined();
    // The prediction is not one of the dataset's columns.
    expect(r.checkedColumns).toBe(3);
  });
});

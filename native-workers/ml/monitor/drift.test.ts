import { describe, expect, it } from 'vitest';
import { calibrateColumn } from './calibrate';
import { checkDrift } from './drift';
import { WindowSummarizer, type Reference } from './reference';

/** Deterministic standard normals (Box–Muller over a Park–Miller generator). */
function normals(seed: number): () => number {
  let s = seed;
  const u = (): number => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

const COLUMNS = [
  { name: 'a', kind: 'numeric' as const },
  { name: 'b', kind: 'numeric' as const },
  { name: 'c', kind: 'categorical' as const },
];

function rows(n: number, seed: number, shiftA = 0, shiftB = 0, cats = ['x', 'y', 'z']): unknown[][] {
  const z = normals(seed);
  return Array.from({ length: n }, (_, i) => [z() + shiftA, z() + shiftB, cats[i % cats.length]]);
}

function summarise(data: unknown[][], against?: Reference): Reference {
  const s = new WindowSummarizer(COLUMNS, null, against ? { against } : {});
  data.forEach((r) => s.add(r));
  return s.result();
}

describe('drift verdicts', () => {
  it('tests a small reference (KS, chi-square at p < 0.05) and flags only the shifted column', () => {
    const ref = summarise(rows(800, 1));
    const report = checkDrift(ref, summarise(rows(600, 2, 0.5), ref));
    expect(report.columns.a).toMatchObject({ method: 'ks', compares: 'p-value', threshold: 0.05, drift: true });
    expect(report.columns.b).toMatchObject({ method: 'ks', drift: false });
    expect(report.columns.c).toMatchObject({ method: 'chi2', drift: false });
    expect(report.columns.a.pValue).toBeLessThan(1e-6);
    expect(report.datasetDrift).toBe(false);
    expect(report.driftedColumns).toBe(1);
  });

  it('measures a large reference (normalised Wasserstein, Jensen–Shannon ≥ 0.1); the dataset drifts at half its columns', () => {
    const ref = summarise(rows(5000, 3));
    const report = checkDrift(ref, summarise(rows(2000, 4, 0.5, 0.4, ['x', 'y', 'w']), ref));
    expect(report.columns.a).toMatchObject({ method: 'wasserstein', compares: 'statistic', threshold: 0.1, drift: true });
    expect(report.columns.a.statistic).toBeGreaterThan(0.4);
    expect(report.columns.c).toMatchObject({ method: 'jensen-shannon', drift: true });
    expect(report.columns.c.unseen).toBeCloseTo(1 / 3, 3);
    expect(report.datasetDrift).toBe(true);
  });

  it('takes a per-column method and threshold', () => {
    const ref = summarise(rows(5000, 5));
    const cur = summarise(rows(2000, 6, 0.05), ref);
    expect(checkDrift(ref, cur).columns.a.drift).toBe(false);
    const report = checkDrift(ref, cur, { columns: { a: { method: 'psi', threshold: 0.001 }, c: { method: 'unseen' } } });
    expect(report.columns.a).toMatchObject({ method: 'psi', threshold: 0.001, drift: true });
    expect(report.columns.c).toMatchObject({ method: 'unseen', statistic: 0, drift: false });
    expect(() => checkDrift(ref, cur, { columns: { c: { method: 'ks' } } })).toThrow(/ks does not apply to categorical column c; use one of/);
  });

  it('reports a column missing from the current data and judges the others', () => {
    const ref = summarise(rows(500, 7));
    const s = new WindowSummarizer(COLUMNS.slice(0, 2), null, { against: ref });
    rows(300, 8).forEach((r) => s.add(r));
    const report = checkDrift(ref, s.result());
    expect(report.columns.c).toMatchObject({ drift: null, statistic: null, reason: 'Column c is missing from the current data.' });
    expect(report.checkedColumns).toBe(2);
  });

  it('gives a window with too few rows no verdict, saying why', () => {
    const ref = summarise(rows(500, 9));
    const report = checkDrift(ref, summarise(rows(12, 10, 3), ref));
    expect(report.datasetDrift).toBeNull();
    expect(report.reason).toMatch(/Only 12 rows in this window; a verdict needs at least 30/);
    expect(report.columns.a.drift).toBeNull();
  });

  it('Benjamini–Hochberg adjusts tested columns, and can clear a marginal one', () => {
    const ref = summarise(rows(900, 11));
    const cur = summarise(rows(900, 12, 0.1), ref);
    const plain = checkDrift(ref, cur);
    const fdr = checkDrift(ref, cur, { fdr: true });
    const p = plain.columns.a.pValue ?? NaN;
    expect(fdr.columns.a.pAdjusted).toBeGreaterThanOrEqual(p);
    expect(fdr.columns.a.drift).toBe((fdr.columns.a.pAdjusted ?? 1) < 0.05);
  });

  it('calibrates a threshold at mean + 3σ over reference chunks', () => {
    const data = rows(20_000, 13);
    const ref = summarise(data);
    const values = data.map((r) => r[0]);
    const cal = calibrateColumn('numeric', values, ref.columns.a, 'wasserstein', 1000);
    expect(cal.chunks).toBe(20);
    expect(cal.threshold).toBeCloseTo(cal.mean + 3 * cal.std, 12);
    // Chunks of 1,000 from the same law sit well under Evidently's 0.1, so the calibrated line is tighter.
    expect(cal.threshold).toBeLessThan(0.1);
    const shifted = summarise(rows(1000, 14, 0.2), ref);
    expect(checkDrift(ref, shifted).columns.a.drift).toBe(true);
    const small = summarise(rows(1000, 15, 0.05), ref);
    expect(checkDrift(ref, small).columns.a.drift).toBe(false);
    expect(checkDrift(ref, small, { calibrated: { a: cal.threshold } }).columns.a).toMatchObject({ threshold: cal.threshold, compares: 'statistic' });
    expect(() => calibrateColumn('numeric', values.slice(0, 1500), ref.columns.a, 'wasserstein', 1000)).toThrow(/at least two chunks of 1000 rows/);
  });
});

import { describe, expect, it } from 'vitest';
import { cases } from '../../../main/host/testing';
import { ReferenceBinner } from './binner';
import { wasserstein } from './distances';
import { GOLDEN, close } from './fixtures/golden';
import { ks2Samp } from './ks';
import { measure } from './methods';
import { sketchOf } from './sketch';
import { ColumnSummarizer, type NumericSummary } from './summary';

function reference(values: readonly number[]): NumericSummary {
  const s = new ColumnSummarizer('numeric');
  values.forEach((v) => s.add(v));
  return s.result() as NumericSummary;
}

function binned(ref: NumericSummary, values: readonly unknown[]): NumericSummary {
  const b = new ReferenceBinner(ref);
  values.forEach((v) => b.add(v));
  return b.result();
}

describe('a current window binned on the reference points', () => {
  for (const c of cases(GOLDEN.ks.filter((g) => g.a.length <= 10_000), 'ks cases of at most 10,000 rows')) {
    it(`gives SciPy's KS: ${c.name}`, () => {
      const cur = binned(reference(c.a), c.b);
      const r = ks2Samp(reference(c.a).sketch, cur.sketch);
      expect(close(r.statistic, c.statistic)).toBe(true);
      expect(close(r.pValue, c.pValue)).toBe(true);
    });
  }

  for (const c of cases(GOLDEN.binned, 'binned cases')) {
    it(`gives numpy's PSI on deciles: ${c.name}`, () => {
      const ref = reference(c.a);
      expect(close(measure('psi', ref, binned(ref, c.b)).statistic, c.psi)).toBe(true);
    });
  }

  it('keeps Wasserstein within 1% of SciPy where CDFs cross inside gaps', () => {
    for (const c of cases(GOLDEN.wasserstein, 'wasserstein cases')) {
      const ref = reference(c.a);
      const d = wasserstein(ref.sketch, binned(ref, c.b).sketch);
      expect(Math.abs(d - c.distance) / c.distance, c.name).toBeLessThan(0.01);
    }
  });

  it('counts missing values, values outside the reference range, and the exact mean', () => {
    const ref = reference([1, 2, 3, 4, 5]);
    const cur = binned(ref, [0, 2.5, '', null, 'x', 9, 3]);
    expect(cur.count).toBe(4);
    expect(cur.missing).toBe(3);
    expect(cur.outsideReference).toBe(2);
    expect(cur.mean).toBeCloseTo(14.5 / 4, 12);
    expect(cur.std).toBeCloseTo(Math.sqrt([0, 2.5, 9, 3].reduce((s, v) => s + (v - 3.625) ** 2, 0) / 4), 12);
    expect(cur.sketch.total).toBe(4);
  });

  it('holds memory at the reference size for a million values', () => {
    const ref = reference(Array.from({ length: 2000 }, (_, i) => Math.sin(i) * 10));
    const b = new ReferenceBinner(ref);
    for (let i = 0; i < 1_000_000; i++) b.add(Math.sin(i * 0.37) * 10);
    const cur = b.result();
    expect(cur.count).toBe(1_000_000);
    expect(cur.sketch.values.length).toBeLessThanOrEqual(2 * ref.sketch.values.length + 1);
    const full = sketchOf(Array.from({ length: 1_000_000 }, (_, i) => Math.sin(i * 0.37) * 10), 2_000_000);
    expect(close(ks2Samp(ref.sketch, cur.sketch).statistic, ks2Samp(ref.sketch, full).statistic)).toBe(true);
  });
});

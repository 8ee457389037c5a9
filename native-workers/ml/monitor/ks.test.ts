import { describe, expect, it } from 'vitest';
import { cases, underMutation } from '../../../main/host/testing';
import { GOLDEN, close } from './fixtures/golden';
import { kolmogorovSf } from './kolmogorov';
import { ks2Samp, ksStatistic } from './ks';
import { sketchOf } from './sketch';
import { smirnovSf } from './special';

describe('two-sample KS against scipy.stats.ks_2samp (fixtures/make-fixtures.py)', () => {
  for (const c of cases(GOLDEN.ks, 'ks cases')) {
    it(`${c.name}: ${c.a.length} vs ${c.b.length}`, () => {
      const r = ks2Samp(sketchOf(c.a), sketchOf(c.b));
      expect(close(r.statistic, c.statistic), `D ${r.statistic} vs ${c.statistic}`).toBe(true);
      expect(close(r.pValue, c.pValue), `p ${r.pValue} vs ${c.pValue}`).toBe(true);
    });
  }

  it('is symmetric in its samples', () => {
    const c = GOLDEN.ks[2];
    expect(ks2Samp(sketchOf(c.b), sketchOf(c.a)).pValue).toBeCloseTo(ks2Samp(sketchOf(c.a), sketchOf(c.b)).pValue, 12);
  });

  it('refuses an empty sample, saying which', () => {
    expect(() => ks2Samp(sketchOf([]), sketchOf([1, 2]))).toThrow(/one sample is empty/);
  });
});

describe('the Kolmogorov distribution against scipy.stats.kstwo.sf in every region', () => {
  it.each(cases(GOLDEN.kstwo, 'kstwo cases').map((g) => [g.n, g.x, g.sf] as const))('n=%d x=%f', (n, x, sf) => {
    const got = kolmogorovSf(n, x);
    expect(close(got, sf), `${got} vs ${sf}`).toBe(true);
  });

  it.each(cases(GOLDEN.smirnov, 'smirnov cases').map((g) => [g.n, g.x, g.sf] as const))('smirnov n=%d x=%f', (n, x, sf) => {
    const got = smirnovSf(n, x);
    expect(close(got, sf), `${got} vs ${sf}`).toBe(true);
  });
});

describe('sketches keep KS bounded past their cap', () => {
  function sketchedD(n: number): void {
    let seed = 7;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const a = Float64Array.from({ length: n }, () => next() + next());
    const b = Float64Array.from({ length: 3000 }, () => next() + next() + 0.05);
    const exact = ksStatistic(sketchOf(a, 2 * n), sketchOf(b));
    const sketched = sketchOf(a, 5000);
    expect(sketched.values.length).toBeLessThanOrEqual(5000);
    expect(sketched.total).toBe(n);
    expect(Math.abs(ksStatistic(sketched, sketchOf(b)) - exact)).toBeLessThan(1e-3);
  }
  it('100,000 values in 5,000 points move D by less than 1e-3', () => sketchedD(100_000));
  // ~10 s a mutant instrumented: mutation runs rely on the case above, which compacts as well.
  it.skipIf(underMutation)('a million values in 5,000 points move D by less than 1e-3', () => sketchedD(1_000_000));
});

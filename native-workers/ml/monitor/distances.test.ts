import { describe, expect, it } from 'vitest';
import { cases } from '../../../main/host/testing';
import { GOLDEN, close } from './fixtures/golden';
import { jensenShannon, psi, wasserstein } from './distances';
import { measure } from './methods';
import { sketchOf } from './sketch';
import { ColumnSummarizer, binShares, quantileEdges, type NumericSummary } from './summary';

function numeric(values: number[]): NumericSummary {
  const s = new ColumnSummarizer('numeric');
  values.forEach((v) => s.add(v));
  return s.result() as NumericSummary;
}

describe('Wasserstein against scipy.stats.wasserstein_distance', () => {
  for (const c of cases(GOLDEN.wasserstein, 'wasserstein cases')) {
    it(c.name, () => {
      expect(close(wasserstein(sketchOf(c.a), sketchOf(c.b)), c.distance)).toBe(true);
      expect(close(measure('wasserstein', numeric(c.a), numeric(c.b)).statistic, c.normalised)).toBe(true);
    });
  }
});

describe("PSI and Jensen–Shannon on the reference's deciles (numpy inverted_cdf, scipy jensenshannon)", () => {
  for (const c of cases(GOLDEN.binned, 'binned cases')) {
    it(c.name, () => {
      const ref = numeric(c.a);
      expect(quantileEdges(ref)).toEqual(c.edges);
      const r = binShares(ref.sketch, c.edges);
      const b = binShares(sketchOf(c.b), c.edges);
      expect(close(psi(r, b), c.psi)).toBe(true);
      expect(close(jensenShannon(r, b), c.jensenShannon)).toBe(true);
      expect(close(measure('psi', ref, numeric(c.b)).statistic, c.psi)).toBe(true);
      expect(close(measure('jensen-shannon', ref, numeric(c.b)).statistic, c.jensenShannon)).toBe(true);
    });
  }

  it('identical distributions are at distance 0', () => {
    expect(jensenShannon([1, 2, 3], [2, 4, 6])).toBe(0);
    expect(psi([0.2, 0.8], [0.2, 0.8])).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { cases } from '../../../main/host/testing';
import { chi2Contingency } from './chi2';
import { GOLDEN, close } from './fixtures/golden';
import { measure } from './methods';
import { ColumnSummarizer } from './summary';

function categorical(counts: number[]): ReturnType<ColumnSummarizer['result']> {
  const s = new ColumnSummarizer('categorical');
  counts.forEach((n, k) => {
    for (let i = 0; i < n; i++) s.add(`c${k}`);
  });
  return s.result();
}

describe('categorical drift against scipy (chi2_contingency, jensenshannon) and numpy PSI', () => {
  for (const c of cases(GOLDEN.categorical, 'categorical cases')) {
    it(c.name, () => {
      const r = chi2Contingency(c.ref, c.cur);
      expect(r.dof).toBe(c.dof);
      expect(close(r.statistic, c.chi2), `χ² ${r.statistic} vs ${c.chi2}`).toBe(true);
      expect(close(r.pValue, c.pValue), `p ${r.pValue} vs ${c.pValue}`).toBe(true);
      const ref = categorical(c.ref);
      const cur = categorical(c.cur);
      expect(close(measure('chi2', ref, cur).pValue ?? NaN, c.pValue)).toBe(true);
      expect(close(measure('jensen-shannon', ref, cur).statistic, c.jensenShannon)).toBe(true);
      expect(close(measure('psi', ref, cur).statistic, c.psi)).toBe(true);
    });
  }

  it('counts the share of values in categories the reference never saw', () => {
    const c = GOLDEN.categorical.find((g) => g.name === 'a new category');
    if (!c) throw new Error('fixture missing');
    expect(measure('unseen', categorical(c.ref), categorical(c.cur)).statistic).toBeCloseTo(30 / 250, 12);
  });
});

import { describe, expect, it } from 'vitest';
import { cases } from '../../../main/host/testing';
import { benjaminiHochberg } from './fdr';
import { GOLDEN, close } from './fixtures/golden';

describe('Benjamini–Hochberg against the fdr_bh formula in numpy', () => {
  for (const c of cases(GOLDEN.bh, 'Benjamini-Hochberg cases')) {
    it(`${c.p.length} p-values`, () => {
      benjaminiHochberg(c.p).forEach((p, i) => expect(close(p, c.adjusted[i])).toBe(true));
    });
  }
});

import { describe, expect, it } from 'vitest';
import { cases } from '../../../main/host/testing';
import { close } from './fixtures/golden';
import golden from './fixtures/special-golden.json';
import { chi2Sf, gammaQ, logGamma, smirnovSf } from './special';

// fixtures/make-special.py: SciPy's gammaln, gammaincc, chdtrc and smirnov.
describe('special functions against SciPy', () => {
  it.each(cases(golden.logGamma, 'logGamma cases').map((g) => [g.x, g.value] as const))('ln Γ(%f)', (x, value) => {
    expect(close(logGamma(x), value, 1e-13), `${logGamma(x)} vs ${value}`).toBe(true);
  });

  it.each(cases(golden.gammaQ, 'gammaQ cases').map((g) => [g.a, g.x, g.q] as const))('Q(%f, %f)', (a, x, q) => {
    const got = gammaQ(a, x);
    // Relative in both tails: 1e-12 of the value, or of 1 − Q where Q is near 1.
    expect(Math.abs(got - q) <= 1e-12 * Math.max(Math.min(q, 1 - q), 1e-300) + 1e-300, `${got} vs ${q}`).toBe(true);
  });

  it.each(cases(golden.chi2Sf, 'chi2Sf cases').map((g) => [g.x, g.dof, g.sf] as const))('P(χ² ≥ %f) with %d degrees of freedom', (x, dof, sf) => {
    expect(close(chi2Sf(x, dof), sf, 1e-12), `${chi2Sf(x, dof)} vs ${sf}`).toBe(true);
  });

  it.each(cases(golden.smirnov, 'smirnov edge cases').map((g) => [g.n, g.x, g.sf] as const))('smirnov n=%d x=%f', (n, x, sf) => {
    expect(close(smirnovSf(n, x), sf, 1e-11), `${smirnovSf(n, x)} vs ${sf}`).toBe(true);
  });

  it('takes x outside (0, 1) as certain or impossible', () => {
    expect(gammaQ(3, 0)).toBe(1);
    expect(gammaQ(3, -1)).toBe(1);
    expect(smirnovSf(10, 0)).toBe(1);
    expect(smirnovSf(10, -0.5)).toBe(1);
    expect(smirnovSf(10, 1)).toBe(0);
    expect(smirnovSf(10, 1.5)).toBe(0);
  });
});

/**
 * Chi-square test of homogeneity on the 2×k table (reference counts, current
 * counts), as scipy.stats.chi2_contingency computes it: Yates' correction
 * when the table has one degree of freedom; categories empty on both sides
 * are left out (SciPy refuses a zero expected count).
 */
import { chi2Sf } from './special';

export interface Chi2Result {
  readonly statistic: number;
  readonly pValue: number;
  readonly dof: number;
}

export function chi2Contingency(reference: ArrayLike<number>, current: ArrayLike<number>): Chi2Result {
  const ref: number[] = [];
  const cur: number[] = [];
  for (let i = 0; i < reference.length; i++) {
    if (reference[i] + current[i] > 0) {
      ref.push(reference[i]);
      cur.push(current[i]);
    }
  }
  const k = ref.length;
  const dof = k - 1;
  if (dof === 0) return { statistic: 0, pValue: 1, dof };
  const rTotal = ref.reduce((s, v) => s + v, 0);
  const cTotal = cur.reduce((s, v) => s + v, 0);
  const total = rTotal + cTotal;
  let stat = 0;
  for (let i = 0; i < k; i++) {
    const col = ref[i] + cur[i];
    for (const [observed, rowTotal] of [
      [ref[i], rTotal],
      [cur[i], cTotal],
    ]) {
      const expected = (rowTotal * col) / total;
      let o = observed;
      if (dof === 1) {
        // Yates: move each count toward its expectation by at most 0.5 (SciPy gh-13875).
        const diff = expected - o;
        o += Math.sign(diff) * Math.min(0.5, Math.abs(diff));
      }
      stat += (o - expected) ** 2 / expected;
    }
  }
  return { statistic: stat, pValue: chi2Sf(stat, dof), dof };
}

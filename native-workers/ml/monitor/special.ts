/**
 * The special functions the drift tests need, written out because JavaScript
 * has none: log-gamma, the chi-square survival function, and the one-sided
 * Smirnov survival function (what scipy.special.smirnov computes).
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
  9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7: about 15 significant digits). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** The regularized upper incomplete gamma function Q(a, x) (series below a + 1, continued fraction above). */
export function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  const lead = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    let ap = a;
    let del = 1 / a;
    let sum = del;
    for (let n = 0; n < 10_000; n++) {
      ap += 1;
      del *= x / ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * 1e-17) break;
    }
    return 1 - sum * Math.exp(lead);
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: Lentz's guard against a zero denominator, which no a > 0, x ≥ a + 1 reaches.
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: as above.
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-17) break;
  }
  return Math.exp(lead) * h;
}

/** P(χ²_dof ≥ x), as scipy.stats.chi2.sf. */
export function chi2Sf(x: number, dof: number): number {
  return gammaQ(dof / 2, x / 2);
}

/**
 * The one-sided Smirnov survival function P(D⁺_n ≥ x), by the exact
 * Birnbaum–Tingey sum. Every term is positive, so summing them in log space
 * keeps about 11 significant digits even for n in the millions.
 */
export function smirnovSf(n: number, x: number): number {
  if (x <= 0) return 1;
  if (x >= 1) return 0;
  const last = Math.floor(n * (1 - x));
  const logs = new Float64Array(last + 1);
  let logBinom = 0;
  let top = -Infinity;
  let used = 0;
  for (let j = 0; j <= last; j++) {
    if (j > 0) logBinom += Math.log((n - j + 1) / j);
    const rest = 1 - x - j / n;
    // Rounding can take the base just below 0 (n = 11, x = 2/11), where the log would be NaN.
    // Stryker disable next-line EqualityOperator: a base of exactly 0 adds a zero term (log 0 = −∞) either way.
    if (rest <= 0) break;
    const v = logBinom + (n - j) * Math.log(rest) + (j - 1) * Math.log(x + j / n);
    logs[j] = v;
    used = j + 1;
    // Stryker disable next-line EqualityOperator: equal terms give the same largest.
    if (v > top) top = v;
  }
  let sum = 0;
  for (let j = 0; j < used; j++) sum += Math.exp(logs[j] - top);
  return Math.min(1, Math.max(0, x * sum * Math.exp(top)));
}

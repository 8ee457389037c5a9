/**
 * The two-sample Kolmogorov–Smirnov test as scipy.stats.ks_2samp(method='auto',
 * alternative='two-sided') computes it: the exact null distribution while
 * both samples have at most 10,000 values, else the one-sample Kolmogorov
 * distribution at n = round(n₁n₂/(n₁+n₂)). Works on sketches, with the true
 * sample sizes.
 */
import { kolmogorovSf } from './kolmogorov';
import type { SketchPoints } from './sketch';

/** SciPy's MAX_AUTO_N: above it 'auto' switches to the asymptotic distribution. */
const MAX_EXACT_N = 10_000;

export interface KsResult {
  readonly statistic: number;
  readonly pValue: number;
}

/** sup |F₁ − F₂| over the two weighted empirical distributions. */
export function ksStatistic(a: SketchPoints, b: SketchPoints): number {
  let i = 0;
  let j = 0;
  let ca = 0;
  let cb = 0;
  let d = 0;
  while (i < a.values.length || j < b.values.length) {
    const x = j >= b.values.length || (i < a.values.length && a.values[i] <= b.values[j]) ? a.values[i] : b.values[j];
    while (i < a.values.length && a.values[i] === x) ca += a.weights[i++];
    while (j < b.values.length && b.values[j] === x) cb += b.weights[j++];
    d = Math.max(d, Math.abs(ca / a.total - cb / b.total));
  }
  return d;
}

export function ks2Samp(a: SketchPoints, b: SketchPoints): KsResult {
  const n1 = a.total;
  const n2 = b.total;
  if (n1 === 0 || n2 === 0) throw new RangeError('The KS test needs values on both sides; one sample is empty.');
  let d = ksStatistic(a, b);
  if (Math.max(n1, n2) <= MAX_EXACT_N) {
    const g = gcd(n1, n2);
    const lcm = (n1 / g) * n2;
    const h = Math.round(d * lcm);
    d = h / lcm;
    if (h === 0) return { statistic: d, pValue: 1 };
    const p = n1 === n2 ? probOutsideSquare(n1, h) : outerProbInside(n1, n2, g, h);
    if (Number.isFinite(p) && p >= 0 && p <= 1) return { statistic: d, pValue: p };
  }
  const m = Math.max(n1, n2);
  const n = Math.min(n1, n2);
  return { statistic: d, pValue: Math.min(1, Math.max(0, kolmogorovSf(Math.round((m * n) / (m + n)), d))) };
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** P(D_{n,n} ≥ h/n) by the alternating sum in Horner form (SciPy's _compute_prob_outside_square). */
function probOutsideSquare(n: number, h: number): number {
  let P = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    P = p1 * (1 - P);
  }
  return 2 * P;
}

/** The share of lattice paths leaving the band |x/m − y/n| < h/lcm (Viehmann's recursion for 1 − p, as SciPy). */
function outerProbInside(m0: number, n0: number, g: number, h: number): number {
  const [m, n] = m0 < n0 ? [n0, m0] : [m0, n0];
  const mg = m / g;
  const ng = n / g;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const A = new Float64Array(Math.min(2 * maxj + 2, n + 1)).fill(1);
  A.fill(0, minj, maxj);
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = (A[jj + minj - lastminj] * i + val * j) / (i + j);
      A[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) A.fill(1, maxj - minj, maxj - minj + (lastlen - curlen));
  }
  return A[maxj - minj - 1];
}

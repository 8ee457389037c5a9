/**
 * Distances between a reference and a current distribution: Wasserstein-1
 * on sketches (scipy.stats.wasserstein_distance), PSI on binned shares and
 * the Jensen–Shannon distance (scipy.spatial.distance.jensenshannon, base e).
 */
import type { SketchPoints } from './sketch';

/** ∫|F₁ − F₂| dx over the two weighted empirical distributions. */
export function wasserstein(a: SketchPoints, b: SketchPoints): number {
  let i = 0;
  let j = 0;
  let ca = 0;
  let cb = 0;
  let prev = NaN;
  let sum = 0;
  while (i < a.values.length || j < b.values.length) {
    const x = j >= b.values.length || (i < a.values.length && a.values[i] <= b.values[j]) ? a.values[i] : b.values[j];
    if (!Number.isNaN(prev)) sum += Math.abs(ca / a.total - cb / b.total) * (x - prev);
    while (i < a.values.length && a.values[i] === x) ca += a.weights[i++];
    while (j < b.values.length && b.values[j] === x) cb += b.weights[j++];
    prev = x;
  }
  return sum;
}

/** What an empty bin counts as in PSI (Evidently's choice), so the log stays finite. */
const PSI_FLOOR = 0.0001;

/** Population stability index Σ (c − r)·ln(c/r) over bin shares, empty bins floored at 0.0001. */
export function psi(reference: ArrayLike<number>, current: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < reference.length; i++) {
    const r = reference[i] === 0 ? PSI_FLOOR : reference[i];
    const c = current[i] === 0 ? PSI_FLOOR : current[i];
    sum += (c - r) * Math.log(c / r);
  }
  return sum;
}

/** Jensen–Shannon distance (the square root of the divergence, natural log) between two count or share vectors. */
export function jensenShannon(p: ArrayLike<number>, q: ArrayLike<number>): number {
  let sp = 0;
  let sq = 0;
  for (let i = 0; i < p.length; i++) {
    sp += p[i];
    sq += q[i];
  }
  let js = 0;
  for (let i = 0; i < p.length; i++) {
    const a = p[i] / sp;
    const b = q[i] / sq;
    const m = (a + b) / 2;
    if (a > 0) js += a * Math.log(a / m);
    if (b > 0) js += b * Math.log(b / m);
  }
  return Math.sqrt(Math.max(0, js / 2));
}

/**
 * A/B tests of two recommenders on clicks: users split by a hash of their id (a user always
 * sees the same arm, so their clicks measure one model), click-through per arm with a 95 %
 * Wilson interval, and a two-proportion z-test between the arms. Pure; the formulas are
 * golden-tested against numpy (fixtures/make-ab-golden.py).
 */
import type { AbStats, ArmStats } from '../../../../preload/contract/serving';

export type { AbStats, ArmStats };

/** FNV-1a over the UTF-16 code units: stable across processes and platforms, cheap per request. */
export function userBucket(user: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < user.length; i++) {
    h ^= user.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // 10,000 buckets so a split like 2.5 % is honoured.
  return (h % 10_000) / 100;
}

/** True when the user belongs to the candidate arm at this split (0..100 % of users). */
export function inCandidateArm(user: string, percent: number): boolean {
  return userBucket(user) < percent;
}

const z95 = 1.959963984540054;

/** The Wilson score interval for `clicks` of `n` at 95 %; [0, 1] when nothing was shown. */
export function wilson(clicks: number, n: number, z = z95): [number, number] {
  if (n === 0) return [0, 1];
  const p = clicks / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** erfc to ~1e-14: erf's all-positive series below 3 (no cancellation), a continued fraction (Lentz) above. */
export function erfc(x: number): number {
  if (x < 0) return 2 - erfc(-x);
  if (x < 3) {
    // erf(x) = 2/√π · e^(−x²) · Σ (2x²)^n x / (1·3·…·(2n+1))
    let term = x;
    let sum = x;
    for (let n = 1; n < 500; n++) {
      term *= (2 * x * x) / (2 * n + 1);
      sum += term;
      if (term < 1e-17 * sum) break;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) * sum;
  }
  // erfc(x) = exp(-x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …)))))
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    d = x + a * d;
    d = Math.abs(d) < tiny ? tiny : d;
    c = x + a / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

/** Two-sided p-value of the pooled two-proportion z-test; null when either arm showed nothing or nobody clicked at all. */
export function twoProportionP(c1: number, n1: number, c2: number, n2: number): { z: number; p: number } | null {
  if (n1 === 0 || n2 === 0) return null;
  const pooled = (c1 + c2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (se === 0) return null;
  const z = (c2 / n2 - c1 / n1) / se;
  return { z, p: erfc(Math.abs(z) / Math.SQRT2) };
}

export function armStats(model: string, version: number, role: ArmStats['role'], shown: number, clicked: number, converted = 0): ArmStats {
  return {
    model, version, role, shown,
    clicked, ctr: shown ? clicked / shown : null, ci95: wilson(clicked, shown),
    converted, conversionRate: shown ? converted / shown : null, conversionCi95: wilson(converted, shown),
  };
}

function test(a: ArmStats | undefined, b: ArmStats | undefined, count: (x: ArmStats) => number): AbStats['test'] {
  const t = a && b ? twoProportionP(count(a), a.shown, count(b), b.shown) : null;
  return t && { z: t.z, p: t.p, significant: t.p < 0.05 };
}

export function abStats(arms: readonly ArmStats[]): AbStats {
  const [a, b] = arms;
  return { arms, test: test(a, b, (x) => x.clicked), conversionTest: test(a, b, (x) => x.converted) };
}

import { describe, expect, it } from 'vitest';
import { randomFactors, scoreFactors } from './als';
import { buildInteractions } from './interactions';
import { recommend, RecommendScratch, scoreInto, trainModel } from './model';
import { plantedInteractions } from './planted';
import { queryOf } from './query';
import { errorBound, rankFactors, simdErrorBound, simdUnavailable, type FactorQuery, type FactorScratch, type FirstPass } from './rank-factors';
import { simdScorer } from './score-kernel';
import { topK } from './topk';

/** The reference: every item scored in float64 by scoreFactors, then topK. */
function exactTop(fq: FactorQuery, k: number, skip: Uint8Array | null, candidates: Int32Array | null) {
  const out = new Float64Array(fq.y.length / fq.f);
  scoreFactors(fq.u, fq.y, fq.f, out, fq.bias);
  return topK(out, k, skip, candidates);
}

const scratchOf = (n: number): FactorScratch => ({ scores: new Float64Array(n), picked: new Int32Array(n) });

/** The first pass's scores as rankFactors makes them (float32 factors; SIMD sums in float32), and its bound. */
function approximate(fq: FactorQuery, pass: FirstPass): { approx: Float64Array; bound: number } {
  const n = fq.y.length / fq.f;
  const approx = new Float64Array(n);
  if (pass === 'js') {
    scoreFactors(fq.u, Float64Array.from(Float32Array.from(fq.y)), fq.f, approx, fq.bias);
    return { approx, bound: errorBound(fq) };
  }
  const simd = simdScorer(fq.y, fq.f);
  if (typeof simd === 'string') throw new Error(simd);
  simd.score(fq.u, approx);
  if (fq.bias) for (let j = 0; j < n; j++) approx[j] = approx[j]! + fq.bias[j]!;
  const bound = simdErrorBound(fq);
  if (bound === null) throw new Error('no SIMD bound');
  return { approx, bound };
}

/** How many items rankFactors should rescore, by sorting: every eligible one within 2·bound of the K-th approximate score. */
function nearTopCount(fq: FactorQuery, k: number, skip: Uint8Array | null, candidates: Int32Array | null, pass: FirstPass): number {
  const { approx, bound } = approximate(fq, pass);
  const pool = candidates ? [...candidates] : Array.from(approx, (_, j) => j);
  const eligible = pool.filter((j) => !(skip && skip[j]) && approx[j]! > -Infinity).map((j) => approx[j]!);
  if (eligible.length <= k) return eligible.length;
  const kth = eligible.sort((a, b) => b - a)[k - 1]!;
  return eligible.filter((v) => v >= kth - 2 * bound).length;
}

describe.each<FirstPass>(['simd', 'js'])('rankFactors (%s float32 first pass, exact rescoring)', (pass) => {
  it('gives the float64 top K to the last bit, with a bias, a seen mask and a candidate filter', () => {
    const n = 3001;
    const f = 16;
    const y = randomFactors(n, f, 11);
    const bias = randomFactors(n, 1, 12);
    const skip = new Uint8Array(n);
    for (let j = 0; j < n; j += 7) skip[j] = 1;
    const candidates = Int32Array.from({ length: 500 }, (_, c) => (c * 37) % n);
    for (let user = 0; user < 40; user++) {
      const fq: FactorQuery = { u: randomFactors(1, f, 100 + user), y, f, bias: user % 2 ? bias : null };
      for (const [k, s, c] of [[10, null, null], [25, skip, null], [5, skip, candidates], [600, null, candidates]] as const) {
        const scratch = scratchOf(n);
        const got = rankFactors(fq, k, s, c, scratch, pass);
        const want = exactTop(fq, k, s, c);
        expect([...got.items], `user ${user}, k ${k}`).toEqual([...want.items]);
        expect([...got.scores]).toEqual([...want.scores]);
        // The work: exactly the items within twice the bound of the K-th approximate score, a small share of them.
        expect(scratch.rescored, `user ${user}, k ${k}`).toBe(nearTopCount(fq, k, s, c, pass));
        expect(scratch.rescored).toBeLessThan(k + 0.05 * n);
      }
    }
  });

  it('orders items that float32 cannot tell apart by their float64 scores, and exact ties by index', () => {
    const f = 4;
    const base = [0.5, -0.25, 0.125, 1];
    // Items 1..6 differ from item 0 by less than float32 can hold (one part in 10^10); 7 and 8 are exact copies of item 0.
    const rows = [base, ...[1, 2, 3, 4, 5, 6].map((d) => base.map((v) => v * (1 + d * 1e-10))), base, base, [0, 0, 0, 0.1]];
    const y = Float64Array.from(rows.flat());
    expect(Float32Array.from(y.subarray(0, 4))).toEqual(Float32Array.from(y.subarray(24, 28)));
    const fq: FactorQuery = { u: Float64Array.of(1, 1, 1, 1), y, f, bias: null };
    const got = rankFactors(fq, 4, null, null, scratchOf(rows.length), pass);
    // Largest multiplier first; float32 alone would have ranked items 0, 1, 2, 3 (a tie broken by index).
    expect([...got.items]).toEqual([6, 5, 4, 3]);
    expect([...got.items]).toEqual([...exactTop(fq, 4, null, null).items]);
    const ties = rankFactors({ ...fq, u: Float64Array.of(-1, -1, -1, -1) }, 4, null, null, scratchOf(rows.length), pass);
    expect([...ties.items]).toEqual([...exactTop({ ...fq, u: Float64Array.of(-1, -1, -1, -1) }, 4, null, null).items]);
    expect([...ties.items].slice(1)).toEqual([0, 7, 8]);
  });

  it('rescores just the items within twice the bound of the K-th approximate score (counted against a sort)', () => {
    // Scores 0–0.05 made of terms of ±1,000: the bound (~5e-4 JS, ~3e-3 SIMD) takes in a share of the items, and
    // float32's step at 1,000 (6e-5) makes approximate ties, some at the threshold.
    const n = 2000;
    const y = new Float64Array(n * 4);
    for (let j = 0; j < n; j++) y.set([1000, -1000, 1000, -1000 + (((j * 7919) % n) / n) * 0.05], j * 4);
    const skip = new Uint8Array(n);
    for (let j = 0; j < n; j += 5) skip[j] = 1;
    const fq: FactorQuery = { u: Float64Array.of(1, 1, 1, 1), y, f: 4, bias: null };
    for (const [k, s] of [[1, null], [10, null], [50, skip], [1999, null], [2001, skip]] as const) {
      const scratch = scratchOf(n);
      const got = rankFactors(fq, k, s, null, scratch, pass);
      expect([...got.items], `k ${k}`).toEqual([...exactTop(fq, k, s, null).items]);
      expect(scratch.rescored, `k ${k}`).toBe(nearTopCount(fq, k, s, null, pass));
    }
  });

  it('falls back to exact scores when factors are beyond float32 range', () => {
    const y = Float64Array.of(1e39, 0, 2e39, 0, -1e39, 0);
    const fq: FactorQuery = { u: Float64Array.of(1, 0), y, f: 2, bias: null };
    expect([...rankFactors(fq, 2, null, null, scratchOf(3), pass).items]).toEqual([1, 0]);
  });

  it('holds where float32 sums cancel: scores far smaller than the terms that make them', () => {
    // Each item's 64 products are ±1e3 and cancel to a score near 1, spread by ~0.1: float32
    // rounds the factors by ~3e-5 and the lane sums (±16,000) by ~1e-3, so its order of the
    // items is wrong (checked below); the answer must not be.
    const n = 2000;
    const f = 64;
    const noise = randomFactors(n, f, 21);
    const y = new Float64Array(n * f);
    for (let j = 0; j < n; j++) for (let a = 0; a < f; a++) y[j * f + a] = (a % 2 ? 1000 : -1000) + (a === 0 ? 1 : 0) + noise[j * f + a]! * 1e-2;
    const fq: FactorQuery = { u: Float64Array.from({ length: f }, () => 1), y, f, bias: null };
    const approx = new Float64Array(n);
    scoreFactors(fq.u, Float64Array.from(Float32Array.from(y)), f, approx, null);
    expect([...topK(approx, 50).items]).not.toEqual([...exactTop(fq, 50, null, null).items]);
    for (const k of [1, 10, 50]) {
      const scratch = scratchOf(n);
      const got = rankFactors(fq, k, null, null, scratch, pass);
      const want = exactTop(fq, k, null, null);
      expect([...got.items], `k ${k}`).toEqual([...want.items]);
      expect([...got.scores]).toEqual([...want.scores]);
      // The bound here is wider than the scores' spread: every item is rescored.
      expect(scratch.rescored, `k ${k}`).toBe(n);
    }
  });
});

describe('rankFactors in recommend()', () => {
  it('runs its first pass in WebAssembly SIMD here (Node 20 has it): a broken kernel must not fall back unnoticed', () => {
    expect(simdUnavailable(randomFactors(10, 8, 1), 8)).toBeNull();
  });

  it('leaves trained ALS and BPR answers as they were (every user of a planted dataset)', async () => {
    const planted = plantedInteractions({ users: 80, items: 60, groups: 4, perUser: 9, noise: 0.1, seed: 9 });
    const m = buildInteractions({ users: planted.users, items: planted.items }, { feedback: 'implicit' });
    for (const kind of ['als', 'bpr'] as const) {
      const model = await trainModel(kind, m, { factors: 8, iterations: 3 }, 2, null);
      const scratch = new RecommendScratch(m.itemIds.length);
      for (let u = 0; u < m.userIds.length; u++) {
        const q = queryOf(m.byUser, u);
        const scores = new Float64Array(m.itemIds.length);
        scoreInto(model, q, scores);
        const seen = new Uint8Array(m.itemIds.length);
        for (const j of q.items) seen[j] = 1;
        const want = topK(scores, 10, seen);
        const got = recommend(model, q, 10, { scratch }).items;
        expect(got.map((r) => r.item), `${kind} user ${u}`).toEqual([...want.items]);
        expect(got.map((r) => r.score)).toEqual([...want.scores]);
      }
    }
  });
});

describe('the first passes’ error bounds', () => {
  // Measured (these seeds): bound / worst error 5–13 for the JS pass (~105 where a large bias's float64 rounding is
  // the term that counts: f roundings bounded, a few happen), 5–58 for SIMD.
  const tightness = { js: 256, simd: 128 };
  /** The largest |approx − exact| over every item, and the bound, for the JS pass (float64 sums of float32 factors) or the SIMD kernel. */
  function measured(fq: FactorQuery, pass: FirstPass): { worst: number; bound: number } {
    const n = fq.y.length / fq.f;
    const exact = new Float64Array(n);
    scoreFactors(fq.u, fq.y, fq.f, exact, fq.bias);
    const { approx, bound } = approximate(fq, pass);
    let worst = 0;
    for (let j = 0; j < n; j++) worst = Math.max(worst, Math.abs(approx[j]! - exact[j]!));
    return { worst, bound };
  }

  /** Factors at one scale, with a bias at another (or none): the regimes where each term of a bound is the one that counts. */
  const regimes: readonly { name: string; scale: number; bias: number | null; f: number }[] = [
    { name: 'trained-like factors', scale: 1, bias: null, f: 64 },
    { name: 'odd factor count (a SIMD tail)', scale: 1, bias: null, f: 7 },
    { name: 'large factors', scale: 1e12, bias: null, f: 16 },
    { name: 'a bias far larger than the products', scale: 1e-3, bias: 1e9, f: 16 },
    { name: 'float32 subnormal factors', scale: 1e-40, bias: null, f: 16 },
  ];

  for (const pass of ['js', 'simd'] as const) {
    it(`holds for the ${pass} pass in every regime, and is not far above the worst error measured`, () => {
      for (const { name, scale, bias, f } of regimes) {
        const n = 2000;
        const y = randomFactors(n, f, 31).map((v) => v * 100 * scale);
        const b = bias === null ? null : randomFactors(n, 1, 32).map((v) => v * 100 * bias);
        // The bound takes the largest bias, not the last one read.
        if (b) b[n - 1] = 0;
        let worst = 0;
        let bound = 0;
        for (let user = 0; user < 20; user++) {
          const u = randomFactors(1, f, 40 + user).map((v) => v * 100);
          const m = measured({ u, y, f, bias: b }, pass);
          expect(m.worst, `${name}, user ${user}`).toBeLessThanOrEqual(m.bound);
          worst = Math.max(worst, m.worst);
          bound = Math.max(bound, m.bound);
        }
        expect(worst, name).toBeGreaterThan(0);
        // Sound but not loose: a bound 10,000× the worst error would rescore far more items than needed.
        expect(bound / worst, name).toBeLessThan(tightness[pass]);
      }
    });
  }

  it('leaves factors beyond 2⁶⁰ to the JS pass: float32 products there can overflow to ±Infinity and sum to NaN', () => {
    // Item 0 scores 2¹⁴⁰ − 2¹⁴⁰ + 1 = 1 exactly; in float32 its two large products are +∞ and −∞.
    const y = Float64Array.of(2 ** 100, -(2 ** 100), 1, 0, 0, 0.5, 0, 0, 0.25);
    const fq: FactorQuery = { u: Float64Array.of(2 ** 40, 2 ** 40, 1), y, f: 3, bias: null };
    expect(simdErrorBound(fq)).toBeNull();
    expect(simdErrorBound({ ...fq, u: Float64Array.of(2 ** 60, 0, 0), y: Float64Array.of(1, 0, 0) })).toBeNull();
    expect(simdErrorBound({ ...fq, u: Float64Array.of(1, 0, 0), y: Float64Array.of(2 ** 60, 0, 0) })).toBeNull();
    expect(simdErrorBound({ ...fq, u: Float64Array.of(2 ** 59, 0, 0), y: Float64Array.of(2 ** 50, 0, 0) })).toBeNull();
    expect(simdErrorBound({ ...fq, u: Float64Array.of(2 ** 59, 0, 0), y: Float64Array.of(2 ** 40, 0, 0) })).not.toBeNull();
    for (const pass of ['simd', 'js'] as const) expect([...rankFactors(fq, 2, null, null, scratchOf(3), pass).items]).toEqual([0, 1]);
  });
});

import { describe, expect, it } from 'vitest';
import { randomFactors, scoreFactors } from './als';
import { buildInteractions } from './interactions';
import { recommend, RecommendScratch, scoreInto, trainModel } from './model';
import { plantedInteractions } from './planted';
import { queryOf } from './query';
import { rankFactors, type FactorQuery } from './rank-factors';
import { topK } from './topk';

/** The reference: every item scored in float64 by scoreFactors, then topK. */
function exactTop(fq: FactorQuery, k: number, skip: Uint8Array | null, candidates: Int32Array | null) {
  const out = new Float64Array(fq.y.length / fq.f);
  scoreFactors(fq.u, fq.y, fq.f, out, fq.bias);
  return topK(out, k, skip, candidates);
}

const scratchOf = (n: number) => ({ scores: new Float64Array(n), picked: new Int32Array(n) });

describe('rankFactors (float32 first pass, exact rescoring)', () => {
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
        const got = rankFactors(fq, k, s, c, scratchOf(n));
        const want = exactTop(fq, k, s, c);
        expect([...got.items], `user ${user}, k ${k}`).toEqual([...want.items]);
        expect([...got.scores]).toEqual([...want.scores]);
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
    const got = rankFactors(fq, 4, null, null, scratchOf(rows.length));
    // Largest multiplier first; float32 alone would have ranked items 0, 1, 2, 3 (a tie broken by index).
    expect([...got.items]).toEqual([6, 5, 4, 3]);
    expect([...got.items]).toEqual([...exactTop(fq, 4, null, null).items]);
    const ties = rankFactors({ ...fq, u: Float64Array.of(-1, -1, -1, -1) }, 4, null, null, scratchOf(rows.length));
    expect([...ties.items]).toEqual([...exactTop({ ...fq, u: Float64Array.of(-1, -1, -1, -1) }, 4, null, null).items]);
    expect([...ties.items].slice(1)).toEqual([0, 7, 8]);
  });

  it('falls back to exact scores when factors are beyond float32 range', () => {
    const y = Float64Array.of(1e39, 0, 2e39, 0, -1e39, 0);
    const fq: FactorQuery = { u: Float64Array.of(1, 0), y, f: 2, bias: null };
    expect([...rankFactors(fq, 2, null, null, scratchOf(3)).items]).toEqual([1, 0]);
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

// topK against a full sort (score descending, then item index ascending) on many random vectors with ties,
// NaN, -Infinity, skips and candidate lists (#22: it was reached only through the recommenders).
import { describe, expect, it } from 'vitest';
import { topK } from './topk';

function reference(scores: Float64Array, k: number, skip: Uint8Array | null, candidates: Int32Array | null): number[] {
  const pool = candidates ? Array.from(candidates) : Array.from(scores, (_, i) => i);
  return pool
    .filter((i) => scores[i]! > -Infinity && !(skip && skip[i]))
    .sort((a, b) => scores[b]! - scores[a]! || a - b)
    .slice(0, k);
}

describe('topK', () => {
  it('is a full sort\'s first k, ties to the lower index, on 400 random cases', () => {
    let seed = 11;
    const rand = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let c = 0; c < 400; c++) {
      const n = 1 + Math.floor(rand() * 40);
      // Few distinct values, so ties are common.
      const scores = Float64Array.from({ length: n }, () => {
        const r = rand();
        return r < 0.05 ? Number.NaN : r < 0.1 ? -Infinity : r < 0.12 ? Infinity : Math.floor(rand() * 6) - 2;
      });
      const k = Math.floor(rand() * (n + 3));
      const skip = rand() < 0.5 ? Uint8Array.from({ length: n }, () => (rand() < 0.2 ? 1 : 0)) : null;
      const candidates = rand() < 0.4 ? Int32Array.from({ length: Math.floor(rand() * n) }, () => Math.floor(rand() * n)).filter((v, i, a) => a.indexOf(v) === i) : null;
      const got = topK(scores, k, skip, candidates);
      const want = reference(scores, k, skip, candidates);
      expect(Array.from(got.items), `case ${c}`).toEqual(want);
      expect(Array.from(got.scores)).toEqual(want.map((i) => scores[i]));
    }
  });

  it('k = 0 and an empty vector give nothing', () => {
    expect(topK(Float64Array.of(1, 2), 0).items.length).toBe(0);
    expect(topK(new Float64Array(0), 3).items.length).toBe(0);
  });
});

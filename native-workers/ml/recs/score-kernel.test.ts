import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileRecsKernel, recsKernelModule, recsKernelModuleText } from '../../../build-kernels.mjs';
import { randomFactors } from './als';
import { simdScorer } from './score-kernel';

/** wasm/score.ts's sum in JS, float32 step by step: four lanes of f/4 products, lanes joined pairwise, then the tail. */
function float32Score(u: Float64Array, y: Float64Array, f: number, j: number): number {
  const r = Math.fround;
  const f4 = f & ~3;
  const lane = [0, 0, 0, 0];
  for (let a = 0; a < f4; a++) lane[a & 3] = r(lane[a & 3]! + r(r(u[a]!) * r(y[j * f + a]!)));
  let t = 0;
  for (let a = f4; a < f; a++) t = r(t + r(r(u[a]!) * r(y[j * f + a]!)));
  return r(r(r(lane[0]! + lane[1]!) + r(lane[2]! + lane[3]!)) + t);
}

describe('the SIMD scoring kernel', () => {
  it('is compiled from wasm/score.ts as committed (else: node build-kernels.mjs --recs)', async () => {
    expect(fs.readFileSync(recsKernelModule, 'utf8')).toBe(recsKernelModuleText(await compileRecsKernel()));
  }, 60_000);

  it('sums in float32 in the order rank-factors.ts bounds, for factor counts with and without a tail', () => {
    for (const [n, f] of [[37, 64], [41, 7], [9, 3], [5, 1], [12, 16]] as const) {
      const y = randomFactors(n, f, n + f);
      const u = randomFactors(1, f, 7 * f);
      const scorer = simdScorer(y, f);
      if (typeof scorer === 'string') throw new Error(scorer);
      expect(scorer.y32).toEqual(Float32Array.from(y));
      const out = new Float64Array(n);
      scorer.score(u, out);
      expect([...out], `n ${n}, f ${f}`).toEqual(Array.from({ length: n }, (_, j) => float32Score(u, y, f, j)));
      // A second user through the same memory.
      const u2 = randomFactors(1, f, 9 * f);
      scorer.score(u2, out);
      expect(out[n - 1]).toBe(float32Score(u2, y, f, n - 1));
    }
  });
});

import { describe, expect, it } from 'vitest';
import { rng } from '../rng';
import { gradients, multiclassGradients, softmaxRows } from './objectives';

describe('multiclassGradients', () => {
  it('gives, in one pass, exactly the pairs softmaxRows + gradients give class by class (weighted and not)', () => {
    const r = rng(3);
    const n = 257;
    const K = 26;
    const raw = Float64Array.from({ length: n * K }, () => r.normal() * 3);
    const y = Float64Array.from({ length: n }, () => r.int(K));
    const w = Float64Array.from({ length: n }, () => r.next() * 2);
    for (const weights of [undefined, w]) {
      const prob = new Float64Array(n * K);
      softmaxRows(raw, K, prob);
      const all = new Float64Array(2 * n * K);
      multiclassGradients(K, raw, y, weights, new Float64Array(K), all);
      const gh = new Float64Array(2 * n);
      for (let k = 0; k < K; k++) {
        gradients('multiclass', K, k, raw, prob, y, weights, gh);
        expect(all.subarray(2 * n * k, 2 * n * (k + 1))).toEqual(gh);
      }
    }
  });
});

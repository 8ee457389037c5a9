import { rng } from '../tabular/rng';

/**
 * Embedding-like test data: n rows of d features in K classes (row i is class i mod K); every
 * K-th feature is raised by `shift` for its class, over normal noise of `noise` and a per-feature `drift`.
 */
export function blobs(n: number, K: number, d: number, seed: number, { noise, shift, drift = 0 }: { noise: number; shift: number; drift?: number }): { x: Float32Array; y: Int32Array } {
  const r = rng(seed);
  const x = new Float32Array(n * d);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % K;
    for (let j = 0; j < d; j++) x[i * d + j] = r.normal() * noise + (j % K === y[i] ? shift : 0) + j * drift;
  }
  return { x, y };
}

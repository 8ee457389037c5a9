import { describe, expect, it } from 'vitest';
import { minimizeLbfgs } from './lbfgs';

describe('minimizeLbfgs', () => {
  it('finds the minimum of the Rosenbrock function', () => {
    const r = minimizeLbfgs(
      (x, g) => {
        const [a, b] = [x[0]!, x[1]!];
        g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
        g[1] = 200 * (b - a * a);
        return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
      },
      new Float64Array([-1.2, 1]),
      { maxIter: 500, gtol: 1e-10 },
    );
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 8);
    expect(r.x[1]).toBeCloseTo(1, 8);
  });

  // An ill-conditioned quadratic (eigenvalues 1 to 1000, rotated): every answer is the same minimum, so only the
  // iteration counts show whether the curvature pairs are used, kept and dropped as they should be.
  it('uses its memory: more curvature pairs, fewer iterations, the same minimum', () => {
    const n = 8;
    const d = [1, 3, 10, 30, 100, 300, 1000, 2];
    const v = Array.from({ length: n }, (_, i) => 1 + i * 0.5);
    const vv = v.reduce((a, b) => a + b * b, 0);
    // A = Q·diag(d)·Q with Q = I − 2vvᵀ/vᵀv (a reflection).
    const q = (i: number, k: number): number => (i === k ? 1 : 0) - (2 * v[i]! * v[k]!) / vv;
    const A = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => d.reduce((s, dk, k) => s + q(i, k) * dk * q(j, k), 0)));
    const c = Array.from({ length: n }, (_, i) => i - 3);
    const f = (x: Float64Array, g: Float64Array): number => {
      let value = 0;
      for (let i = 0; i < n; i++) {
        g[i] = A[i]!.reduce((s, a, j) => s + a * (x[j]! - c[j]!), 0);
        value += 0.5 * (x[i]! - c[i]!) * g[i]!;
      }
      return value;
    };
    const iterations: number[] = [];
    for (const memory of [1, 5, undefined]) {
      const r = minimizeLbfgs(f, new Float64Array(n), { maxIter: 10_000, gtol: 1e-6, ...(memory ? { memory } : {}) });
      expect(r.converged).toBe(true);
      for (let i = 0; i < n; i++) expect(r.x[i]).toBeCloseTo(c[i]!, 5);
      iterations.push(r.iterations);
    }
    // Measured 288 → 152 → 63 iterations for 1 → 5 → 10 (the default) pairs.
    for (let k = 1; k < iterations.length; k++) expect(iterations[k]).toBeLessThan(0.7 * iterations[k - 1]!);
  });

  it('reports no convergence when the iteration budget runs out', () => {
    const r = minimizeLbfgs((x, g) => { g[0] = 2 * (x[0]! - 5); return (x[0]! - 5) ** 2 + 1; }, new Float64Array([0]), { maxIter: 0, gtol: 1e-9 });
    expect([r.converged, r.iterations, r.value, r.x[0]]).toEqual([false, 0, 26, 0]);
  });

  it('gives back its last point, not converged, when no step along the direction decreases the objective', () => {
    // f = −x near 0 (where the smallest step still shows), with a reported gradient of the wrong sign:
    // every one of the 60 halved steps goes uphill.
    const r = minimizeLbfgs((x, g) => { g[0] = 1; return 0 - x[0]!; }, new Float64Array([0]), { maxIter: 20, gtol: 1e-9 });
    expect([r.converged, r.iterations, r.value, r.x[0]]).toEqual([false, 0, 0, 0]);
  });

  it('stops when the iteration callback throws (cancel)', () => {
    expect(() =>
      minimizeLbfgs((x, g) => { g[0] = 2 * x[0]!; return x[0]! ** 2; }, new Float64Array([3]), {
        maxIter: 10, gtol: 0, onIteration: () => { throw new Error('cancelled'); },
      }),
    ).toThrow('cancelled');
  });
});

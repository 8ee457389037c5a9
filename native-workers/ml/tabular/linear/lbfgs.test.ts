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

  it('stops when the iteration callback throws (cancel)', () => {
    expect(() =>
      minimizeLbfgs((x, g) => { g[0] = 2 * x[0]!; return x[0]! ** 2; }, new Float64Array([3]), {
        maxIter: 10, gtol: 0, onIteration: () => { throw new Error('cancelled'); },
      }),
    ).toThrow('cancelled');
  });
});

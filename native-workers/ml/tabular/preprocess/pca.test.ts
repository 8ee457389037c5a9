// A small scikit-learn 1.2.1 PCA golden that mutation runs can afford (the churn PCA cases in golden.test.ts
// are skipped there). Printed by, with Debian's python3:
//   X = [[1,2,0],[2,1,0],[3,4,1],[4,3,5],[0,-1,2],[5,0,-3]]
//   p = PCA(n_components=2, svd_solver='full').fit(X); p.components_, p.explained_variance_ratio_, p.mean_,
//   p.transform([[1,1,1],[-2,3,0.5]]); PCA(n_components=0.9, svd_solver='full').fit(X).n_components_ (3)
import { describe, expect, it } from 'vitest';
import { matrix } from '../matrix';
import { applyPca, fitPca } from './pca';

const X = matrix(6, 3, Float64Array.from([1, 2, 0, 2, 1, 0, 3, 4, 1, 4, 3, 5, 0, -1, 2, 5, 0, -3]));
const components = [
  [0.0948495200390432, -0.3788620194046397, -0.9205797840497051],
  [-0.7962996357509523, -0.5838400314640955, 0.158233080494898],
];
const ratio = [0.5614321328648422, 0.3211467745334728];
const cumulative = [0.5614321328648422, 0.882578907398315, 1.0000000000000002];

function close(got: readonly number[], want: readonly number[], tol: number): void {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => expect(Math.abs(g - want[i]!)).toBeLessThan(tol));
}

describe('fitPca vs scikit-learn', () => {
  it('components with svd_flip signs (the first axis\'s largest entry is negative), ratios, mean', () => {
    const fit = fitPca(X, { k: 2 });
    close(fit.mean, [2.5, 1.5, 0.8333333333333334], 1e-15);
    expect(fit.components.length).toBe(2);
    fit.components.forEach((c, i) => close(c, components[i]!, 1e-12));
    close(fit.ratio.slice(0, 2), ratio, 1e-12);
    close(fit.cumulative, cumulative, 1e-12);
    const out = applyPca(matrix(2, 3, Float64Array.from([1, 1, 1, -2, 3, 0.5])), fit.mean, fit.components);
    expect([out.rows, out.cols]).toEqual([2, 2]);
    close(Array.from(out.data), [-0.1062732343645291, 1.5127416494409593, -0.6882559412660856, 2.6548439535181765], 1e-12);
  });

  it('a variance fraction keeps the fewest components that exceed it', () => {
    expect(fitPca(X, { variance: 0.9 }).components.length).toBe(3);
    expect(fitPca(X, { variance: 0.88 }).components.length).toBe(2);
    expect(fitPca(X, { variance: 0.5 }).components.length).toBe(1);
    expect(fitPca(X, { k: 7 }).components.length).toBe(3);
  });

  it('a constant matrix has ratio 0, not NaN', () => {
    const fit = fitPca(matrix(3, 2, new Float64Array(6).fill(4)), { k: 1 });
    expect(fit.ratio).toEqual([0, 0]);
    expect(fit.mean).toEqual([4, 4]);
  });

  it('refuses what it cannot fit', () => {
    expect(() => fitPca(matrix(1, 3, Float64Array.of(1, 2, 3)), { k: 1 })).toThrow('PCA needs at least 2 rows to fit.');
    expect(() => fitPca(matrix(4, 0), { k: 1 })).toThrow('PCA needs at least 1 feature.');
  });
});

/**
 * PCA by SVD of the centred matrix, as scikit-learn's PCA(svd_solver='full'):
 * same components (signs fixed by svd_flip on U), same explained-variance ratios,
 * same rule for a variance fraction. No whitening.
 */
import { Matrix as MlMatrix, SVD } from 'ml-matrix';
import type { Matrix } from '../matrix';
import type { PcaSpec } from './spec';

export interface PcaFit {
  /** Column means the transform subtracts (length p). */
  readonly mean: readonly number[];
  /** k × p, one principal axis per row, strongest first. */
  readonly components: readonly (readonly number[])[];
  /** Explained-variance ratio of every component (min(rows, p) of them), for the scree plot. */
  readonly ratio: readonly number[];
  readonly cumulative: readonly number[];
}

/** The fewest components whose cumulative ratio exceeds `variance` (numpy searchsorted side='right', +1). */
export function componentsForVariance(cumulative: readonly number[], variance: number): number {
  const i = cumulative.findIndex((c) => c > variance);
  return i < 0 ? cumulative.length : i + 1;
}

export function fitPca(X: Matrix, spec: PcaSpec): PcaFit {
  const { rows: n, cols: p, data } = X;
  if (n < 2) throw new Error('PCA needs at least 2 rows to fit.');
  if (p < 1) throw new Error('PCA needs at least 1 feature.');
  const mean = new Array<number>(p).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) mean[j] += data[i * p + j];
  for (let j = 0; j < p; j++) mean[j] /= n;
  const centred = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) centred[i * p + j] = data[i * p + j] - mean[j];

  // U is n × min(n, p) and costs ten times the rest; the signs need only X·v, computed below for the kept axes.
  const svd = new SVD(MlMatrix.from1DArray(n, p, centred), { autoTranspose: true, computeLeftSingularVectors: false });
  const V = svd.rightSingularVectors;
  const s = svd.diagonal;
  const m = Math.min(n, p);
  const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => s[b] - s[a] || a - b);

  const variance = order.map((i) => (s[i] * s[i]) / (n - 1));
  const total = variance.reduce((a, b) => a + b, 0);
  const ratio = variance.map((v) => (total > 0 ? v / total : 0));
  const cumulative: number[] = [];
  ratio.reduce((acc, r) => (cumulative.push(acc + r), acc + r), 0);

  const k = 'k' in spec ? Math.min(spec.k, m) : componentsForVariance(cumulative, spec.variance);
  const components = order.slice(0, k).map((c) => {
    const axis = Array.from({ length: p }, (_, j) => V.get(j, c));
    // svd_flip(u_based_decision=True): the largest-magnitude entry of each U column is made positive;
    // U's column is X·v / s, so the sign of the largest |X·v| entry decides.
    let best = 0;
    let bestAbs = -1;
    for (let i = 0; i < n; i++) {
      let u = 0;
      for (let j = 0; j < p; j++) u += centred[i * p + j] * axis[j];
      if (Math.abs(u) > bestAbs) {
        bestAbs = Math.abs(u);
        best = u;
      }
    }
    return best < 0 ? axis.map((v) => -v) : axis;
  });
  return { mean, components, ratio, cumulative };
}

/** (x − mean) · componentsᵀ for every row. */
export function applyPca(X: Matrix, mean: readonly number[], components: readonly (readonly number[])[]): Matrix {
  const { rows: n, cols: p, data } = X;
  const k = components.length;
  const out = new Float64Array(n * k);
  const centred = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) centred[j] = data[i * p + j] - mean[j];
    for (let c = 0; c < k; c++) {
      const axis = components[c];
      let dot = 0;
      for (let j = 0; j < p; j++) dot += centred[j] * axis[j];
      out[i * k + c] = dot;
    }
  }
  return { rows: n, cols: k, data: out };
}

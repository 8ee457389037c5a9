/**
 * The drift methods, their defaults and how one column's statistic is
 * computed. Defaults follow Evidently: a reference of at most 1,000 rows is
 * tested (KS / chi-square, drift when p < 0.05), a larger one measured
 * (Wasserstein normalised by the reference's std / Jensen–Shannon, drift
 * when ≥ 0.1), because with many rows every test rejects on trivial shifts.
 */
import { chi2Contingency } from './chi2';
import { jensenShannon, psi, wasserstein } from './distances';
import { ks2Samp } from './ks';
import { binShares, quantileEdges, type CategoricalSummary, type ColumnSummary, type NumericSummary } from './summary';

export type DriftMethod = 'ks' | 'wasserstein' | 'psi' | 'chi2' | 'jensen-shannon' | 'unseen';

export const DRIFT_METHODS: readonly DriftMethod[] = ['ks', 'wasserstein', 'psi', 'chi2', 'jensen-shannon', 'unseen'];

/** Methods whose verdict compares a p-value (drift when p < threshold); the others compare the statistic (drift when ≥ threshold). */
export const P_VALUE_METHODS: ReadonlySet<DriftMethod> = new Set<DriftMethod>(['ks', 'chi2']);

export const DEFAULT_THRESHOLDS: Readonly<Record<DriftMethod, number>> = {
  ks: 0.05,
  chi2: 0.05,
  wasserstein: 0.1,
  'jensen-shannon': 0.1,
  psi: 0.1,
  unseen: 0.05,
};

/** Evidently's cut between testing and measuring. */
export const SMALL_REFERENCE_ROWS = 1000;

const NUMERIC_METHODS: ReadonlySet<DriftMethod> = new Set<DriftMethod>(['ks', 'wasserstein', 'psi', 'jensen-shannon']);
const CATEGORICAL_METHODS: ReadonlySet<DriftMethod> = new Set<DriftMethod>(['chi2', 'jensen-shannon', 'psi', 'unseen']);

export function defaultMethod(reference: ColumnSummary): DriftMethod {
  const small = reference.count <= SMALL_REFERENCE_ROWS;
  if (reference.kind === 'numeric') return small ? 'ks' : 'wasserstein';
  return small ? 'chi2' : 'jensen-shannon';
}

/** BAD_INPUT-style message when a method does not apply to a column's kind, else null. */
export function methodMismatch(column: string, kind: ColumnSummary['kind'], method: DriftMethod): string | null {
  const allowed = kind === 'numeric' ? NUMERIC_METHODS : CATEGORICAL_METHODS;
  if (allowed.has(method)) return null;
  return `Method ${method} does not apply to ${kind} column ${column}; use one of ${[...allowed].join(', ')}.`;
}

export interface Measured {
  readonly statistic: number;
  readonly pValue?: number;
}

/** The method's statistic (and p-value for tests) of current against reference; both summaries of the same kind. */
export function measure(method: DriftMethod, reference: ColumnSummary, current: ColumnSummary): Measured {
  if (reference.kind === 'numeric' && current.kind === 'numeric') return measureNumeric(method, reference, current);
  if (reference.kind === 'categorical' && current.kind === 'categorical') return measureCategorical(method, reference, current);
  throw new TypeError(`The current column is ${current.kind} but the reference is ${reference.kind}.`);
}

function measureNumeric(method: DriftMethod, reference: NumericSummary, current: NumericSummary): Measured {
  switch (method) {
    case 'ks': {
      const r = ks2Samp(reference.sketch, current.sketch);
      return { statistic: r.statistic, pValue: r.pValue };
    }
    case 'wasserstein':
      // Evidently floors the std at 0.001 so a constant reference does not divide by zero.
      return { statistic: wasserstein(reference.sketch, current.sketch) / Math.max(reference.std, 0.001) };
    case 'psi':
    case 'jensen-shannon': {
      const edges = quantileEdges(reference);
      const r = binShares(reference.sketch, edges);
      const c = binShares(current.sketch, edges);
      return { statistic: method === 'psi' ? psi(r, c) : jensenShannon(r, c) };
    }
    default:
      throw new TypeError(`Method ${method} does not apply to a numeric column.`);
  }
}

/** Reference and current counts over the union of categories, reference's categories first. */
export function alignedCounts(reference: CategoricalSummary, current: CategoricalSummary): { keys: string[]; ref: number[]; cur: number[] } {
  const keys = Object.keys(reference.counts);
  for (const k of Object.keys(current.counts)) if (!(k in reference.counts)) keys.push(k);
  return { keys, ref: keys.map((k) => reference.counts[k] ?? 0), cur: keys.map((k) => current.counts[k] ?? 0) };
}

/** The share of current values whose category the reference never saw. */
export function unseenShare(reference: CategoricalSummary, current: CategoricalSummary): number {
  if (current.count === 0) return 0;
  let unseen = 0;
  for (const [k, v] of Object.entries(current.counts)) if (!(k in reference.counts)) unseen += v;
  return unseen / current.count;
}

function measureCategorical(method: DriftMethod, reference: CategoricalSummary, current: CategoricalSummary): Measured {
  const { ref, cur } = alignedCounts(reference, current);
  switch (method) {
    case 'chi2': {
      const r = chi2Contingency(ref, cur);
      return { statistic: r.statistic, pValue: r.pValue };
    }
    case 'jensen-shannon':
      return { statistic: jensenShannon(ref, cur) };
    case 'psi':
      return { statistic: psi(shares(ref, reference.count), shares(cur, current.count)) };
    case 'unseen':
      return { statistic: unseenShare(reference, current) };
    default:
      throw new TypeError(`Method ${method} does not apply to a categorical column.`);
  }
}

function shares(counts: number[], total: number): number[] {
  return counts.map((c) => (total > 0 ? c / total : 0));
}

import type { Csr } from './csr';

/**
 * What a model is asked about one user: the known user's index (null for someone the model was
 * not trained on) and their history as item indices with weights. Serving builds it from the
 * events it has; evaluation from a holdout's training rows.
 */
export interface UserQuery {
  readonly user: number | null;
  readonly items: Int32Array;
  readonly weights: Float64Array;
}

/** Row `u` of a user × item matrix as a query (views, no copies). */
export function queryOf(m: Csr, u: number): UserQuery {
  const a = m.indptr[u]!;
  const b = m.indptr[u + 1]!;
  return { user: u, items: m.indices.subarray(a, b), weights: m.data.subarray(a, b) };
}

/** Called between units of training work: reports progress, lets a cancel arrive, and throws to stop. */
export type TrainStep = (done: number, total: number, detail: string) => Promise<void>;

export const noStep: TrainStep = () => Promise.resolve();

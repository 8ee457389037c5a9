/**
 * Per-user holdout: some of each user's interactions are hidden from training and recommended
 * back. A user keeps at least one interaction in training (otherwise there is nothing to
 * recommend from), so users with a single interaction are never held out.
 */
import { RecsInputError } from './errors';
import { csrFromTriples, type Csr } from './csr';
import { withEntries, type InteractionMatrix } from './interactions';
import { rng } from '../tabular/rng';

/** The last `n` by time, or a random fraction of each user's interactions (at least one). */
export type HoldoutSpec = { readonly kind: 'last'; readonly n: number } | { readonly kind: 'random'; readonly fraction: number };

export interface Holdout {
  readonly train: InteractionMatrix;
  /** users × items: the hidden interactions (empty rows for users not held out). */
  readonly test: Csr;
  /** Users with something held out. */
  readonly users: number;
}

export function holdout(m: InteractionMatrix, spec: HoldoutSpec, seed: number): Holdout {
  const { byUser } = m;
  if (spec.kind === 'last') {
    if (!(Number.isInteger(spec.n) && spec.n >= 1)) throw new RecsInputError(`last:N holds out N interactions per user, a whole number of at least 1, not ${spec.n}.`);
    if (!byUser.times) throw new RecsInputError('A last:N holdout needs a time column to tell which interactions are the last; name one with --time, or hold out at random (random:0.2).');
  } else if (!(spec.fraction > 0 && spec.fraction < 1)) throw new RecsInputError(`random:F holds out a fraction of each user's interactions, between 0 and 1 (e.g. 0.2), not ${spec.fraction}.`);
  const r = rng(seed);
  const nnz = byUser.indices.length;
  const held = new Uint8Array(nnz);
  let users = 0;
  for (let u = 0; u < byUser.rows; u++) {
    const a = byUser.indptr[u]!;
    const n = byUser.indptr[u + 1]! - a;
    if (n < 2) continue;
    if (spec.kind === 'last') {
      const h = Math.min(spec.n, n - 1);
      // Latest first; the same time goes to the higher item index, so the order is total.
      const order = Array.from({ length: n }, (_, k) => a + k).sort((x, y) => byUser.times![y]! - byUser.times![x]! || byUser.indices[y]! - byUser.indices[x]!);
      for (let k = 0; k < h; k++) held[order[k]!] = 1;
    } else {
      const h = Math.min(n - 1, Math.max(1, Math.round(spec.fraction * n)));
      // Partial Fisher–Yates over the user's positions.
      const pos = Int32Array.from({ length: n }, (_, k) => a + k);
      for (let k = 0; k < h; k++) {
        const j = k + r.int(n - k);
        const t = pos[k]!;
        pos[k] = pos[j]!;
        pos[j] = t;
        held[pos[k]!] = 1;
      }
    }
    users++;
  }
  if (users === 0) {
    throw new RecsInputError(
      'Nothing can be held out: every user has a single interaction, and holding it out would leave them no history to recommend from. Evaluation needs users with at least two interactions; train without evaluation, or add more history.',
    );
  }
  return { train: withEntries(m, pick(byUser, held, 0)), test: pick(byUser, held, 1), users };
}

function pick(m: Csr, held: Uint8Array, want: 0 | 1): Csr {
  let n = 0;
  for (const h of held) if (h === want) n++;
  const r = new Int32Array(n);
  const c = new Int32Array(n);
  const v = new Float64Array(n);
  const t = m.times ? new Float64Array(n) : null;
  let o = 0;
  for (let u = 0; u < m.rows; u++) {
    for (let k = m.indptr[u]!; k < m.indptr[u + 1]!; k++) {
      if (held[k] !== want) continue;
      r[o] = u;
      c[o] = m.indices[k]!;
      v[o] = m.data[k]!;
      if (t) t[o] = m.times![k]!;
      o++;
    }
  }
  return csrFromTriples(m.rows, m.cols, r, c, v, t);
}

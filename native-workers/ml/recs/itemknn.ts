import { RecsInputError } from './errors';
import { sortedIndexOf } from './csr';
import type { InteractionMatrix } from './interactions';
import { noStep, type TrainStep, type UserQuery } from './query';
import { topK } from './topk';

export interface ItemKnnParams {
  /** Neighbours kept per item (default 50). */
  readonly neighbours?: number;
  /** Added to the cosine's denominator, so a similarity from few shared users counts less (default 10). */
  readonly shrinkage?: number;
}

export interface ItemKnnModel {
  readonly kind: 'itemknn';
  readonly itemIds: readonly string[];
  readonly popularity: Float64Array;
  readonly neighbours: number;
  readonly shrinkage: number;
  /** Item i's neighbours are indices[indptr[i]..indptr[i+1]) (sorted by item) with their similarities in sims. */
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly sims: Float64Array;
}

/**
 * Item–item cosine with shrinkage, sim(i, j) = i·j / (‖i‖‖j‖ + shrinkage), over the items'
 * user columns (weights as given), keeping each item's top-N neighbours. The co-occurrences of
 * one item are gathered in a dense accumulator through its users' rows: Σ_u n_u² work in all.
 */
export async function trainItemKnn(m: InteractionMatrix, popularity: Float64Array, params: ItemKnnParams = {}, step: TrainStep = noStep): Promise<ItemKnnModel> {
  const n = params.neighbours ?? 50;
  const shrink = params.shrinkage ?? 10;
  if (!(Number.isInteger(n) && n >= 1)) throw new RecsInputError(`neighbours must be a whole number of at least 1, not ${n}.`);
  if (!(shrink >= 0)) throw new RecsInputError(`shrinkage must be zero or more, not ${shrink}.`);
  const { byItem, byUser } = m;
  const items = byItem.rows;
  const norms = new Float64Array(items);
  for (let i = 0; i < items; i++) {
    let s = 0;
    for (let k = byItem.indptr[i]!; k < byItem.indptr[i + 1]!; k++) s += byItem.data[k]! * byItem.data[k]!;
    norms[i] = Math.sqrt(s);
  }
  const acc = new Float64Array(items);
  const touched = new Int32Array(items);
  const seen = new Uint8Array(items);
  const indptr = new Int32Array(items + 1);
  let indices = new Int32Array(Math.min(items * n, 1 << 20));
  let sims = new Float64Array(indices.length);
  let out = 0;
  for (let i = 0; i < items; i++) {
    let nt = 0;
    for (let k = byItem.indptr[i]!; k < byItem.indptr[i + 1]!; k++) {
      const u = byItem.indices[k]!;
      const wi = byItem.data[k]!;
      for (let q = byUser.indptr[u]!; q < byUser.indptr[u + 1]!; q++) {
        const j = byUser.indices[q]!;
        if (j === i) continue;
        if (!seen[j]) {
          seen[j] = 1;
          touched[nt++] = j;
        }
        acc[j]! += wi * byUser.data[q]!;
      }
    }
    for (let t = 0; t < nt; t++) {
      const j = touched[t]!;
      acc[j] = acc[j]! / (norms[i]! * norms[j]! + shrink);
    }
    const best = topK(acc, n, null, touched.subarray(0, nt));
    for (let t = 0; t < nt; t++) {
      acc[touched[t]!] = 0;
      seen[touched[t]!] = 0;
    }
    if (out + best.items.length > indices.length) {
      const grown = Math.max(indices.length * 2, out + best.items.length);
      const gi = new Int32Array(grown);
      gi.set(indices);
      indices = gi;
      const gs = new Float64Array(grown);
      gs.set(sims);
      sims = gs;
    }
    const order = Array.from(best.items.keys()).sort((a, b) => best.items[a]! - best.items[b]!);
    for (const o of order) {
      indices[out] = best.items[o]!;
      sims[out++] = best.scores[o]!;
    }
    indptr[i + 1] = out;
    if ((i & 1023) === 1023) await step(i + 1, items, `${i + 1} of ${items} items`);
  }
  return { kind: 'itemknn', itemIds: m.itemIds, popularity, neighbours: n, shrinkage: shrink, indptr, indices: indices.slice(0, out), sims: sims.slice(0, out) };
}

/** score[j] = Σ over history items h of weight_h · sim(h, j). */
export function scoreItemKnn(model: ItemKnnModel, q: UserQuery, out: Float64Array): void {
  out.fill(0);
  for (let h = 0; h < q.items.length; h++) {
    const i = q.items[h]!;
    const w = q.weights[h]!;
    for (let k = model.indptr[i]!; k < model.indptr[i + 1]!; k++) out[model.indices[k]!]! += w * model.sims[k]!;
  }
}

/** sim(h, j) from h's neighbour list (0 when j is not among them). */
export function knnSimilarity(model: ItemKnnModel, h: number, j: number): number {
  const at = sortedIndexOf(model.indices, model.indptr[h]!, model.indptr[h + 1]!, j);
  return at < 0 ? 0 : model.sims[at]!;
}

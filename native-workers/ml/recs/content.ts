/**
 * Content-based: each item's metadata as a sparse TF-IDF vector (a categorical value is one
 * feature "column=value", a text column its lower-cased word tokens, a numeric column its
 * power-of-two bucket), L2-normalised; a user's profile is the weighted sum of their history's
 * vectors, and an item's score is its cosine with that profile. Items with metadata but no
 * interactions are recommended like any other: this is the model for cold-start items.
 */
import { RecsInputError } from './errors';
import type { Cell } from '../../../preload/contract/types';
import { csrFromTriples, transpose, type Csr } from './csr';
import type { UserQuery } from './query';

export interface MetadataColumn {
  readonly name: string;
  readonly kind: 'categorical' | 'text' | 'numeric';
  readonly values: readonly Cell[];
}

/** An item-metadata dataset: one row per item, `keys` naming the item as the interactions do. */
export interface ItemMetadata {
  readonly keys: readonly Cell[];
  readonly columns: readonly MetadataColumn[];
}

export interface ContentModel {
  readonly kind: 'content';
  readonly itemIds: readonly string[];
  readonly popularity: Float64Array;
  readonly features: readonly string[];
  /** items × features, each row L2-normalised. */
  readonly itemFeatures: Csr;
  /** features × items (the same entries by feature, to score through a profile's features only). */
  readonly featureItems: Csr;
  /** Items with no metadata row. */
  readonly missing: number;
}

function tokens(kind: MetadataColumn['kind'], name: string, cell: Cell): string[] {
  if (cell === null || (typeof cell === 'string' && cell.trim() === '')) return [];
  if (kind === 'categorical') return [`${name}=${String(cell).trim()}`];
  if (kind === 'numeric') {
    const x = typeof cell === 'number' ? cell : Number(cell);
    return Number.isFinite(x) ? [`${name}~${x <= 0 ? 0 : Math.floor(Math.log2(1 + x))}`] : [];
  }
  return (String(cell).toLowerCase().match(/[\p{L}\p{N}]{2,}/gu) ?? []).map((t) => `${name}:${t}`);
}

export function trainContent(itemIds: readonly string[], popularity: Float64Array, meta: ItemMetadata): ContentModel {
  if (meta.columns.length === 0) throw new RecsInputError('The item metadata has no columns to describe items by: pick categorical or text columns besides the key.');
  const itemIndex = new Map<string, number>();
  itemIds.forEach((id, i) => itemIndex.set(id, i));
  const featureIndex = new Map<string, number>();
  const features: string[] = [];
  const rows: number[] = [];
  const cols: number[] = [];
  const counts: number[] = [];
  const described = new Uint8Array(itemIds.length);
  for (let r = 0; r < meta.keys.length; r++) {
    const cell = meta.keys[r] ?? null;
    const item = cell === null ? undefined : itemIndex.get(typeof cell === 'number' ? String(cell) : cell.trim());
    if (item === undefined || described[item]) continue;
    described[item] = 1;
    const tf = new Map<number, number>();
    for (const c of meta.columns) {
      for (const t of tokens(c.kind, c.name, c.values[r] ?? null)) {
        let fi = featureIndex.get(t);
        if (fi === undefined) {
          fi = features.length;
          features.push(t);
          featureIndex.set(t, fi);
        }
        tf.set(fi, (tf.get(fi) ?? 0) + 1);
      }
    }
    for (const [fi, n] of tf) {
      rows.push(item);
      cols.push(fi);
      counts.push(n);
    }
  }
  const df = new Float64Array(features.length);
  for (const c of cols) df[c]!++;
  const docs = described.reduce((a, b) => a + b, 0);
  // sklearn's smooth idf: ln((1 + n) / (1 + df)) + 1.
  const values = Float64Array.from(counts, (n, k) => n * (Math.log((1 + docs) / (1 + df[cols[k]!]!)) + 1));
  const itemFeatures = csrFromTriples(itemIds.length, features.length, Int32Array.from(rows), Int32Array.from(cols), values, null);
  for (let i = 0; i < itemFeatures.rows; i++) {
    let s = 0;
    for (let k = itemFeatures.indptr[i]!; k < itemFeatures.indptr[i + 1]!; k++) s += itemFeatures.data[k]! ** 2;
    const norm = Math.sqrt(s);
    for (let k = itemFeatures.indptr[i]!; k < itemFeatures.indptr[i + 1]!; k++) itemFeatures.data[k] = itemFeatures.data[k]! / norm;
  }
  return { kind: 'content', itemIds, popularity, features, itemFeatures, featureItems: transpose(itemFeatures), missing: itemIds.length - docs };
}

/** score[j] = cos(profile, v_j), profile = Σ weight_h · v_h over the history. */
export function scoreContent(model: ContentModel, q: UserQuery, out: Float64Array): void {
  out.fill(0);
  const { itemFeatures: v, featureItems: t } = model;
  const profile = new Map<number, number>();
  for (let h = 0; h < q.items.length; h++) {
    const i = q.items[h]!;
    for (let k = v.indptr[i]!; k < v.indptr[i + 1]!; k++) profile.set(v.indices[k]!, (profile.get(v.indices[k]!) ?? 0) + q.weights[h]! * v.data[k]!);
  }
  let norm = 0;
  for (const w of profile.values()) norm += w * w;
  if (norm === 0) return;
  const scale = 1 / Math.sqrt(norm);
  for (const [fi, w] of profile) {
    const s = w * scale;
    for (let k = t.indptr[fi]!; k < t.indptr[fi + 1]!; k++) out[t.indices[k]!]! += s * t.data[k]!;
  }
}

/** cos(v_a, v_b) of two items. */
export function contentSimilarity(model: ContentModel, a: number, b: number): number {
  const v = model.itemFeatures;
  let i = v.indptr[a]!;
  let j = v.indptr[b]!;
  let s = 0;
  while (i < v.indptr[a + 1]! && j < v.indptr[b + 1]!) {
    if (v.indices[i] === v.indices[j]) s += v.data[i++]! * v.data[j++]!;
    else if (v.indices[i]! < v.indices[j]!) i++;
    else j++;
  }
  return s;
}

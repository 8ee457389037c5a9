import { describe, expect, it } from 'vitest';
import type { Cell } from '../../../preload/contract/types';
import { cases } from '../../../main/host/testing';
import { contentSimilarity, scoreContent, trainContent, type ItemMetadata, type MetadataColumn } from './content';
import golden from './fixtures/content-golden.json';

// fixtures/make-content-golden.py: scikit-learn's TfidfVectorizer over the documented tokens.
const rows = golden.rows as Cell[][];
const meta: ItemMetadata = {
  keys: rows.map((r) => r[0] ?? null),
  columns: golden.columns.map((c, k) => ({ name: c.name, kind: c.kind as MetadataColumn['kind'], values: rows.map((r) => r[k + 1] ?? null) })),
};
// Trained in each test, not as the module loads: mutation runs switch a mutant on per test, after the imports.
const train = () => trainContent(golden.itemIds, new Float64Array(golden.itemIds.length), meta);
const vectors = golden.vectors as Record<string, Record<string, number>>;

describe('content model against scikit-learn TF-IDF', () => {
  it('has the same features and the same L2-normalised TF-IDF vector per item', () => {
    const model = train();
    expect([...model.features].sort()).toEqual(cases(golden.features, 'features'));
    expect(model.missing).toBe(golden.missing);
    for (const [i, id] of golden.itemIds.entries()) {
      const got: Record<string, number> = {};
      for (let k = model.itemFeatures.indptr[i]!; k < model.itemFeatures.indptr[i + 1]!; k++) got[model.features[model.itemFeatures.indices[k]!]!] = model.itemFeatures.data[k]!;
      expect(Object.keys(got).sort(), id).toEqual(Object.keys(vectors[id]!).sort());
      for (const [f, v] of Object.entries(vectors[id]!)) expect(got[f], `${id} ${f}`).toBeCloseTo(v, 12);
    }
  });

  it('scores a history by the cosine of each item with its weighted profile', () => {
    const model = train();
    const out = new Float64Array(golden.itemIds.length);
    for (const h of cases(golden.histories, 'histories')) {
      out.fill(7);
      scoreContent(model, { user: null, items: Int32Array.from(h.items), weights: Float64Array.from(h.weights) }, out);
      for (let j = 0; j < out.length; j++) expect(out[j], `history ${h.items} item ${golden.itemIds[j]}`).toBeCloseTo(h.scores[j]!, 12);
    }
  });

  it('gives the cosine of two items', () => {
    const model = train();
    for (const [a, row] of cases(golden.similarity, 'similarity rows').entries()) {
      for (const [b, s] of row.entries()) expect(contentSimilarity(model, a, b), `${a}, ${b}`).toBeCloseTo(s, 12);
    }
  });

  it('keeps the features by item and by feature in step', () => {
    const model = train();
    const { itemFeatures: v, featureItems: t } = model;
    expect(t.rows).toBe(model.features.length);
    expect(t.cols).toBe(golden.itemIds.length);
    for (let f = 0; f < t.rows; f++) {
      for (let k = t.indptr[f]!; k < t.indptr[f + 1]!; k++) {
        const i = t.indices[k]!;
        const at = Array.from(v.indices.subarray(v.indptr[i]!, v.indptr[i + 1]!)).indexOf(f);
        expect(v.data[v.indptr[i]! + at]).toBe(t.data[k]);
      }
    }
  });

  it('refuses metadata with no columns', () => {
    expect(() => trainContent(['a'], new Float64Array(1), { keys: ['a'], columns: [] })).toThrow(/no columns to describe items by/);
  });
});

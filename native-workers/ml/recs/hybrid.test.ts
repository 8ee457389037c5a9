import { describe, expect, it } from 'vitest';
import { scoreAls } from './als';
import { scoreContent, type ItemMetadata } from './content';
import type { HybridModel } from './hybrid';
import { scoreHybrid } from './hybrid';
import { buildInteractions } from './interactions';
import { trainModel } from './model';
import { plantedInteractions } from './planted';
import { queryOf, type UserQuery } from './query';

const planted = plantedInteractions({ users: 120, items: 30, groups: 3, perUser: 6, noise: 0.1, seed: 8 });
// "cold" has metadata but no interactions.
const matrix = buildInteractions({ users: planted.users, items: planted.items }, { feedback: 'implicit', extraItems: ['cold'] });
const metadata: ItemMetadata = {
  keys: [...matrix.itemIds],
  columns: [{ name: 'group', kind: 'categorical', values: matrix.itemIds.map((id) => (id === 'cold' ? 'g1' : `g${planted.groupOf(id)}`)) }],
};
const model = (await trainModel('hybrid', matrix, { factors: 4, iterations: 3, contentShrink: 2 }, 1, metadata)) as HybridModel;

/** Mean 0, standard deviation 1 over the catalogue (0 everywhere when all equal). */
function standardised(v: Float64Array): number[] {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
  return Array.from(v, (x) => (sd > 0 ? (x - mean) / sd : 0));
}

function parts(q: UserQuery): { als: number[]; content: number[] } {
  const als = new Float64Array(matrix.itemIds.length);
  const content = new Float64Array(matrix.itemIds.length);
  scoreAls(model.collaborative, q, als);
  scoreContent(model.content, q, content);
  return { als: standardised(als), content: standardised(content) };
}

describe('hybrid scores', () => {
  it('blend the standardised parts with content weight shrink / (shrink + history), and score an item nobody had by content alone', () => {
    expect(model.contentShrink).toBe(2);
    const cold = matrix.itemIds.indexOf('cold');
    expect(model.popularity[cold]).toBe(0);
    for (const u of [0, 5, 17]) {
      const q = queryOf(matrix.byUser, u);
      const { als, content } = parts(q);
      const wc = 2 / (2 + q.items.length);
      const out = new Float64Array(matrix.itemIds.length);
      scoreHybrid(model, q, out);
      for (let j = 0; j < out.length; j++) {
        expect(out[j], `user ${u} item ${j}`).toBeCloseTo(j === cold ? content[j]! : (1 - wc) * als[j]! + wc * content[j]!, 12);
      }
    }
  });

  it('is all content for someone with no history, and all zero when neither part tells items apart', () => {
    const none: UserQuery = { user: null, items: new Int32Array(0), weights: new Float64Array(0) };
    const out = new Float64Array(matrix.itemIds.length);
    scoreHybrid(model, none, out);
    // No history: content scores are all 0, so standardised they are 0; wc = 1 keeps nothing of ALS.
    expect(Array.from(out)).toEqual(new Array(out.length).fill(0));
    const stranger: UserQuery = { user: null, items: Int32Array.from([matrix.itemIds.indexOf('cold')]), weights: Float64Array.from([1]) };
    scoreHybrid(model, stranger, out);
    const { als, content } = parts(stranger);
    const wc = 2 / 3;
    for (let j = 0; j < out.length; j++) expect(out[j]).toBeCloseTo(model.popularity[j]! > 0 ? (1 - wc) * als[j]! + wc * content[j]! : content[j]!, 12);
    // The cold item's own group ranks first.
    const best = Array.from(out.keys()).sort((a, b) => out[b]! - out[a]!)[0]!;
    expect(metadata.columns[0]!.values[best]).toBe('g1');
  });

  it('defaults contentShrink to 5', async () => {
    const m = (await trainModel('hybrid', matrix, { factors: 2, iterations: 1 }, 1, metadata)) as HybridModel;
    expect(m.contentShrink).toBe(5);
  });
});

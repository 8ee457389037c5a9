import { describe, expect, it } from 'vitest';
import { randomFactors } from './als';
import { bprUser, scoreBpr, trainBpr, type BprModel } from './bpr';
import { buildInteractions, type InteractionMatrix } from './interactions';
import { plantedInteractions } from './planted';
import { itemPopularity } from './popular';
import { queryOf } from './query';

const planted = plantedInteractions({ users: 150, items: 40, groups: 4, perUser: 8, noise: 0.05, seed: 21 });
// "all" has had every item: no negative can be drawn for them, so their factors never move.
const allItems = [...new Set(planted.items)];
const matrix = buildInteractions({ users: [...planted.users, ...allItems.map(() => 'all')], items: [...planted.items, ...allItems] }, { feedback: 'implicit' });
const train = (params = {}, m: InteractionMatrix = matrix) => trainBpr(m, itemPopularity(m), { factors: 8, ...params });

/** x_ui for every (user, item they had, item they did not): the share ranked right, BPR's objective as an AUC. */
function trainingAuc(model: BprModel, m: InteractionMatrix): number {
  let right = 0;
  let pairs = 0;
  const scores = new Float64Array(m.itemIds.length);
  for (let u = 0; u < m.byUser.rows; u++) {
    const q = queryOf(m.byUser, u);
    if (q.items.length === m.itemIds.length) continue;
    scoreBpr(model, q, scores);
    const had = new Set(q.items);
    for (const i of had) {
      for (let j = 0; j < scores.length; j++) {
        if (had.has(j)) continue;
        pairs++;
        if (scores[i]! > scores[j]!) right++;
      }
    }
  }
  return right / pairs;
}

describe('BPR', () => {
  it('learns to rank what each user had above what they did not, and more passes learn more', async () => {
    const one = await train({ iterations: 1, learningRate: 0.05 });
    const many = await train({ iterations: 30 });
    const start = trainingAuc({ ...one, userFactors: randomFactors(matrix.userIds.length, 8, 0), itemFactors: randomFactors(matrix.itemIds.length, 8, 1), itemBias: new Float64Array(matrix.itemIds.length) }, matrix);
    expect(start).toBeGreaterThan(0.35);
    expect(start).toBeLessThan(0.65);
    expect(trainingAuc(one, matrix)).toBeGreaterThan(start + 0.1);
    expect(trainingAuc(many, matrix)).toBeGreaterThan(0.97);
    expect(trainingAuc(many, matrix)).toBeGreaterThan(trainingAuc(one, matrix));
  });

  it('leaves a user with no possible negative where they started, and regularisation pulls factors in', async () => {
    const model = await train({ iterations: 3 });
    const u = matrix.userIds.indexOf('all');
    expect(Array.from(model.userFactors.subarray(u * 8, (u + 1) * 8))).toEqual(Array.from(randomFactors(matrix.userIds.length, 8, 0).subarray(u * 8, (u + 1) * 8)));
    const norm = (v: Float64Array) => Math.sqrt(v.reduce((a, x) => a + x * x, 0));
    const loose = await train({ iterations: 10, regularization: 0 });
    // Without regularisation each step moves the positive's bias up and the negative's down by the same amount:
    // the biases keep summing to 0.
    expect(Math.abs(loose.itemBias.reduce((a, b) => a + b, 0))).toBeLessThan(1e-9);
    expect(loose.itemBias.some((b) => Math.abs(b) > 0.1)).toBe(true);
    const tight = await train({ iterations: 10, regularization: 0.1 });
    expect(norm(tight.itemFactors)).toBeLessThan(0.5 * norm(loose.itemFactors));
    expect(norm(tight.userFactors)).toBeLessThan(0.8 * norm(loose.userFactors));
    expect(norm(tight.itemBias)).toBeLessThan(0.9 * norm(loose.itemBias));
  });

  it('is the same for a seed and differs between seeds', async () => {
    const a = await train({ iterations: 2, seed: 4 });
    expect(await train({ iterations: 2, seed: 4 })).toEqual(a);
    const b = await train({ iterations: 2, seed: 5 });
    expect(Array.from(b.itemFactors)).not.toEqual(Array.from(a.itemFactors));
    expect(Array.from(b.itemBias)).not.toEqual(Array.from(a.itemBias));
    expect(a).toMatchObject({ kind: 'bpr', factors: 8, itemIds: matrix.itemIds, userIds: matrix.userIds });
  });

  it('scores a known user with their factors, and anyone else with the weighted mean of their history\'s items', async () => {
    const model = await train({ iterations: 2 });
    const f = 8;
    const dot = (u: ArrayLike<number>, j: number) => Array.from({ length: f }, (_, a) => u[a]! * model.itemFactors[j * f + a]!).reduce((s, x) => s + x, 0) + model.itemBias[j]!;
    const out = new Float64Array(matrix.itemIds.length);
    const known = queryOf(matrix.byUser, 3);
    scoreBpr(model, known, out);
    for (let j = 0; j < out.length; j++) expect(out[j]).toBeCloseTo(dot(model.userFactors.subarray(3 * f, 4 * f), j), 12);
    const stranger = { user: null, items: Int32Array.from([2, 7]), weights: Float64Array.from([1, 3]) };
    const mean = Array.from({ length: f }, (_, a) => (model.itemFactors[2 * f + a]! + 3 * model.itemFactors[7 * f + a]!) / 4);
    for (let a = 0; a < f; a++) expect(bprUser(model, stranger)[a]).toBeCloseTo(mean[a]!, 14);
    // An index past the trained users is a stranger too; an empty history gives zero factors (scores = biases).
    expect(Array.from(bprUser(model, { ...stranger, user: matrix.userIds.length }))).toEqual(Array.from(bprUser(model, stranger)));
    expect(Array.from(bprUser(model, { user: null, items: new Int32Array(0), weights: new Float64Array(0) }))).toEqual(new Array(f).fill(0));
  });

  it('reports each pass, and refuses bad parameters saying what is allowed', async () => {
    const steps: string[] = [];
    await trainBpr(matrix, itemPopularity(matrix), { factors: 2, iterations: 3 }, (done, total, detail) => {
      steps.push(`${done}/${total} ${detail}`);
      return Promise.resolve();
    });
    expect(steps).toEqual(['1/3 pass 1 of 3', '2/3 pass 2 of 3', '3/3 pass 3 of 3']);
    await expect(train({ factors: 0 })).rejects.toThrow('factors must be a whole number of at least 1, not 0.');
    await expect(train({ factors: 2.5 })).rejects.toThrow('factors must be a whole number of at least 1, not 2.5.');
    await expect(train({ iterations: 0 })).rejects.toThrow('iterations must be a whole number of at least 1, not 0.');
    await expect(train({ learningRate: 0 })).rejects.toThrow('learningRate must be above zero, not 0.');
    await expect(train({ regularization: -0.1 })).rejects.toThrow('regularization must be zero or more, not -0.1.');
    await expect(train({ regularization: 0 })).resolves.toMatchObject({ kind: 'bpr' });
  });
});

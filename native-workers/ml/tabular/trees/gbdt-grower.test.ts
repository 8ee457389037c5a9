import { describe, expect, it } from 'vitest';
import { matrix, type Matrix } from '../matrix';
import type { FitOptions } from '../model';
import { rng } from '../rng';
import { drawSorted } from './sampling';
import type { BinnedMatrix } from './binning';
import { GradientBoosting, type GbdtParams, type TreeGrower } from './gbdt';
import type { GpuGrowOptions, GpuGrownTree } from './gpu/grower';
import { TreeWorkspace } from './grow';
import { SequentialHistogramBuilder } from './histogram';

/**
 * The asynchronous path of fit() (the one the WebGPU grower takes, runtime/gpu-trees.test.ts, in a child
 * process that mutation runs cannot reach): here each tree is grown by the CPU workspace behind the
 * grower's interface, answering with the leaf of every row as the GPU grower does, so the fit must be
 * the synchronous fit's, tree for tree.
 */
class CpuBehindGrower implements TreeGrower {
  private ws: TreeWorkspace | null = null;
  trees = 0;
  destroyed = 0;
  /** Each tree's rows (null: all) and features, as boosting asked. */
  readonly asked: { rows: number[] | null; features: number[] }[] = [];

  constructor(private readonly binned: BinnedMatrix) {}

  async grow(gh: Float64Array, rows: Int32Array | null, opts: GpuGrowOptions, gain: Float64Array): Promise<GpuGrownTree> {
    // Boosting hands the same gradient array every time, as the CPU learner's workspace expects.
    this.ws ??= new TreeWorkspace(this.binned, gh, 2, new SequentialHistogramBuilder(), true);
    const ws = this.ws;
    this.asked.push({ rows: rows && Array.from(rows), features: Array.from(opts.features) });
    const n = this.binned.rows;
    if (rows) ws.rows.set(rows);
    else for (let i = 0; i < n; i++) ws.rows[i] = i;
    const grown = ws.grow(rows ? rows.length : n, opts, gain);
    const leafOfRow = new Int32Array(n).fill(-1);
    for (let node = 0; node < grown.tree.feature.length; node++) {
      if (grown.tree.feature[node]! >= 0) continue;
      for (let p = grown.nodeStart[node]!; p < grown.nodeEnd[node]!; p++) leafOfRow[ws.rows[p]!] = node;
    }
    this.trees++;
    await Promise.resolve();
    return { tree: grown.tree, splitBin: grown.splitBin, leafOfRow };
  }

  destroy(): void {
    this.destroyed++;
  }
}

function data(n: number, seed: number, classes: number): { X: Matrix; y: Float64Array } {
  const r = rng(seed);
  const X = matrix(n, 3);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < 3; j++) X.data[3 * i + j] = i % 11 === j ? NaN : r.normal();
    const s = (X.data[3 * i] || 0) + 0.5 * (X.data[3 * i + 1] || 0) + 0.3 * r.normal();
    y[i] = classes === 1 ? s : Math.min(classes - 1, Math.max(0, Math.floor(s + classes / 2)));
  }
  return { X, y };
}

async function both(params: GbdtParams, d: { X: Matrix; y: Float64Array }, opts: FitOptions): Promise<{ sync: GradientBoosting; async: GradientBoosting; growers: CpuBehindGrower[] }> {
  const sync = new GradientBoosting(params);
  sync.fit(d.X, d.y, opts);
  const growers: CpuBehindGrower[] = [];
  const makeGrower = async (binned: BinnedMatrix): Promise<TreeGrower> => {
    const g = new CpuBehindGrower(binned);
    growers.push(g);
    return g;
  };
  const async = new GradientBoosting(params, { gpu: { makeGrower } });
  const pending = async.fit(d.X, d.y, opts);
  expect(pending).toBeInstanceOf(Promise);
  await pending;
  return { sync, async, growers };
}

describe('GradientBoosting through an asynchronous grower', () => {
  const cases: [string, GbdtParams, number, FitOptions['task']][] = [
    ['regression', { nRounds: 4, maxDepth: 3 }, 1, 'regression'],
    // Every row ends in the root, which is leaf 0 (its value is not 0 on half the rows: their gradients do not cancel).
    ['regression with trees of one leaf', { nRounds: 2, minChildWeight: 1000, subsample: 0.5 }, 1, 'regression'],
    ['binary with rows and features drawn', { nRounds: 5, maxDepth: 3, subsample: 0.6, colsample: 2 / 3 }, 2, 'binary'],
    ['multiclass with rows drawn', { nRounds: 3, maxDepth: 2, subsample: 0.5, learningRate: 0.5 }, 3, 'multiclass'],
  ];
  for (const [name, params, classes, task] of cases) {
    it(`${name}: the same model as the synchronous fit, one grower made and destroyed`, async () => {
      const d = data(150, classes, classes);
      const { sync, async, growers } = await both(params, d, { task, nClasses: classes, seed: 7 });
      expect(async.toJSON()).toEqual(sync.toJSON());
      expect(async.predict(d.X)).toEqual(sync.predict(d.X));
      expect(growers.length).toBe(1);
      expect(growers[0]!.trees).toBe(sync.toJSON().trees.length);
      expect(growers[0]!.destroyed).toBe(1);
    });
  }

  it('stops early on the same round, and destroys the grower when a checkpoint cancels the fit', async () => {
    const d = data(200, 4, 1);
    const val = data(80, 5, 1);
    const params = { nRounds: 60, maxDepth: 3, learningRate: 0.5, nIterNoChange: 3 };
    const { sync, async } = await both(params, d, { task: 'regression', nClasses: 1, seed: 1, earlyStopping: val });
    expect(async.nRoundsKept).toBeLessThan(60);
    expect(async.toJSON()).toEqual(sync.toJSON());

    const growers: CpuBehindGrower[] = [];
    const m = new GradientBoosting(params, { gpu: { makeGrower: async (b) => (growers.push(new CpuBehindGrower(b)), growers[0]!) } });
    let rounds = 0;
    const cancel = (): void => {
      if (++rounds === 2) throw new Error('cancelled');
    };
    await expect(m.fit(d.X, d.y, { task: 'regression', nClasses: 1, seed: 1, checkpoint: cancel })).rejects.toThrow('cancelled');
    expect(growers.length).toBe(1);
    expect(growers[0]!.trees).toBe(2);
    expect(growers[0]!.destroyed).toBe(1);
  });

  it('draws each round’s rows, then each tree’s features, from the one seeded stream, only what is asked', async () => {
    const d = data(60, 6, 3);
    for (const [subsample, colsample] of [[0.5, 1], [1, 2 / 3], [0.5, 1 / 3], [1, 1]] as const) {
      const { async, growers } = await both({ nRounds: 3, maxDepth: 2, subsample, colsample }, d, { task: 'multiclass', nClasses: 3, seed: 11 });
      const r = rng(11);
      const expected: { rows: number[] | null; features: number[] }[] = [];
      for (let round = 0; round < 3; round++) {
        const rows = subsample < 1 ? Array.from(drawSorted(60, Math.round(subsample * 60), r)) : null;
        for (let k = 0; k < 3; k++) expected.push({ rows, features: colsample < 1 ? Array.from(drawSorted(3, Math.round(colsample * 3), r)) : [0, 1, 2] });
      }
      expect(growers[0]!.asked, `subsample ${subsample}, colsample ${colsample}`).toEqual(expected);
      expect(async.nRoundsKept).toBe(3);
    }
  });

  it('rejects with the input’s own error when the fit fails before any tree is grown', async () => {
    const d = data(20, 1, 1);
    let made = 0;
    const m = new GradientBoosting({ nRounds: 2 }, { gpu: { makeGrower: async (b) => (made++, new CpuBehindGrower(b)) } });
    await expect(m.fit(d.X, d.y.subarray(1), { task: 'regression', nClasses: 1, seed: 0 })).rejects.toThrow('X has 20 rows but y has 19.');
    expect(made).toBe(0);
  });
});

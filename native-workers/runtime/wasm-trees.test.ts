import { build } from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileKernels as compileToFile } from '../../build-kernels.mjs';
import { matrix, takeRows, type Matrix } from '../ml/tabular/matrix';
import type { FitOptions } from '../ml/tabular/model';
import { rng } from '../ml/tabular/rng';
import { churnDataset } from '../ml/tabular/trees/fixtures/datasets';
import { GradientBoosting, type GbdtParams } from '../ml/tabular/trees/gbdt';
import { compileKernels, jobTreeBuilder, WasmTreeBuilder } from './wasm-trees';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-wasm-trees-'));
const wasmFile = path.join(dir, 'gbdt-kernels.wasm');
const workerFile = path.join(dir, 'wasm-histogram-thread.js');
const churn = churnDataset(fs.readFileSync(path.resolve(__dirname, '../../../shared/data/mlc_churn.csv'), 'utf8'));
let module: WebAssembly.Module;

beforeAll(async () => {
  delete process.env.ASSAY_GBDT_THREADS;
  await compileToFile(wasmFile);
  await build({ entryPoints: [path.join(__dirname, 'wasm-histogram-thread.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: workerFile, logLevel: 'warning' });
  const m = compileKernels(wasmFile);
  if (typeof m === 'string') throw new Error(m);
  module = m;
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Fits with the JS loops and with the wasm kernels (optionally a histogram thread beside): the same trees, exactly. */
function expectSameTrees(X: Matrix, y: Float64Array, params: GbdtParams, opts: FitOptions, builder: WasmTreeBuilder): void {
  const wasm = new GradientBoosting(params, { histogramBuilder: builder });
  const js = new GradientBoosting(params);
  wasm.fit(X, y, opts);
  js.fit(X, y, opts);
  expect(wasm.toJSON()).toEqual(js.toJSON());
  const probe = takeRows(X, Array.from({ length: Math.min(X.rows, 400) }, (_, i) => (i * 7) % X.rows));
  expect(wasm.predict(probe)).toEqual(js.predict(probe));
}

/** A 5-class table with signal in a few features and missing values in one. */
function multiclass(rows: number, cols: number): { X: Matrix; y: Float64Array } {
  const r = rng(11);
  const data = new Float64Array(rows * cols);
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let f = 0; f < cols; f++) data[i * cols + f] = f === 3 && r.next() < 0.1 ? NaN : r.normal();
    const s = data[i * cols]! + 0.5 * data[i * cols + 1]! * data[i * cols + 2]!;
    y[i] = Math.min(4, Math.max(0, Math.floor(s + 2.5 + 0.3 * r.normal())));
  }
  return { X: matrix(rows, cols, data), y };
}

describe('WasmTreeBuilder (WebAssembly SIMD kernels)', () => {
  it('grows the same trees as the JS loops: binary churn, with row and column sampling', () => {
    const b = new WasmTreeBuilder(module);
    expectSameTrees(churn.X, churn.y, { nRounds: 20 }, { task: 'binary', nClasses: 2, seed: 3 }, b);
    // The same builder again (its memory reused): subsampled roots are gathered by the kernels.
    expectSameTrees(churn.X, churn.y, { nRounds: 20, subsample: 0.7, colsample: 0.8, maxDepth: 4 }, { task: 'binary', nClasses: 2, seed: 4 }, b);
  });

  it('grows the same trees for multiclass and regression, with missing values and more features than a pass takes', () => {
    const { X, y } = multiclass(3000, 37);
    expectSameTrees(X, y, { nRounds: 6, maxDepth: 5 }, { task: 'multiclass', nClasses: 5, seed: 1 }, new WasmTreeBuilder(module, { group: 8 }));
    expectSameTrees(X, y, { nRounds: 8, subsample: 0.5 }, { task: 'regression', nClasses: 1, seed: 2 }, new WasmTreeBuilder(module));
  });

  it('grows the same trees with no L2 penalty and no minimum child weight, where nodes lack a feature’s top values', () => {
    // Few-valued features leave deep nodes without their top bins: neither search may split off an empty child.
    const r = rng(5);
    const n = 400;
    const X = matrix(n, 3);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      for (let f = 0; f < 3; f++) X.data[i * 3 + f] = f === 0 && r.next() < 0.2 ? NaN : r.int(3 + 2 * f);
      y[i] = r.next() + 0.3 * X.data[i * 3 + 1]!;
    }
    const params = { nRounds: 4, maxDepth: 6, lambda: 0, minChildWeight: 0 };
    expectSameTrees(X, y, params, { task: 'regression', nClasses: 1, seed: 6 }, new WasmTreeBuilder(module));
    const m = new GradientBoosting(params, { histogramBuilder: new WasmTreeBuilder(module) });
    m.fit(X, y, { task: 'regression', nClasses: 1, seed: 6 });
    expect(m.toJSON().trees.flatMap((t) => Array.from(t.value)).filter((v) => !Number.isFinite(v))).toEqual([]);
  });

  it('shares histogram passes and splits with a worker thread and still grows the same trees', async () => {
    const b = new WasmTreeBuilder(module, { threads: 1, workerFile, minWork: 0, minPartition: 0, group: 4 });
    try {
      // Subsampled roots are gathered (partition), whole ones split from the template (partitionTemplate).
      expectSameTrees(churn.X, churn.y, { nRounds: 15, subsample: 0.8 }, { task: 'binary', nClasses: 2, seed: 5 }, b);
      expectSameTrees(churn.X, churn.y, { nRounds: 10, maxDepth: 7 }, { task: 'binary', nClasses: 2, seed: 7 }, b);
      const { X, y } = multiclass(3000, 37);
      expectSameTrees(X, y, { nRounds: 3, maxDepth: 5 }, { task: 'multiclass', nClasses: 5, seed: 1 }, b);
      expect(b.sharedPasses).toBeGreaterThan(100);
      expect(b.sharedPartitions).toBeGreaterThan(100);
    } finally {
      await b.close();
    }
  });

  it('keeps small splits on this thread', async () => {
    const b = new WasmTreeBuilder(module, { threads: 1, workerFile, minWork: 0 });
    try {
      expectSameTrees(churn.X, churn.y, { nRounds: 3 }, { task: 'binary', nClasses: 2, seed: 8 }, b);
      expect(b.sharedPartitions).toBe(0);
    } finally {
      await b.close();
    }
  });

  it('lends training jobs the kernels beside the bundle, with a thread where a second core exists; none (and why) where they are missing', async () => {
    const { builder } = jobTreeBuilder(dir);
    expect(builder).toBeInstanceOf(WasmTreeBuilder);
    expect(builder!.maxThreads).toBe(os.availableParallelism() > 1 ? 1 : 0);
    try {
      expectSameTrees(churn.X, churn.y, { nRounds: 5 }, { task: 'binary', nClasses: 2, seed: 6 }, builder!);
    } finally {
      await builder!.close();
    }
    const empty = fs.mkdtempSync(path.join(dir, 'empty-'));
    expect(jobTreeBuilder(empty)).toEqual({ reason: expect.stringMatching(/missing .*run npm run build/) });
  });

  it('says why the kernels cannot be used, so the caller falls back to the JS loops', () => {
    expect(compileKernels(path.join(dir, 'absent.wasm'))).toMatch(/missing .*run npm run build/);
    const bad = path.join(dir, 'bad.wasm');
    fs.writeFileSync(bad, Buffer.from([0, 0x61, 0x73, 0x6d, 9, 0, 0, 0]));
    expect(compileKernels(bad)).toMatch(/cannot compile the kernels/);
  });
});

/**
 * Gradient boosting on a WebGPU device against the CPU learner, on seeded tables with missing values and
 * categorical-like columns (gpu-trees-compare.ts): the same trees — every split's feature, threshold,
 * children and, where missing rows reach it, missing-value side — and leaf values, gains and predictions
 * equal up to the fixed-point rounding of each row's gradient pair. That rounding is 2^-(bits+1) per row,
 * bits = 50 here (fixed-point.ts: 62 bits minus log2(rows · max |g|), |g| ≤ 1), so a node's sums differ
 * from the CPU's float64 sums by under n · 2^-51 ≈ 1.3e-12 for 3,000 rows; the 1e-9 bound on leaf values
 * and predictions leaves room for float64's own rounding, and is far below any gain gap that decides a
 * split here. Where two
 * candidate splits' gains tie exactly (rows sharing a gradient pair, as in a first tree, split into equal
 * counts), float rounding picks on the CPU and the exact sums keep the first on the GPU, so trees may part;
 * these fixtures have no such ties (the gbdt-gpu bench reports how many trees part on its table).
 * Each fit also runs with global atomics only (no workgroup-private histograms): the trees must be equal
 * exactly, since both kernels sum the same integers.
 * Runs on whatever adapter Dawn finds — on CI, Mesa's lavapipe (software), installed by .ci/run — in a
 * plain Node process, as a job would; skipped with the reason where there is none.
 */
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GbdtJSON } from '../ml/tabular/trees/gbdt';

// Inside the repository, so the bundle's import('webgpu') finds node_modules.
const dir = path.resolve(__dirname, '../../dist', `gpu-trees-test-${process.pid}`);
const script = path.join(dir, 'compare.mjs');

interface Compared {
  readonly skipped?: string;
  readonly adapter: { readonly adapter: string; readonly software: boolean };
  readonly cpu: GbdtJSON;
  readonly gpu: GbdtJSON;
  readonly gpuGlobal: GbdtJSON;
  readonly passes: { readonly private: number; readonly global: number };
  readonly globalPasses: { readonly private: number; readonly global: number };
  readonly seeingMissing: number[][];
  readonly cpuPredictions: number[];
  readonly gpuPredictions: number[];
}

beforeAll(async () => {
  fs.mkdirSync(dir, { recursive: true });
  await build({
    entryPoints: [path.join(__dirname, 'gpu-trees-compare.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20',
    outfile: script, logLevel: 'warning', external: ['webgpu'],
  });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** gpu-trees-compare.ts' Options. */
interface CompareOptions {
  readonly limits?: { readonly slotsPerPass: number; readonly workgroupsPerDimension: number };
}

function compare(rows: number, cols: number, task: string, rounds: number, depth: number, subsample: number, options: CompareOptions = {}): Compared {
  const out = path.join(dir, `${task}.json`);
  const args = [script, String(rows), String(cols), task, String(rounds), String(depth), String(subsample), out, JSON.stringify(options)];
  execFileSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 240_000 });
  return JSON.parse(fs.readFileSync(out, 'utf8')) as Compared;
}

function closeTo(a: readonly number[], b: readonly number[], rel: number): void {
  expect(b.length).toBe(a.length);
  const worst = a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!) / Math.max(1, Math.abs(v))), 0);
  expect(worst).toBeLessThan(rel);
}

/**
 * Where no training row with a missing value reaches a split, missing values follow the child with the larger
 * hessian sum; in boosting the two sums are often exactly equal (rows that shared every earlier leaf share
 * their gradient pair), and float rounding breaks that tie differently on each side. So the missing side is
 * compared where missing rows reached the node, where gain chose it.
 */
const missingSide = (tree: GbdtJSON['trees'][number], seen: readonly number[]): number[] => seen.map((node) => tree.missingLeft[node]!);

function expectSameTrees(r: Compared): void {
  expect(r.gpu.trees.length).toBe(r.cpu.trees.length);
  r.cpu.trees.forEach((cpu, t) => {
    const gpu = r.gpu.trees[t]!;
    expect({ t, feature: gpu.feature, threshold: gpu.threshold, left: gpu.left, right: gpu.right, missing: missingSide(gpu, r.seeingMissing[t]!) }).toEqual({
      t, feature: cpu.feature, threshold: cpu.threshold, left: cpu.left, right: cpu.right, missing: missingSide(cpu, r.seeingMissing[t]!),
    });
    closeTo(cpu.value, gpu.value, 1e-9);
  });
  expect(r.gpu.baseScore).toEqual(r.cpu.baseScore);
  closeTo(r.cpu.importance, r.gpu.importance, 1e-9);
  closeTo(r.cpuPredictions, r.gpuPredictions, 1e-9);
  // Privatized histograms (workgroup sums added once per bin) are the global-atomics kernel's, to the bit.
  expect(r.gpu).toEqual(r.gpuGlobal);
  expect(r.passes.private).toBeGreaterThan(0);
  expect(r.globalPasses.private).toBe(0);
  // The trees are not trivial: several levels deep, on several features, missing values routed by gain.
  if (r.cpu.task === 'binary') expect(r.seeingMissing.flat().length).toBeGreaterThan(5);
  expect(new Set(r.cpu.trees.flatMap((t) => t.feature.filter((f) => f >= 0))).size).toBeGreaterThan(2);
}

const probe = fs.existsSync(path.resolve(__dirname, '../../node_modules/webgpu')) ? null : 'not installed';

describe('gradient boosting on WebGPU against the CPU learner', () => {
  it.skipIf(probe !== null)('grows the same binary trees, rows subsampled and missing values routed', () => {
    const r = compare(3000, 10, 'binary', 8, 5, 0.8);
    if (r.skipped) {
      console.log(`GPU boosting test skipped: ${r.skipped}`);
      expect(r.skipped).toMatch(/^(no adapter \(Dawn found no .+\)|not installed)$/);
      return;
    }
    expectSameTrees(r);
  });

  it.skipIf(probe !== null)('grows the same multiclass (one tree per class) and regression trees', () => {
    const multi = compare(1500, 6, 'multiclass', 4, 4, 1);
    if (multi.skipped) return;
    expect(multi.cpu.trees.length).toBe(12);
    expectSameTrees(multi);
    expectSameTrees(compare(1500, 6, 'regression', 4, 6, 1));
  });

  it.skipIf(probe !== null)('grows the same trees a few nodes per pass and with two-dimensional dispatches', () => {
    // Four nodes a pass: deeper levels take several passes (slot bases past 0), each filling the private
    // kernel's 16 KB exactly (4 nodes × 256 bins); one workgroup a dimension: 4,500 rows need y > 1 in every kernel.
    const r = compare(4500, 6, 'binary', 2, 5, 0.8, { limits: { slotsPerPass: 4, workgroupsPerDimension: 1 } });
    if (r.skipped) return;
    expectSameTrees(r);
    // Four nodes always fit the private kernel, so no pass falls back to global atomics.
    expect(r.passes.global).toBe(0);
  });
});

/**
 * Fits the same boosting model on the CPU and on a WebGPU device (a software adapter allowed) and prints
 * both as one JSON line: gpu-trees.test.ts runs this in a plain Node process, since Dawn's device does
 * not survive inside vitest's worker (it crashes there in requestDevice; a child process is what a job is).
 * argv: rows cols task(binary|multiclass|regression) rounds depth subsample output-file [options JSON: Options]
 */
import fs from 'node:fs';
import { GradientBoosting } from '../ml/tabular/trees/gbdt';
import type { Task } from '../ml/tabular/model';
import type { GpuGrowerLimits } from '../ml/tabular/trees/gpu/grower';
import { describeFailure } from './backend';
import { openGpuTrees, type GpuTrees } from './gpu-trees';

interface Options {
  /** Lower limits for the grower than the device's (GpuGrowerOptions.limits). */
  readonly limits?: GpuGrowerLimits;
}

const [rows, cols, task, rounds, depth, subsample, output, extra] = process.argv.slice(2);
const options = (extra ? JSON.parse(extra) : {}) as Options;
const n = Number(rows);
const p = Number(cols);
const K = task === 'multiclass' ? 3 : task === 'regression' ? 1 : 2;

/** A seeded table with structure, missing values and a few constant-ish columns (LCG: no Math.random). */
function table(): { X: { rows: number; cols: number; data: Float64Array }; y: Float64Array } {
  let s = 12345;
  const u = (): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const data = new Float64Array(n * p);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) data[i * p + j] = j % 5 === 3 ? Math.floor(u() * 4) : u() * 10 - 5;
    if (u() < 0.05) data[i * p + 1] = NaN;
    const z = data[i * p]! + 0.5 * (data[i * p + 2]! > 1 ? 2 : -1) + (Number.isNaN(data[i * p + 1]!) ? 1.5 : 0.3 * data[i * p + 1]!) + (u() - 0.5) * 2;
    y[i] = task === 'regression' ? z : task === 'multiclass' ? (z < -1 ? 0 : z < 1.5 ? 1 : 2) : z > 0.5 ? 1 : 0;
  }
  return { X: { rows: n, cols: p, data }, y };
}

const { X, y } = table();

/** Per tree, the nodes that training rows with a missing value in the node's feature reach (where the missing side was chosen by gain). */
function nodesSeeingMissing(model: GradientBoosting): number[][] {
  return model.toJSON().trees.map((t) => {
    const seen = new Set<number>();
    for (let r = 0; r < n; r++) {
      for (let node = 0; t.feature[node]! >= 0; ) {
        const v = X.data[r * p + t.feature[node]!]!;
        if (Number.isNaN(v)) seen.add(node);
        node = (Number.isNaN(v) ? t.missingLeft[node] === 1 : v <= t.threshold[node]!) ? t.left[node]! : t.right[node]!;
      }
    }
    return [...seen].sort((a, b) => a - b);
  });
}
const params = { nRounds: Number(rounds), maxDepth: Number(depth), subsample: Number(subsample), colsample: 0.8 };

const open = (privateHistograms: boolean): Promise<GpuTrees> => openGpuTrees({ allowSoftware: true, privateHistograms, limits: options.limits });

const opts = { task: task as Task, nClasses: K, seed: 7 };
const cpu = new GradientBoosting(params);
const t0 = performance.now();
cpu.fit(X, y, opts);
const cpuSeconds = (performance.now() - t0) / 1000;
let gpu: GpuTrees;
try {
  gpu = await open(true);
} catch (err) {
  // No adapter here: the test skips with this reason.
  fs.writeFileSync(output!, JSON.stringify({ skipped: describeFailure(err) }));
  process.exit(0);
}
const onGpu = new GradientBoosting(params, gpu.runtime);
const t1 = performance.now();
await onGpu.fit(X, y, opts);
const gpuSeconds = (performance.now() - t1) / 1000;
gpu.destroy();
// The reference kernel (global atomics only) on a device of its own: its histograms must equal the privatized ones bit for bit.
const globalOnly = await open(false);
const onGlobal = new GradientBoosting(params, globalOnly.runtime);
await onGlobal.fit(X, y, opts);
globalOnly.destroy();
fs.writeFileSync(
  output!,
  JSON.stringify({
    adapter: gpu.adapter,
    cpuSeconds,
    gpuSeconds,
    cpu: cpu.toJSON(),
    gpu: onGpu.toJSON(),
    gpuGlobal: onGlobal.toJSON(),
    passes: gpu.passes,
    globalPasses: globalOnly.passes,
    seeingMissing: nodesSeeingMissing(cpu),
    cpuPredictions: Array.from(cpu.predict(X)),
    gpuPredictions: Array.from(onGpu.predict(X)),
  }),
);
process.exit(0);

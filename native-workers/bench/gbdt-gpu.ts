/**
 * GPU boosting against the CPU learner in one process, on one table: the GBDT figure of `npm run bench --
 * gbdt-gpu` and of the portable pack's gpu bench. The CPU side is what a training job runs (the WebAssembly
 * kernels with their histogram thread, from `workersDir`); the GPU side the WebGPU shaders on whatever
 * adapter Dawn finds. A software adapter (lavapipe) runs the shaders on the CPU: its figure is labelled so
 * and is never a GPU's.
 */
import { describeFailure } from '../runtime/backend';
import { openGpuTrees } from '../runtime/gpu-trees';
import { jobTreeBuilder } from '../runtime/wasm-trees';
import { rng } from '../ml/tabular/rng';
import { GradientBoosting } from '../ml/tabular/trees/gbdt';
import type { Matrix } from '../ml/tabular/matrix';

export interface GbdtGpuOptions {
  readonly rows: number;
  readonly cols: number;
  readonly rounds: number;
  readonly depth: number;
  /** Where gbdt-kernels.wasm and wasm-histogram-thread.js are (dist/workers, or the pack's workers/). */
  readonly workersDir: string;
}

/** The gbdt-scale bench's table shape: normal features, a non-linear logit, labels drawn from it. */
function table(rows: number, cols: number): { X: Matrix; y: Float64Array } {
  const r = rng(20261126);
  const X = { rows, cols, data: new Float64Array(rows * cols) };
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    for (let f = 0; f < cols; f++) X.data[o + f] = r.normal();
    const logit = 1.5 * Math.sin(2 * X.data[o]!) + X.data[o + 1]! * X.data[o + 2]! + (X.data[o + 3]! ** 2 - 1) - 0.8 * Math.abs(X.data[o + 4]!);
    y[i] = r.next() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
  }
  return { X, y };
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

export async function gbdtGpuFigures(o: GbdtGpuOptions): Promise<Record<string, unknown>> {
  const { X, y } = table(o.rows, o.cols);
  const params = { nRounds: o.rounds, maxDepth: o.depth, learningRate: 0.1, maxBins: 256 };
  const opts = { task: 'binary' as const, nClasses: 2, seed: 1 };
  const { builder, reason: cpuReason } = jobTreeBuilder(o.workersDir);
  const cpu = new GradientBoosting(params, builder ? { histogramBuilder: builder } : {});
  const t0 = performance.now();
  cpu.fit(X, y, opts);
  const cpuSeconds = (performance.now() - t0) / 1000;
  const base = { bench: 'gbdt-gpu', rows: o.rows, cols: o.cols, rounds: o.rounds, depth: o.depth, cpu: { learner: builder ? 'wasm' : `js (${cpuReason})`, seconds: round3(cpuSeconds) } };

  let gpu;
  try {
    gpu = await openGpuTrees({ allowSoftware: true });
  } catch (err) {
    return { ...base, gpu: null, reason: describeFailure(err) };
  }
  try {
    const model = new GradientBoosting(params, gpu.runtime);
    const t1 = performance.now();
    await model.fit(X, y, opts);
    const gpuSeconds = (performance.now() - t1) / 1000;
    const a = cpu.toJSON().trees;
    const b = model.toJSON().trees;
    const sameSplits = a.filter((t, i) => JSON.stringify(t.feature) === JSON.stringify(b[i]?.feature) && JSON.stringify(t.threshold) === JSON.stringify(b[i]?.threshold)).length;
    const probe = { rows: Math.min(o.rows, 10_000), cols: o.cols, data: X.data.subarray(0, Math.min(o.rows, 10_000) * o.cols) };
    const logLoss = (p: Float64Array): number =>
      round3(-Array.from({ length: probe.rows }, (_, i) => Math.log(Math.max(1e-15, y[i] === 1 ? p[i * 2 + 1]! : p[i * 2]!))).reduce((s, v) => s + v, 0) / probe.rows);
    const software = gpu.adapter.software;
    return {
      ...base,
      gpu: { adapter: gpu.adapter.adapter, software, seconds: round3(gpuSeconds) },
      cpuOverGpu: round3(cpuSeconds / gpuSeconds),
      // Trees part where two splits' gains tie exactly (early trees: rows share their gradients) and float
      // rounding picks on the CPU while the GPU's exact sums keep the first; the fit is no worse for it.
      sameSplitTrees: `${sameSplits}/${a.length}`,
      trainLogLoss: { cpu: logLoss(cpu.predict(probe)), gpu: logLoss(model.predict(probe)) },
      note: software ? 'software adapter: lavapipe runs the shaders on this CPU, so this is not a GPU figure' : 'hardware adapter',
    };
  } finally {
    gpu.destroy();
  }
}

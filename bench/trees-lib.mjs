// Shared by the tree benchmarks: bundles the TypeScript tree learners for Node, finds Debian's
// python3 (with scikit-learn and XGBoost), and reads a process's own peak RSS.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from './lib.mjs';

export const python = process.env.ASSAY_PYTHON ?? '/usr/bin/python3';

export const histogramThreadFile = path.join(root, 'dist', 'bench', 'histogram-thread.cjs');
export const wasmThreadFile = path.join(root, 'dist', 'bench', 'wasm-histogram-thread.cjs');
/** Built by build.mjs (npm run bench builds first). */
export const kernelsFile = path.join(root, 'dist', 'workers', 'gbdt-kernels.wasm');

/** Bundles ml/tabular/trees (and its dataset helpers, and the threaded histogram builder) into dist/bench and imports it. */
export async function loadTrees() {
  const outfile = path.join(root, 'dist', 'bench', 'trees.mjs');
  for (const [entry, outfile] of [['histogram-thread.ts', histogramThreadFile], ['wasm-histogram-thread.ts', wasmThreadFile]]) {
    await build({
      entryPoints: [path.join(root, 'native-workers', 'runtime', entry)],
      bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile, logLevel: 'warning',
    });
  }
  await build({
    stdin: {
      contents: [
        "export * from './native-workers/ml/tabular/trees/index.ts';",
        "export * from './native-workers/ml/tabular/trees/fixtures/datasets.ts';",
        "export * from './native-workers/ml/tabular/rng.ts';",
        "export * from './native-workers/ml/tabular/matrix.ts';",
        "export * from './native-workers/runtime/histogram-threads.ts';",
        "export * from './native-workers/runtime/wasm-trees.ts';",
      ].join('\n'),
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile, logLevel: 'warning',
  });
  return import(pathToFileURL(outfile).href);
}

/** Runs a python script (text) with args; returns its last stdout line parsed as JSON. */
export function runPython(script, args = []) {
  const res = spawnSync(python, ['-c', script, ...args], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'inherit'] });
  if (res.status !== 0) throw new Error(`python exited ${res.status}`);
  return JSON.parse(res.stdout.trim().split('\n').pop());
}

/** This process's peak resident set (VmHWM) in MB. */
export function ownPeakRssMB() {
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

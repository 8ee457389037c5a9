// Builds every process: esbuild for main, preload, CLI and workers (CommonJS,
// node_modules left external so native modules load from node_modules);
// Vite for the renderer. Runs at `npm install` (prepare), so `npx assay` works.
import fs from 'node:fs';
import path from 'node:path';
import { readStamps, staleReason, stampFor, writeStamps } from './build-stamp.mjs';

const quiet = process.argv.includes('--quiet');
const started = Date.now();
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning' };

const root = process.cwd();
const stampFile = 'dist/.build-stamp.json';
// --force rebuilds everything whatever the stamp says.
const stamps = process.argv.includes('--force') ? {} : readStamps(stampFile);

/** Every package of package.json but these, for a target that bundles a few packages and leaves the rest. */
function externalBut(...inside) {
  const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));
  const names = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies, ...pkg.optionalDependencies });
  return names.filter((n) => !inside.includes(n)).flatMap((n) => [n, `${n}/*`]);
}

/** The esbuild targets by name; each is one esbuild call. */
const esbuildTargets = {
  node: {
    ...common,
    // External too: `webgpu` (its index.js finds dawn.node beside itself) and tfjs-backend-webgpu, both optional.
    packages: 'external',
    entryPoints: {
      // The `assay` executable: a small entry that may fork a job's worker first, then the CLI's bundle.
      'cli/assay': 'main/cli/entry.ts',
      'cli/assay-cli': 'main/cli/bin.ts',
      'main/start': 'main/start.ts',
      'main/electron': 'main/electron/main.ts',
      'workers/worker': 'native-workers/worker.ts',
      // Worker-thread entry of the threaded GBDT histogram builder (native-workers/runtime/histogram-threads.ts).
      'workers/histogram-thread': 'native-workers/runtime/histogram-thread.ts',
      // Worker-thread entry of the WebAssembly GBDT builder's histogram thread (native-workers/runtime/wasm-trees.ts).
      'workers/wasm-histogram-thread': 'native-workers/runtime/wasm-histogram-thread.ts',
      // Worker-thread entry of ALS's second core (native-workers/runtime/als-threads.ts).
      'workers/als-thread': 'native-workers/runtime/als-thread.ts',
      // Worker-thread entry that stores an import's rows (native-workers/runtime/row-writer.ts).
      'workers/row-writer-thread': 'native-workers/runtime/row-writer-thread.ts',
      // Worker-thread entry reading and scanning a CSV file ahead of its import (native-workers/ingest/formats/csv-scan-ahead.ts).
      'workers/csv-scan-thread': 'native-workers/ingest/formats/csv-scan-thread.ts',
      // Worker-thread entry checkpointing the WAL while an import writes (native-workers/runtime/wal-checkpointer.ts).
      'workers/wal-checkpoint-thread': 'native-workers/runtime/wal-checkpoint-thread.ts',
      // Worker-thread entry storing a platform stream's rows (native-workers/runtime/delivery-thread.ts).
      'workers/delivery-writer-thread': 'native-workers/runtime/delivery-writer-thread.ts',
      // Worker-thread entry of the served models' prediction log (main/host/serving/prediction-log.ts).
      'workers/prediction-log-thread': 'main/host/serving/prediction-log-thread.ts',
      // Worker-thread entry of a served image classifier (main/host/serving/image-predictor.ts).
      'workers/image-predict-thread': 'main/host/serving/image-predict-thread.ts',
    },
    outdir: 'dist',
    banner: { js: '#!/usr/bin/env node' },
  },
  // The exported bundle's server.js (native-workers/export/server): fully self-contained (predictor,
  // learners and tfjs inside), so a bundle runs with plain Node and no npm install.
  'bundle-server': { ...common, sourcemap: false, minify: true, entryPoints: { 'export/bundle-server': 'native-workers/export/server/main.ts' }, outdir: 'dist' },
  // A job on a cluster node, speaking the protocol through files in its job folder (native-workers/cluster/).
  // apache-arrow goes inside (only what reading the run's columns uses): required from node_modules, its
  // module search and load cost each job ~0.25 s of CPU at start-up; bundled, next to nothing.
  'cluster-node': { ...common, external: externalBut('apache-arrow'), entryPoints: { 'workers/cluster-node': 'native-workers/cluster/node-entry.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } },
  // A sandboxed preload can only require('electron'): bundle everything else into it.
  preload: { ...common, entryPoints: { 'preload/index': 'preload/index.ts' }, outdir: 'dist', external: ['electron'] },
};

async function buildEsbuild(name) {
  // Loaded only when something is to be built: importing Vite alone costs more than the check.
  const { build: esbuild } = await import('esbuild');
  const result = await esbuild({ ...esbuildTargets[name], metafile: true });
  return stampFor(root, Object.keys(result.metafile.inputs), Object.keys(result.metafile.outputs));
}

async function buildRenderer() {
  const inputs = ['renderer/vite.config.mts', 'renderer/index.html'];
  const outputs = ['dist/renderer/index.html'];
  // Vite reports the modules it bundled; public/ files are copied as they are.
  const recordInputs = {
    name: 'assay-build-stamp',
    generateBundle(_options, bundle) {
      for (const [fileName, item] of Object.entries(bundle)) {
        outputs.push(`dist/renderer/${fileName}`);
        if (item.type === 'chunk') for (const id of item.moduleIds ?? Object.keys(item.modules)) if (!id.startsWith('\0')) inputs.push(path.relative(root, id.split('?')[0]));
      }
    },
  };
  const { build: viteBuild } = await import('vite');
  await viteBuild({ configFile: 'renderer/vite.config.mts', logLevel: quiet ? 'silent' : 'warn', plugins: [recordInputs] });
  return stampFor(root, [...inputs, ...filesUnder('renderer/public')], outputs);
}

function filesUnder(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => path.relative(root, path.join(d.parentPath, d.name)));
}

/** The GBDT kernels (AssemblyScript → WebAssembly with SIMD), loaded by the workers beside their bundle. */
async function buildKernels() {
  const out = 'dist/workers/gbdt-kernels.wasm';
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const { compileKernels } = await import('./build-kernels.mjs');
  await compileKernels(out);
  const dir = 'native-workers/ml/tabular/trees/wasm';
  return stampFor(root, [`${dir}/kernels.ts`, `${dir}/asconfig.json`, 'build-kernels.mjs'], [out]);
}

const builders = {
  ...Object.fromEntries(Object.keys(esbuildTargets).map((n) => [n, () => buildEsbuild(n)])),
  renderer: buildRenderer,
  'gbdt-kernels': buildKernels,
};
const stale = Object.keys(builders).filter((name) => staleReason(root, stamps[name]) !== null);
if (stale.length === 0) {
  if (!quiet) console.log(`assay: up to date (${Date.now() - started} ms; node build.mjs --force rebuilds all)`);
  process.exit(0);
}
if (!quiet) for (const name of stale) console.log(`assay: building ${name}: ${staleReason(root, stamps[name])}`);
// A failed or interrupted build must not leave a stamp that calls its half-written outputs fresh.
const kept = Object.fromEntries(Object.entries(stamps).filter(([name]) => !stale.includes(name)));
writeStamps(stampFile, kept);
const built = await Promise.all(stale.map(async (name) => [name, await builders[name]()]));
// An input edited while its target was building may not be in the output: leave that target unstamped.
const settled = built.filter(([, stamp]) => Object.values(stamp.inputs).every((sig) => Number(sig.split(':')[1]) < started));
writeStamps(stampFile, { ...kept, ...Object.fromEntries(settled) });
if (stale.includes('node')) fs.chmodSync('dist/cli/assay.js', 0o755);
if (!quiet) console.log(`assay: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);

// Builds every process: esbuild for main, preload, CLI and workers (CommonJS,
// node_modules left external so native modules load from node_modules);
// Vite for the renderer. Runs at `npm install` (prepare), so `npx assay` works.
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import fs from 'node:fs';

const quiet = process.argv.includes('--quiet');
const started = Date.now();
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning' };

await Promise.all([
  esbuild({
    ...common,
    packages: 'external',
    entryPoints: {
      'cli/assay': 'main/cli/bin.ts',
      'main/start': 'main/start.ts',
      'main/electron': 'main/electron/main.ts',
      'workers/worker': 'native-workers/worker.ts',
      // Worker-thread entry of the threaded GBDT histogram builder (native-workers/runtime/histogram-threads.ts).
      'workers/histogram-thread': 'native-workers/runtime/histogram-thread.ts',
      // Worker-thread entry that stores an import's rows (native-workers/runtime/row-writer.ts).
      'workers/row-writer-thread': 'native-workers/runtime/row-writer-thread.ts',
      // Worker-thread entry of the served models' prediction log (main/host/serving/prediction-log.ts).
      'workers/prediction-log-thread': 'main/host/serving/prediction-log-thread.ts',
      // Worker-thread entry of a served image classifier (main/host/serving/image-predictor.ts).
      'workers/image-predict-thread': 'main/host/serving/image-predict-thread.ts',
    },
    outdir: 'dist',
    banner: { js: '#!/usr/bin/env node' },
  }),
  // The exported bundle's server.js (native-workers/export/server): fully self-contained (predictor,
  // learners and tfjs inside), so a bundle runs with plain Node and no npm install.
  esbuild({ ...common, sourcemap: false, minify: true, entryPoints: { 'export/bundle-server': 'native-workers/export/server/main.ts' }, outdir: 'dist' }),
  // A sandboxed preload can only require('electron'): bundle everything else into it.
  esbuild({ ...common, entryPoints: { 'preload/index': 'preload/index.ts' }, outdir: 'dist', external: ['electron'] }),
  viteBuild({ configFile: 'renderer/vite.config.mts', logLevel: quiet ? 'silent' : 'warn' }),
]);
fs.chmodSync('dist/cli/assay.js', 0o755);
if (!quiet) console.log(`assay: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);

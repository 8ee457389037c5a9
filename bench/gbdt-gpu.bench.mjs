// GPU boosting (WebGPU shaders) against the CPU learner (WebAssembly kernels + histogram thread) in the same
// run, on the gbdt-scale table shape; one JSON line. Here (no GPU) Dawn finds Mesa's lavapipe, a software
// adapter: the line says so and its seconds are the shaders run on this CPU, not a GPU's. Sizes:
// GBDT_GPU_ROWS (default 100,000; 1,000,000 on a GPU machine), GBDT_GPU_ROUNDS (20), depth 6, 30 features.
import { build } from 'esbuild';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from './lib.mjs';

const outfile = path.join(root, 'dist', 'bench', 'gbdt-gpu.mjs');
await build({
  entryPoints: [path.join(root, 'native-workers', 'bench', 'gbdt-gpu.ts')],
  bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile, logLevel: 'warning', packages: 'external',
  // The bundle's require() of optional packages (the tfjs backends) needs a require in an ES module.
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
});
const { gbdtGpuFigures } = await import(pathToFileURL(outfile).href);
const line = await gbdtGpuFigures({
  rows: Number(process.env.GBDT_GPU_ROWS ?? 100_000),
  cols: 30,
  rounds: Number(process.env.GBDT_GPU_ROUNDS ?? 20),
  depth: 6,
  workersDir: path.join(root, 'dist', 'workers'),
});
console.log(JSON.stringify(line));
process.exit(0);

// npm run pack:portable -- DIR: what a GPU machine without npm needs to run the workers and the GPU bench
// with a Node 20 binary brought along: the worker bundle (DIR/workers), a pruned runtime node_modules
// (tfjs with its wasm and webgpu backends, webgpu with only linux-x64's dawn.node, better-sqlite3's binary,
// nsfwjs' bundled MobileNetV2) and bench/gpu.mjs (`node DIR/bench/gpu.mjs` prints one JSON line).
// Fails if the pack is over 60 MB. Run `node build.mjs` first (npm run pack:portable does).
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const limitBytes = 60 * 2 ** 20;
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const dir = path.resolve(process.argv[2] ?? '');
if (!process.argv[2]) {
  console.error('Usage: npm run pack:portable -- DIR (an empty or new folder)');
  process.exit(2);
}
if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
  console.error(`${dir} is not empty: give a new or empty folder, so nothing of yours is overwritten.`);
  process.exit(2);
}

// Packages the runtime loads, with the files of each it needs (package.json always); null: the whole package
// (small pure-JS ones) less docs, typings and maps. Dependencies are followed as Node resolves them.
const wanted = {
  '@tensorflow/tfjs': ['dist/tf.node.js'],
  '@tensorflow/tfjs-core': ['dist/tf-core.node.js'],
  '@tensorflow/tfjs-layers': ['dist/tf-layers.node.js'],
  '@tensorflow/tfjs-converter': ['dist/tf-converter.node.js'],
  '@tensorflow/tfjs-data': ['dist/tf-data.node.js'],
  '@tensorflow/tfjs-backend-cpu': ['dist/tf-backend-cpu.node.js'],
  '@tensorflow/tfjs-backend-webgl': ['dist/tf-backend-webgl.node.js'],
  '@tensorflow/tfjs-backend-wasm': ['dist/tf-backend-wasm.node.js', /^dist\/[^/]+\.wasm$/, /^dist\/[^/]*worker[^/]*\.js$/],
  '@tensorflow/tfjs-backend-webgpu': ['dist/tf-backend-webgpu.node.js'],
  webgpu: ['index.js', 'dist/linux-x64/dawn.node'],
  'better-sqlite3': [/^lib\//, 'build/Release/better_sqlite3.node'],
  nsfwjs: [/^dist\/cjs\//, /^dist\/models\/mobilenet_v2\//, 'dist/models/package.json'],
};
// Declared dependencies the runtime never loads: typings, tfjs' converter CLI, install-time tools.
const skipped = /^(@types\/|@webgpu\/types$|argparse$|chalk$|core-js$|regenerator-runtime$|yargs$|prebuild-install$|debug$|@tensorflow\/tfjs-node)/;
const junk = /(^|\/)(README|CHANGELOG|HISTORY)(\.md)?$|\.(md|map|d\.ts)$|(^|\/)(test|tests|docs?|example|examples)\//i;

/** Files under `folder` as /-separated relative paths; a package's nested node_modules are its dependencies' (followed apart) unless `all`. */
function walk(folder, all = false, base = folder) {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(folder, e.name);
    if (!e.isDirectory()) return [path.relative(base, full).split(path.sep).join('/')];
    return e.name === 'node_modules' && !all ? [] : walk(full, all, base);
  });
}

/** Where Node finds `name` from `fromDir` (node_modules upwards; package.json need not be exported). */
function findPackage(name, fromDir) {
  for (let d = fromDir; ; d = path.dirname(d)) {
    const candidate = path.join(d, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(d) === d) throw new Error(`${name} is not installed (looked from ${fromDir})`);
  }
}

const modulesRoot = fs.realpathSync(path.join(root, 'node_modules'));
const copied = new Set();
function copyPackage(name, fromDir) {
  const pkgDir = findPackage(name, fromDir);
  const pkgFile = path.join(pkgDir, 'package.json');
  if (copied.has(pkgDir)) return;
  copied.add(pkgDir);
  // node_modules may be a link (a worktree's): paths are kept relative to where it really is.
  const inModules = path.relative(modulesRoot, fs.realpathSync(pkgDir));
  if (inModules.startsWith('..')) throw new Error(`${name} resolved outside node_modules: ${pkgDir}`);
  const rel = path.join('node_modules', inModules);
  const patterns = wanted[name] ?? null;
  const files = walk(pkgDir).filter((f) =>
    f === 'package.json' || (patterns ? patterns.some((p) => (typeof p === 'string' ? p === f : p.test(f))) : !junk.test(f)),
  );
  for (const f of files) {
    const to = path.join(dir, rel, f);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(path.join(pkgDir, f), to);
  }
  const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
  for (const dep of Object.keys(pkg.dependencies ?? {})) if (!skipped.test(dep)) copyPackage(dep, pkgDir);
}

fs.mkdirSync(path.join(dir, 'bench'), { recursive: true });
for (const name of Object.keys(wanted)) copyPackage(name, root);

// The worker bundle, as build.mjs wrote it.
const workers = path.join(root, 'dist', 'workers');
if (!fs.existsSync(path.join(workers, 'worker.js'))) throw new Error('dist/workers/worker.js is missing: run node build.mjs first.');
fs.mkdirSync(path.join(dir, 'workers'), { recursive: true });
// The .wasm: the CPU boosting kernels the gpu bench compares the GPU shaders with.
for (const f of fs.readdirSync(workers).filter((f) => f.endsWith('.js') || f.endsWith('.wasm'))) fs.copyFileSync(path.join(workers, f), path.join(dir, 'workers', f));

// The bench: CommonJS (the backend picker require()s optional packages by name) behind an .mjs entry.
await build({
  entryPoints: [path.join(root, 'native-workers', 'bench', 'gpu.ts')],
  bundle: true, platform: 'node', format: 'cjs', target: 'node20', packages: 'external', logLevel: 'warning',
  outfile: path.join(dir, 'bench', 'gpu-bench.cjs'),
});
fs.writeFileSync(path.join(dir, 'bench', 'gpu.mjs'), "import { createRequire } from 'node:module';\ncreateRequire(import.meta.url)('./gpu-bench.cjs');\n");
fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: 'assay-portable', private: true, description: 'Assay workers and the GPU bench: node bench/gpu.mjs' }, null, 2)}\n`);

const total = walk(dir, true).reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0);
const mb = (total / 2 ** 20).toFixed(1);
if (total > limitBytes) {
  console.error(`The pack is ${mb} MB, over the 60 MB limit: prune more in .ci/pack-portable.mjs (see the largest files with du -a ${dir} | sort -n).`);
  process.exit(1);
}
console.log(`Packed ${dir}: ${mb} MB (limit 60 MB). On the GPU machine: node ${path.join(dir, 'bench', 'gpu.mjs')}`);

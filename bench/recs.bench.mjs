// Recommenders on real implicit feedback: ../shared/data/debian_depends.csv (55,987 packages as
// "users" × the 34,846 packages they depend on, 274,589 interactions). Two JSON lines:
//  1. speed: ALS (64 factors, 15 iterations, 3 CG steps) and item-kNN (50 neighbours, shrinkage
//     10) trained on every interaction, ours and numpy/scipy's (bench/recs_reference.py: the
//     same algorithm and iterations, batched) each in its own process: wall and CPU seconds,
//     peak RSS. Goal: ≤ 1.5× numpy's time.
//  2. quality: a random per-user 20 % holdout (seed 0), K = 10, the same seeded sample of
//     held-out users for every model: NDCG@10 and recall@10 of each model against popularity,
//     and ALS / item-kNN against the numpy reference trained and scored on the same split.
// `npm run bench -- recs [--part speed|quality] [--eval-users N] [--models popular,als,…] [--threads 0|1]`
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dataDir, root, round, sharedData } from './lib.mjs';
import { ownPeakRssMB, python } from './trees-lib.mjs';

const here = fileURLToPath(import.meta.url);
const bundle = path.join(root, 'dist', 'bench', 'recs.mjs');
const pyEnv = { ...process.env, LD_LIBRARY_PATH: '/usr/lib/x86_64-linux-gnu/blas:/usr/lib/x86_64-linux-gnu/lapack' };
const args = process.argv.slice(2);
const flag = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const alsParams = { factors: 64, iterations: 15, regularization: 0.01, alpha: 40, cgSteps: 3 };
const knnParams = { neighbours: 50, shrinkage: 10 };

// ALS's second core: the worker-thread entry, as dist/workers holds it for training jobs.
const alsThreadBundle = path.join(root, 'dist', 'bench', 'als-thread.cjs');
// Worker threads for ALS (0: one core); default as a training job decides (one where a second core exists).
const threadsFlag = flag('--threads', null);

async function loadRecs() {
  if (!args.includes('--child')) {
    await build({
      stdin: {
        contents: ["export * from './native-workers/ml/recs/index';", "export { AlsThreads, alsThreadCount } from './native-workers/runtime/als-threads';"].join('\n'),
        resolveDir: root,
        loader: 'ts',
      },
      bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: bundle, logLevel: 'warning',
    });
    await build({ entryPoints: [path.join(root, 'native-workers', 'runtime', 'als-thread.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: alsThreadBundle, logLevel: 'warning' });
  }
  return import(pathToFileURL(bundle).href);
}

function readCsv(file) {
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
  const header = lines[0].split(',');
  const cols = header.map(() => []);
  for (let l = 1; l < lines.length; l++) {
    if (!lines[l]) continue;
    const cells = lines[l].split(',');
    for (let c = 0; c < header.length; c++) cols[c].push(cells[c] ?? null);
  }
  return Object.fromEntries(header.map((h, c) => [h.replace(/"/g, ''), cols[c]]));
}

function debianMatrix(R, extraItems) {
  const d = readCsv(path.join(sharedData, 'debian_depends.csv'));
  return R.buildInteractions({ users: d.package, items: d.depends }, { feedback: 'implicit', ...(extraItems ? { extraItems } : {}) });
}

/** In a child process: train one model on every interaction and report time and memory. */
async function child(model, threads) {
  const R = await import(pathToFileURL(bundle).href);
  const m = debianMatrix(R);
  const solver = model === 'als' && threads > 0 ? new R.AlsThreads(alsThreadBundle) : undefined;
  const t = performance.now();
  const cpu = process.cpuUsage();
  await R.trainModel(model, m, model === 'als' ? alsParams : knnParams, 0, null, undefined, solver);
  const used = process.cpuUsage(cpu);
  await solver?.close();
  console.log(JSON.stringify({ seconds: (performance.now() - t) / 1000, cpuSeconds: (used.user + used.system) / 1e6, peakRssMB: ownPeakRssMB(), threads: solver ? 2 : 1 }));
}

function runChild(model, threads) {
  const res = spawnSync(process.execPath, [here, '--child', model, String(threads)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (res.status !== 0) throw new Error(`our ${model} exited ${res.status}`);
  return JSON.parse(res.stdout.trim().split('\n').pop());
}

function runReference(files, model, users, items, k, params) {
  const res = spawnSync(python, [path.join(root, 'bench', 'recs_reference.py'), files.train, files.test, files.eval, String(users), String(items), model, String(k), JSON.stringify(params)], {
    encoding: 'utf8', env: pyEnv, maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (res.status !== 0) throw new Error(`numpy ${model} exited ${res.status}`);
  return JSON.parse(res.stdout.trim().split('\n').pop());
}

function writePairs(file, csr) {
  const out = new Int32Array(csr.indices.length * 2);
  let o = 0;
  for (let u = 0; u < csr.rows; u++) for (let k = csr.indptr[u]; k < csr.indptr[u + 1]; k++) { out[o++] = u; out[o++] = csr.indices[k]; }
  fs.writeFileSync(file, new Uint8Array(out.buffer));
}

async function speed(R) {
  fs.mkdirSync(dataDir, { recursive: true });
  const m = debianMatrix(R);
  const files = { train: path.join(dataDir, 'recs-all.i32'), test: path.join(dataDir, 'recs-none.i32'), eval: path.join(dataDir, 'recs-none-users.i32') };
  writePairs(files.train, m.byUser);
  fs.writeFileSync(files.test, new Uint8Array(0));
  fs.writeFileSync(files.eval, new Uint8Array(0));
  const threads = threadsFlag === null ? R.alsThreadCount() : Number(threadsFlag);
  const out = { bench: 'recs-speed', data: 'debian_depends', users: m.userIds.length, items: m.itemIds.length, interactions: m.byUser.indices.length, als: alsParams, itemknn: knnParams, load: round(os.loadavg()[0], 1) };
  for (const model of flag('--models', 'als,itemknn').split(',').filter((x) => x === 'als' || x === 'itemknn')) {
    const ours = runChild(model, threads);
    const ref = runReference(files, model, m.userIds.length, m.itemIds.length, 10, model === 'als' ? { ...alsParams, seed: 0 } : knnParams);
    out[model] = {
      threads: ours.threads, seconds: round(ours.seconds), cpuSeconds: round(ours.cpuSeconds), peakRssMB: round(ours.peakRssMB, 0),
      numpySeconds: round(ref.seconds), numpyCpuSeconds: round(ref.cpuSeconds), numpyPeakRssMB: round(ref.peakRssMB, 0),
      timeRatio: round(ours.seconds / ref.seconds), cpuRatio: round(ours.cpuSeconds / ref.cpuSeconds),
    };
  }
  console.log(JSON.stringify(out));
}

async function quality(R) {
  fs.mkdirSync(dataDir, { recursive: true });
  const meta = readCsv(path.join(sharedData, 'debian_packages.csv'));
  const metadata = {
    keys: meta.package,
    columns: [
      { name: 'section', kind: 'categorical', values: meta.section },
      { name: 'priority', kind: 'categorical', values: meta.priority },
      { name: 'installed_size_kb', kind: 'numeric', values: meta.installed_size_kb },
    ],
  };
  const m = debianMatrix(R);
  const k = 10;
  const seed = 0;
  const maxUsers = Number(flag('--eval-users', 5000));
  const split = R.holdout(m, { kind: 'random', fraction: 0.2 }, seed);
  const users = R.evaluationUsers(split, maxUsers, seed);
  const files = { train: path.join(dataDir, 'recs-train.i32'), test: path.join(dataDir, 'recs-test.i32'), eval: path.join(dataDir, 'recs-eval-users.i32') };
  writePairs(files.train, split.train.byUser);
  writePairs(files.test, split.test);
  fs.writeFileSync(files.eval, new Uint8Array(users.buffer, users.byteOffset, users.byteLength));
  const out = { bench: 'recs-quality', data: 'debian_depends', holdout: 'random:0.2', seed, k, heldOutUsers: split.users, evaluatedUsers: users.length, models: {} };
  const params = { als: alsParams, itemknn: knnParams, bpr: {}, popular: {}, content: {}, hybrid: alsParams };
  const only = flag('--models', 'popular,itemknn,als,bpr,content,hybrid').split(',');
  for (const model of only) {
    const model_ = await R.trainModel(model, split.train, params[model], seed, model === 'content' || model === 'hybrid' ? metadata : null);
    const e = await R.evaluate(model_, split, { k, maxUsers, seed });
    out.models[model] = { ndcg: round(e.metrics.ndcg, 4), recall: round(e.metrics.recall, 4), coverage: round(e.metrics.coverage, 4) };
  }
  for (const model of ['als', 'itemknn'].filter((m) => only.includes(m))) {
    const ref = runReference(files, model, m.userIds.length, m.itemIds.length, k, model === 'als' ? { ...alsParams, seed } : knnParams);
    out.models[model].numpyNdcg = round(ref.ndcg, 4);
    out.models[model].numpyRecall = round(ref.recall, 4);
  }
  const pop = out.models.popular;
  for (const model of Object.keys(out.models)) out.models[model].ndcgVsPopular = round(out.models[model].ndcg / pop.ndcg, 2);
  console.log(JSON.stringify(out));
}

if (args[0] === '--child') await child(args[1], Number(args[2]));
else {
  const R = await loadRecs();
  const part = flag('--part', 'all');
  if (part === 'all' || part === 'speed') await speed(R);
  if (part === 'all' || part === 'quality') await quality(R);
}

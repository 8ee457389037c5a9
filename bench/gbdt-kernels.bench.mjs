// Same-process A/B of GBDT's loops: the JS loops against the WebAssembly kernels (one thread
// each, identical trees), alternating twice, in CPU seconds as well as wall seconds so that a
// busy shared machine still gives a usable ratio. Cases: binary 200,000 × 30 (the gbdt-scale
// data; 30 rounds, depth 6) and multiclass 26 classes × 16,000 rows × 16 (prototype-plus-noise
// rows as in gbdt-multiclass; 20 rounds).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dataDir, round } from './lib.mjs';
import { kernelsFile, loadTrees } from './trees-lib.mjs';

const trees = await loadTrees();
const module = trees.compileKernels(kernelsFile);
if (typeof module === 'string') throw new Error(module);

function binaryCase() {
  const rows = 200_000;
  const cols = 30;
  const file = path.join(dataDir, `gbdt-scale-${rows}x${cols}.f64`);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run GBDT_SCALE_ROWS=${rows} npm run bench -- gbdt-scale once to generate it.`);
  const buf = fs.readFileSync(file);
  const all = new Float64Array(buf.buffer, buf.byteOffset, buf.byteLength / 8);
  return { X: { rows, cols, data: all.subarray(0, rows * cols) }, y: all.subarray(rows * cols), task: 'binary', nClasses: 2, nRounds: 30 };
}

function multiclassCase() {
  const rows = 16_000;
  const cols = 16;
  const classes = 26;
  const r = trees.rng(1);
  const proto = Array.from({ length: classes }, () => Array.from({ length: cols }, () => 2 + r.next() * 11));
  const X = new Float64Array(rows * cols);
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const c = r.int(classes);
    y[i] = c;
    for (let f = 0; f < cols; f++) X[i * cols + f] = Math.min(15, Math.max(0, Math.round(proto[c][f] + 2.2 * r.normal())));
  }
  return { X: { rows, cols, data: X }, y, task: 'multiclass', nClasses: classes, nRounds: 20 };
}

function time(c, way) {
  const histogramBuilder = way === 'wasm' ? new trees.WasmTreeBuilder(module) : undefined;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  new trees.GradientBoosting({ nRounds: c.nRounds, maxDepth: 6 }, histogramBuilder ? { histogramBuilder } : {}).fit(c.X, c.y, { task: c.task, nClasses: c.nClasses, seed: 1 });
  const cpu = process.cpuUsage(c0);
  return { seconds: (performance.now() - t0) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

const loadBefore = os.loadavg()[0];
const out = {};
for (const [name, c] of [['binary', binaryCase()], ['multiclass', multiclassCase()]]) {
  const runs = { js: [], wasm: [] };
  for (let rep = 0; rep < 2; rep++) for (const way of ['js', 'wasm']) runs[way].push(time(c, way));
  const best = (v, key) => round(Math.min(...v.map((x) => x[key])));
  out[name] = {
    js: { seconds: best(runs.js, 'seconds'), cpuSeconds: best(runs.js, 'cpuSeconds') },
    wasm: { seconds: best(runs.wasm, 'seconds'), cpuSeconds: best(runs.wasm, 'cpuSeconds') },
    cpuSpeedup: round(Math.min(...runs.js.map((x) => x.cpuSeconds)) / Math.min(...runs.wasm.map((x) => x.cpuSeconds))),
  };
}
console.log(JSON.stringify({ bench: 'gbdt-kernels', loadavg: [round(loadBefore, 1), round(os.loadavg()[0], 1)], ...out }));

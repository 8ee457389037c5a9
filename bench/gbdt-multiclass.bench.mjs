// GBDT multiclass speed and accuracy: a 26-class table of 20,000 rows × 16 integer features
// (0..15), generated with planted structure in the letter-recognition set's shape (that set is
// not available offline): each class has a prototype, a row is its prototype plus noise, and
// two features interact with the class through a product. 5-fold stratified CV (folds drawn
// here and handed to Python, so both sides see the same rows); ours (WebAssembly kernels, one
// histogram thread, as training jobs run it) against XGBoost multi:softprob, hist, nthread=2,
// with the same settings (200 rounds, depth 6, η 0.1, 256 bins), seconds and accuracy.
// GBDT_MC_ROUNDS sets fewer rounds on a busy machine. Goal: ≤ 1.5× XGBoost's time.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { round } from './lib.mjs';
import { kernelsFile, loadTrees, python, runPython, wasmThreadFile } from './trees-lib.mjs';

const rows = 20_000;
const cols = 16;
const classes = 26;
const folds = 5;
const rounds = Number(process.env.GBDT_MC_ROUNDS ?? 200);
const trees = await loadTrees();

function generate() {
  const r = trees.rng(20261206);
  const proto = Array.from({ length: classes }, () => Array.from({ length: cols }, () => 2 + r.next() * 11));
  const X = new Float64Array(rows * cols);
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const c = r.int(classes);
    y[i] = c;
    for (let f = 0; f < cols; f++) {
      let v = proto[c][f] + 2.2 * r.normal();
      if (f === 14) v = (proto[c][0] * proto[c][1]) / 12 + 1.5 * r.normal();
      X[i * cols + f] = Math.min(15, Math.max(0, Math.round(v)));
    }
  }
  return { X: { rows, cols, data: X }, y };
}

const loadBefore = os.loadavg()[0];
const { X, y } = generate();
const rr = trees.rng(7);
const fold = trees.stratifiedFolds(y, folds, () => rr.next());
const split = (k) => {
  const train = [];
  const test = [];
  fold.forEach((f, i) => (f === k ? test : train).push(i));
  return { train, test };
};

const module = trees.compileKernels(kernelsFile);
if (typeof module === 'string') throw new Error(module);
const accuracy = (truth, pick) => truth.reduce((a, t, i) => a + (t === pick(i) ? 1 : 0), 0) / truth.length;
const ours = [];
const t0 = performance.now();
for (let k = 0; k < folds; k++) {
  const { train, test } = split(k);
  const histogramBuilder = new trees.WasmTreeBuilder(module, { threads: 1, workerFile: wasmThreadFile });
  const m = new trees.GradientBoosting({ nRounds: rounds, maxDepth: 6, learningRate: 0.1, lambda: 1, minChildWeight: 1, maxBins: 256 }, { histogramBuilder });
  m.fit(trees.takeRows(X, train), trees.takeValues(y, train), { task: 'multiclass', nClasses: classes, seed: k });
  const p = m.predict(trees.takeRows(X, test));
  const argmax = (i) => {
    let best = 0;
    for (let c = 1; c < classes; c++) if (p[i * classes + c] > p[i * classes + best]) best = c;
    return best;
  };
  ours.push(accuracy(test.map((i) => y[i]), argmax));
  await histogramBuilder.close();
}
const ourSeconds = (performance.now() - t0) / 1000;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-multiclass-'));
const file = path.join(tmp, 'data.f64');
fs.writeFileSync(file, Buffer.concat([Buffer.from(X.data.buffer), Buffer.from(y.buffer), Buffer.from(new Float64Array(fold).buffer)]));
const xgb = runPython(`
import json, sys, time
import numpy as np, xgboost as xgb
rows, cols, classes, folds, rounds = (int(a) for a in sys.argv[2:7])
a = np.fromfile(sys.argv[1], dtype='<f8')
X, y, fold = a[:rows * cols].reshape(rows, cols), a[rows * cols:rows * cols + rows], a[rows * cols + rows:]
acc, t0 = [], time.perf_counter()
for k in range(folds):
    tr, te = fold != k, fold == k
    b = xgb.train({'objective': 'multi:softprob', 'num_class': classes, 'tree_method': 'hist', 'max_depth': 6, 'eta': 0.1, 'lambda': 1,
                   'min_child_weight': 1, 'max_bin': 256, 'nthread': 2}, xgb.DMatrix(X[tr], label=y[tr], nthread=2), rounds)
    acc.append(float((b.predict(xgb.DMatrix(X[te])).argmax(axis=1) == y[te]).mean()))
print(json.dumps({'accuracy': acc, 'seconds': time.perf_counter() - t0}))
`, [file, String(rows), String(cols), String(classes), String(folds), String(rounds)]);
fs.rmSync(tmp, { recursive: true, force: true });

const mean = (v) => v.reduce((a, b) => a + b, 0) / v.length;
console.log(JSON.stringify({
  bench: 'gbdt-multiclass', rows, cols, classes, folds, rounds, python, data: 'generated (letter-recognition is not available offline)',
  loadavg: [round(loadBefore, 1), round(os.loadavg()[0], 1)],
  seconds: round(ourSeconds), accuracy: round(mean(ours), 4),
  xgboost: { nthread: 2, seconds: round(xgb.seconds), accuracy: round(mean(xgb.accuracy), 4) },
  timeRatio: round(ourSeconds / xgb.seconds),
  goal: 'timeRatio <= 1.5',
}));

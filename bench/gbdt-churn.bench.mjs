// GBDT accuracy on mlc_churn.csv: 5-fold stratified CV (folds drawn here with a fixed seed and
// handed to Python as indices, so both sides see the same rows and the same encoding), ROC AUC of
// our GBDT against XGBoost hist with the same settings (200 rounds, depth 6, η 0.1, λ 1, 256 bins).
// Ours runs on the WebAssembly kernels with a histogram thread, as training jobs do (the same
// trees as the JS loops). Goal: mean AUC within 0.005 of XGBoost's.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { round } from './lib.mjs';
import { kernelsFile, loadTrees, python, runPython, wasmThreadFile } from './trees-lib.mjs';

const folds = 5;
const trees = await loadTrees();
const data = trees.churnDataset(fs.readFileSync(path.resolve(process.env.ASSAY_DATA ?? '/work/shared/data', 'mlc_churn.csv'), 'utf8'));
const r = trees.rng(20261126);
const fold = trees.stratifiedFolds(data.y, folds, () => r.next());

const mean = (v) => v.reduce((a, b) => a + b, 0) / v.length;
const std = (v) => Math.sqrt(v.reduce((a, b) => a + (b - mean(v)) ** 2, 0) / (v.length - 1));
const split = (k) => {
  const train = [];
  const test = [];
  fold.forEach((f, i) => (f === k ? test : train).push(i));
  return { train, test };
};

const kernels = trees.compileKernels(kernelsFile);
if (typeof kernels === 'string') throw new Error(kernels);
const histogramBuilder = new trees.WasmTreeBuilder(kernels, { threads: 1, workerFile: wasmThreadFile });
const ours = [];
const t0 = performance.now();
for (let k = 0; k < folds; k++) {
  const { train, test } = split(k);
  const m = new trees.GradientBoosting({ nRounds: 200, maxDepth: 6, learningRate: 0.1, lambda: 1, minChildWeight: 1, maxBins: 256 }, { histogramBuilder });
  m.fit(trees.takeRows(data.X, train), trees.takeValues(data.y, train), { task: 'binary', nClasses: 2, seed: k });
  const p = m.predict(trees.takeRows(data.X, test));
  ours.push(trees.rocAuc(trees.takeValues(data.y, test), new Float64Array(test.length).map((_, i) => p[2 * i + 1])));
}
const ourSeconds = (performance.now() - t0) / 1000;
await histogramBuilder.close();

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-churn-'));
const file = path.join(tmp, 'churn.json');
fs.writeFileSync(file, JSON.stringify({ X: Array.from(data.X.data), cols: data.X.cols, y: Array.from(data.y), folds: Array.from({ length: folds }, (_, k) => split(k)) }));
const xgb = runPython(`
import json, sys, time
import numpy as np, xgboost as xgb
d = json.load(open(sys.argv[1]))
X, y = np.array(d['X']).reshape(-1, d['cols']), np.array(d['y'])
preds, t0 = [], time.perf_counter()
for f in d['folds']:
    tr, te = np.array(f['train']), np.array(f['test'])
    b = xgb.train({'objective': 'binary:logistic', 'tree_method': 'hist', 'max_depth': 6, 'eta': 0.1, 'lambda': 1, 'min_child_weight': 1, 'max_bin': 256, 'nthread': 2},
                  xgb.DMatrix(X[tr], label=y[tr]), 200)
    preds.append(b.predict(xgb.DMatrix(X[te])).tolist())
print(json.dumps({'preds': preds, 'seconds': time.perf_counter() - t0}))
`, [file]);
fs.rmSync(tmp, { recursive: true, force: true });
const theirs = xgb.preds.map((p, k) => trees.rocAuc(trees.takeValues(data.y, split(k).test), p));

console.log(JSON.stringify({
  bench: 'gbdt-churn', folds, python,
  auc: { mean: round(mean(ours), 4), std: round(std(ours), 4), folds: ours.map((a) => round(a, 4)) },
  xgboost: { mean: round(mean(theirs), 4), std: round(std(theirs), 4), folds: theirs.map((a) => round(a, 4)) },
  difference: round(mean(ours) - mean(theirs), 4),
  seconds: round(ourSeconds), xgboostSeconds: round(xgb.seconds),
  goal: '|difference| <= 0.005',
}));

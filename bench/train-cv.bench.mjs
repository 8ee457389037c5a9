// 5-fold CV of gradient boosting on the churn data through the whole app path (`assay train`:
// host, plan job, 5 fold jobs beside the refit job, final job), with the jobs in parallel
// (ASSAY_JOBS=2, this machine's cores) against one at a time (ASSAY_JOBS=1) in the same run.
// Reports the wall time of the cross-validation phase (folds + refit) and of the whole run both
// ways, and the speed-ups (goal >= 1.7 on 2 cores). Run it on a quiet machine: `load` says.
// `-- --storage rows,columns` runs it for row tables and column chunks in the same run (#20).
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { cli, round, sharedData, tempHome } from './lib.mjs';

const data = path.join(sharedData, 'mlc_churn.csv');

function run(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`assay ${args[0]} exited ${code}`))));
  });
}

// --storage rows,columns: the same bench once per dataset storage (ASSAY_DATASET_STORAGE at import),
// each in a project of its own, in one run; one JSON line either way.
const flag = process.argv.indexOf('--storage');
const storages = flag === -1 ? [null] : process.argv[flag + 1].split(',');

async function measure(storage) {
  const home = tempHome();
  const project = path.join(home, 'cv.assay');
  const env = { ASSAY_HOME: home, ...(storage ? { ASSAY_DATASET_STORAGE: storage } : {}) };
  await run(['new', project], env);
  await run(['import', project, data, '--name', 'churn'], env);
  const train = async (jobs) => {
    const out = await run(['train', project, '--dataset', 'churn', '--target', 'churn', '--model', 'gbdt', '--cv', '5', '--json'], { ...env, ASSAY_JOBS: String(jobs) });
    return JSON.parse(out.trim().split('\n').pop());
  };
  // Warm the page cache and the worker start-up once before measuring.
  await train(2);
  const sequential = await train(1);
  const parallel = await train(2);
  return {
    rows: parallel.folds.filter((f) => f.fold >= 0).reduce((n, f) => n + f.validationRows, 0),
    sequentialCvS: round(sequential.timings.folds, 2),
    parallelCvS: round(parallel.timings.folds, 2),
    speedup: round(sequential.timings.folds / parallel.timings.folds, 2),
    sequentialRunS: round(sequential.seconds, 2),
    parallelRunS: round(parallel.seconds, 2),
    runSpeedup: round(sequential.seconds / parallel.seconds, 2),
    rocAuc: round(parallel.metrics.roc_auc.mean, 4),
    identicalMetrics: JSON.stringify(sequential.metrics) === JSON.stringify(parallel.metrics),
  };
}

const loadBefore = os.loadavg().map((l) => round(l, 1));
const results = {};
for (const s of storages) results[s ?? 'default'] = await measure(s);
const only = storages.length === 1 ? results[storages[0] ?? 'default'] : null;
console.log(
  JSON.stringify({
    bench: 'train-cv',
    cores: os.cpus().length,
    folds: 5,
    ...(only ?? { byStorage: results }),
    ...(results.rows && results.columns ? { columnsRunToRows: round(results.columns.parallelRunS / results.rows.parallelRunS, 2) } : {}),
    loadBefore,
    load: os.loadavg().map((l) => round(l, 1)),
  }),
);

// Serving with monitoring on vs off, same run: `assay serve-model` of the churn
// GBDT answering single rows at a fixed rate (open loop, keep-alive, loopback).
// On: every prediction logged to the project (the log thread) and the model's
// alert rules, a drift rule included, evaluated every SERVE_CHECK_EVERY (5s;
// the app's default is 5m) over the log: the hour's window checked against the
// reference, which reads every prediction logged in it. Off: --read-only, so
// nothing is logged or evaluated. Rounds alternate off/on so the machine's load
// drifts into both alike; the figure is the median of the rounds' p99.
// SERVE_RATE (default 1000), SERVE_SECONDS (default 10), SERVE_ROUNDS (default 2), SERVE_CHECK_EVERY (5s).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import Papa from 'papaparse';
import { load } from './http-load.mjs';
import { churnServingProject, cli, loadInspect, round, sharedData, stop } from './lib.mjs';

const rate = Number(process.env.SERVE_RATE ?? 1000);
const seconds = Number(process.env.SERVE_SECONDS ?? 10);
const rounds = Number(process.env.SERVE_ROUNDS ?? 2);
const checkEvery = process.env.SERVE_CHECK_EVERY ?? '5s';
const { home, env, project, assay } = churnServingProject();
assay('monitor', 'alerts', project, '--model', 'churn', '--add', 'drift_share > 0.9', '--window', '1h', '--min-rows', '100');
assay('monitor', 'alerts', project, '--model', 'churn', '--add', 'p99_ms > 1000', '--window', '1h', '--min-rows', '100');
assay('monitor', 'alerts', project, '--model', 'churn', '--schedule', checkEvery);

const csv = Papa.parse(fs.readFileSync(path.join(sharedData, 'mlc_churn.csv'), 'utf8'), { header: true, dynamicTyping: true, skipEmptyLines: true }).data;
const bodies = csv.slice(0, 500).map(({ churn: _target, ...rest }) => JSON.stringify(rest));

function serve(readOnly) {
  const child = spawn(process.execPath, [cli, 'serve-model', project, '--model', 'churn', '--port', '0', ...(readOnly ? ['--read-only'] : [])], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    readline.createInterface({ input: child.stdout }).once('line', (url) => resolve({ url: url.trim(), child }));
    child.once('exit', (code) => reject(new Error(`serve-model exited ${code}`)));
  });
}

const load0 = os.loadavg()[0];
const runs = { off: [], on: [] };
for (let r = 0; r < rounds; r++) {
  for (const mode of ['off', 'on']) {
    const served = await serve(mode === 'off');
    runs[mode].push(await load(`${served.url}/predict`, (i) => bodies[i % bodies.length], { rate, seconds }));
    await stop(served.child);
  }
}
const inspect = await loadInspect();
const db = inspect.openDatabase(project, { readonly: true });
const logged = inspect.countTableRows(db, 'predictions');
db.close();
fs.rmSync(home, { recursive: true, force: true });

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const p99 = { off: median(runs.off.map((x) => x.p99Ms)), on: median(runs.on.map((x) => x.p99Ms)) };
console.log(JSON.stringify({
  bench: 'serving-monitoring',
  model: 'churn gbdt (default params)',
  targetRps: rate,
  seconds,
  rounds,
  checkEvery,
  p99MsOff: round(p99.off, 3),
  p99MsOn: round(p99.on, 3),
  p99DeltaMs: round(p99.on - p99.off, 3),
  p50MsOff: round(median(runs.off.map((x) => x.p50Ms)), 3),
  p50MsOn: round(median(runs.on.map((x) => x.p50Ms)), 3),
  achievedRpsOn: round(median(runs.on.map((x) => x.achievedRps)), 1),
  errors: [...runs.off, ...runs.on].reduce((a, x) => a + x.errors, 0),
  runs,
  predictionsLogged: logged,
  loadAverage1m: round(load0, 1),
  cpus: os.cpus().length,
  goalDeltaMs: 0.5,
  meetsGoal: p99.on - p99.off <= 0.5,
}));

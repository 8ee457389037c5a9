// Local serving of the churn model: `assay serve-model` answering single-row
// predictions at a fixed 1,000 requests/s from an open-loop load generator on
// loopback (keep-alive), p50/p99 latency as the client sees it; then batch
// throughput (batches of 1,000 rows). Reference in the same run: a bare
// node:http server (its own process) answering a fixed JSON at the same rate.
// SERVE_RATE (default 1000) and SERVE_SECONDS (default 10) change the load.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import readline from 'node:readline';
import Papa from 'papaparse';
import os from 'node:os';
import { load as loadAt, post } from './http-load.mjs';
import { churnServingProject, cli, loadInspect, percentile, round, sharedData, stop, treeCpuTicks } from './lib.mjs';

const rate = Number(process.env.SERVE_RATE ?? 1000);
const seconds = Number(process.env.SERVE_SECONDS ?? 10);
const { home, env, project } = churnServingProject();

const csv = Papa.parse(fs.readFileSync(path.join(sharedData, 'mlc_churn.csv'), 'utf8'), { header: true, dynamicTyping: true, skipEmptyLines: true }).data;
const rows = csv.map(({ churn: _target, ...rest }) => rest);

function startChild(args) {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    readline.createInterface({ input: child.stdout }).once('line', (url) => resolve({ url: url.trim(), child }));
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code}`)));
  });
}

async function batches(url, size, forS = 5) {
  const agent = new http.Agent({ keepAlive: true });
  const bodies = Array.from({ length: 4 }, (_, k) => JSON.stringify({ rows: rows.slice(k * size, (k + 1) * size) }));
  await post(agent, url, bodies[0]);
  const times = [];
  let done = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < forS * 1000) {
    const r = await post(agent, url, bodies[done % bodies.length]);
    if (!r.ok) throw new Error('batch failed');
    times.push(r.ms);
    done++;
  }
  const elapsed = (performance.now() - t0) / 1000;
  agent.destroy();
  times.sort((a, b) => a - b);
  return { rowsPerSecond: Math.round((done * size) / elapsed), batchP50Ms: round(percentile(times, 50), 1), batches: done };
}

const load = (url, bodyOf) => loadAt(url, bodyOf, { rate, seconds });
const bodies = rows.slice(0, 500).map((r) => JSON.stringify(r));
const served = await startChild([cli, 'serve-model', project, '--model', 'churn', '--port', '0']);
const load0 = os.loadavg()[0];
let ticks = treeCpuTicks(served.child.pid);
const single = await load(`${served.url}/predict`, (i) => bodies[i % bodies.length]);
const serverCpuMs = ((treeCpuTicks(served.child.pid) - ticks) * 10) / (rate * (seconds + 1));
const batch = await batches(`${served.url}/predict`, 1000);
const metrics = await (await fetch(`${served.url}/metrics`)).text();
await stop(served.child);
const inspect = await loadInspect();
const logDb = inspect.openDatabase(project, { readonly: true });
const logged = inspect.countTableRows(logDb, 'predictions');
logDb.close();

const bare = await startChild(['-e', `const h=require('http');const b=JSON.stringify({model:'churn',version:1,predictions:[{label:'no',probabilities:{no:0.98,yes:0.02}}]});h.createServer((q,s)=>{q.resume();q.on('end',()=>{s.writeHead(200,{'content-type':'application/json','content-length':b.length});s.end(b)})}).listen(0,'127.0.0.1',function(){console.log('http://127.0.0.1:'+this.address().port)})`]);
ticks = treeCpuTicks(bare.child.pid);
const reference = await load(`${bare.url}/predict`, (i) => bodies[i % bodies.length]);
const referenceCpuMs = ((treeCpuTicks(bare.child.pid) - ticks) * 10) / (rate * (seconds + 1));
await stop(bare.child);
fs.rmSync(home, { recursive: true, force: true });

console.log(JSON.stringify({
  bench: 'serve',
  model: 'churn gbdt (default params)',
  targetRps: rate,
  seconds,
  achievedRps: single.achievedRps,
  p50Ms: single.p50Ms,
  p99Ms: single.p99Ms,
  errors: single.errors,
  batchRows: 1000,
  batchRowsPerSecond: batch.rowsPerSecond,
  batchP50Ms: batch.batchP50Ms,
  referenceRps: reference.achievedRps,
  referenceP50Ms: reference.p50Ms,
  referenceP99Ms: reference.p99Ms,
  serverCpuMsPerRequest: round(serverCpuMs, 3),
  referenceCpuMsPerRequest: round(referenceCpuMs, 3),
  predictionsLogged: logged,
  loadAverage1m: round(load0, 1),
  cpus: os.cpus().length,
  metricsRequests: Number(/assay_predict_requests_total\{model="churn",version="1",status="200"\} (\d+)/.exec(metrics)?.[1] ?? NaN),
  goalP99Ms: 5,
  meetsGoal: single.p99Ms < 5 && single.errors === 0,
}));

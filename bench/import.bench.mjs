// Import of a generated 100 MB CSV through the whole app path (`assay import`: host + worker,
// parse, type, store in SQLite), against papaparse alone streaming the same file in the same run.
// Reports MB/s of both, their ratio in wall time and in CPU time (the machine is shared: CPU time
// is what a loaded machine distorts least), the peak RSS of host and worker and the project
// file's size, with row-table storage and with column chunks (ASSAY_DATASET_STORAGE), in one line.
// `--rounds N` (default 1) repeats papaparse and each import N times, interleaved, and reports
// medians; `--storage columns|rows` runs one storage only. The load average is printed around it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { childPids, cli, dataDir, round, tempHome, watchRss } from './lib.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1];
};
const rounds = Number(arg('rounds', '1'));
const storages = arg('storage', 'rows,columns').split(',');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

const targetBytes = 100 * 1000 * 1000;
const file = path.join(dataDir, 'import-100mb.csv');

function generate() {
  if (fs.existsSync(file) && fs.statSync(file).size >= targetBytes) return;
  fs.mkdirSync(dataDir, { recursive: true });
  const out = fs.openSync(file, 'w');
  fs.writeSync(out, 'id,customer,region,plan,tenure_months,monthly_fee,usage_gb,support_calls,signup_date,churned\n');
  const regions = ['north', 'south', 'east', 'west', 'central'];
  const plans = ['basic', 'plus', 'pro'];
  let bytes = 0;
  let buf = '';
  for (let i = 1; bytes < targetBytes; i++) {
    const line = `${i},cust_${(i * 7919) % 1000003},${regions[i % 5]},${plans[i % 3]},${i % 72},${(19.99 + (i % 50)).toFixed(2)},${((i * 0.37) % 500).toFixed(3)},${i % 9},2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')},${i % 7 === 0 ? 'yes' : 'no'}\n`;
    buf += line;
    bytes += line.length;
    if (buf.length > 1 << 20) {
      fs.writeSync(out, buf);
      buf = '';
    }
  }
  fs.writeSync(out, buf);
  fs.closeSync(out);
}

async function papaparseAlone() {
  const { default: Papa } = await import('papaparse');
  const t0 = performance.now();
  const c0 = cpuNow();
  let rows = 0;
  await new Promise((resolve, reject) => {
    Papa.parse(fs.createReadStream(file, { highWaterMark: 1 << 20 }), {
      chunk: (r) => (rows += r.data.length),
      complete: resolve,
      error: reject,
    });
  });
  return { seconds: (performance.now() - t0) / 1000, cpuSeconds: cpuNow() - c0, rows: rows - 1 };
}

async function assayImport(storage) {
  const home = tempHome();
  const project = path.join(home, 'bench.assay');
  const env = { ...process.env, ASSAY_HOME: home, ASSAY_DATASET_STORAGE: storage };
  const times = path.join(home, 'cpu.txt');
  // Under /usr/bin/time for the CPU seconds of host and worker (both threads) together.
  const run = (args) =>
    new Promise((resolve, reject) => {
      const child = spawn('/usr/bin/time', ['-o', times, '-f', '%U %S', process.execPath, cli, ...args], { env, stdio: ['ignore', 'pipe', 'inherit'] });
      let rss = null;
      const find = setInterval(() => {
        const [host] = childPids(child.pid);
        if (host && !rss) rss = watchRss(host);
      }, 5);
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.once('exit', (code) => {
        clearInterval(find);
        const peak = rss?.stop() ?? { hostMB: 0, workerMB: 0 };
        const [user, sys] = fs.readFileSync(times, 'utf8').trim().split('\n').pop().split(' ').map(Number);
        if (code === 0) resolve({ out, rss: peak, cpuSeconds: user + sys });
        else reject(new Error(`assay ${args[0]} exited ${code}`));
      });
    });
  await run(['new', project]);
  const t0 = performance.now();
  const { out, rss, cpuSeconds } = await run(['import', project, file, '--json']);
  const seconds = (performance.now() - t0) / 1000;
  // The file once the import's process closed it (WAL checkpointed).
  const fileMB = fs.statSync(project).size / 2 ** 20;
  fs.rmSync(home, { recursive: true, force: true });
  return { seconds, cpuSeconds, result: JSON.parse(out), rss, fileMB };
}

generate();
const mb = fs.statSync(file).size / 1e6;
const loadBefore = os.loadavg()[0];
const refs = [];
const apps = Object.fromEntries(storages.map((s) => [s, []]));
for (let r = 0; r < rounds; r++) {
  refs.push(await papaparseAlone());
  for (const storage of storages) apps[storage].push(await assayImport(storage));
}
const ref = { seconds: median(refs.map((x) => x.seconds)), cpuSeconds: median(refs.map((x) => x.cpuSeconds)) };
const line = {
  bench: 'import',
  fileMB: round(mb, 1),
  rounds,
  papaparseAloneSeconds: round(ref.seconds),
  papaparseAloneCpuSeconds: round(ref.cpuSeconds),
  papaparseAloneMBps: round(mb / ref.seconds, 1),
};
for (const storage of storages) {
  const runs = apps[storage];
  const seconds = median(runs.map((x) => x.seconds));
  const cpuSeconds = median(runs.map((x) => x.cpuSeconds));
  Object.assign(line, {
    [`${storage}_rows`]: runs[0].result.rowsStored,
    [`${storage}_importSeconds`]: round(seconds),
    [`${storage}_importCpuSeconds`]: round(cpuSeconds),
    [`${storage}_importMBps`]: round(mb / seconds, 1),
    [`${storage}_ratioImportToPapaparse`]: round(ref.seconds / seconds, 3),
    [`${storage}_ratioCpuToPapaparse`]: round(ref.cpuSeconds / cpuSeconds, 3),
    // Each round's ratio to the papaparse run beside it.
    [`${storage}_roundRatios`]: runs.map((x, k) => round(refs[k].seconds / x.seconds, 3)),
    [`${storage}_peakRssHostMB`]: Math.max(...runs.map((x) => x.rss.hostMB)),
    [`${storage}_peakRssWorkerMB`]: Math.max(...runs.map((x) => x.rss.workerMB)),
    [`${storage}_projectMB`]: round(runs[0].fileMB, 1),
  });
}
if (apps.rows && apps.columns) {
  line.columnsToRowsSpeed = round(line.rows_importSeconds / line.columns_importSeconds, 3);
  line.columnsToRowsFileSize = round(line.columns_projectMB / line.rows_projectMB, 3);
}
line.loadAverage = [round(loadBefore, 1), round(os.loadavg()[0], 1)];
console.log(JSON.stringify(line));

// Import of a generated 100 MB CSV through the whole app path (`assay import`: host + worker,
// parse, type, store in SQLite), against papaparse alone streaming the same file in the same run.
// Reports MB/s of both, their ratio, and the peak RSS of host and worker.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cli, dataDir, round, tempHome, watchRss } from './lib.mjs';

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
  let rows = 0;
  await new Promise((resolve, reject) => {
    Papa.parse(fs.createReadStream(file, { highWaterMark: 1 << 20 }), {
      chunk: (r) => (rows += r.data.length),
      complete: resolve,
      error: reject,
    });
  });
  return { seconds: (performance.now() - t0) / 1000, rows: rows - 1 };
}

async function assayImport() {
  const home = tempHome();
  const project = path.join(home, 'bench.assay');
  const env = { ...process.env, ASSAY_HOME: home };
  const run = (args) =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [cli, ...args], { env, stdio: ['ignore', 'pipe', 'inherit'] });
      const rss = watchRss(child.pid);
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.once('exit', (code) => (code === 0 ? resolve({ out, rss: rss.stop() }) : reject(new Error(`assay ${args[0]} exited ${code}`))));
    });
  await run(['new', project]);
  const t0 = performance.now();
  const { out, rss } = await run(['import', project, file, '--json']);
  const seconds = (performance.now() - t0) / 1000;
  fs.rmSync(home, { recursive: true, force: true });
  return { seconds, result: JSON.parse(out), rss };
}

generate();
const mb = fs.statSync(file).size / 1e6;
const ref = await papaparseAlone();
const app = await assayImport();
console.log(JSON.stringify({
  bench: 'import',
  fileMB: round(mb, 1),
  rows: app.result.rowsStored,
  importSeconds: round(app.seconds),
  importMBps: round(mb / app.seconds, 1),
  papaparseAloneSeconds: round(ref.seconds),
  papaparseAloneMBps: round(mb / ref.seconds, 1),
  ratioImportToPapaparse: round(ref.seconds / app.seconds, 3),
  peakRssHostMB: app.rss.hostMB,
  peakRssWorkerMB: app.rss.workerMB,
}));

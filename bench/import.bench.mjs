// Import of a generated 100 MB CSV through the whole app path (`assay import`: host + worker,
// parse, type, store in SQLite), against papaparse alone streaming the same file in the same run.
// Reports MB/s of both, their ratio, the peak RSS of host and worker and the project file's size,
// once with row-table storage and once with column chunks (ASSAY_DATASET_STORAGE), in one line.
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

async function assayImport(storage) {
  const home = tempHome();
  const project = path.join(home, 'bench.assay');
  const env = { ...process.env, ASSAY_HOME: home, ASSAY_DATASET_STORAGE: storage };
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
  // The file once the import's process closed it (WAL checkpointed).
  const fileMB = fs.statSync(project).size / 2 ** 20;
  fs.rmSync(home, { recursive: true, force: true });
  return { seconds, result: JSON.parse(out), rss, fileMB };
}

generate();
const mb = fs.statSync(file).size / 1e6;
const ref = await papaparseAlone();
const line = { bench: 'import', fileMB: round(mb, 1), papaparseAloneSeconds: round(ref.seconds), papaparseAloneMBps: round(mb / ref.seconds, 1) };
for (const storage of ['rows', 'columns']) {
  const app = await assayImport(storage);
  Object.assign(line, {
    [`${storage}_rows`]: app.result.rowsStored,
    [`${storage}_importSeconds`]: round(app.seconds),
    [`${storage}_importMBps`]: round(mb / app.seconds, 1),
    [`${storage}_ratioImportToPapaparse`]: round(ref.seconds / app.seconds, 3),
    [`${storage}_peakRssHostMB`]: app.rss.hostMB,
    [`${storage}_peakRssWorkerMB`]: app.rss.workerMB,
    [`${storage}_projectMB`]: round(app.fileMB, 1),
  });
}
line.columnsToRowsSpeed = round(line.rows_importSeconds / line.columns_importSeconds, 3);
line.columnsToRowsFileSize = round(line.columns_projectMB / line.rows_projectMB, 3);
console.log(JSON.stringify(line));

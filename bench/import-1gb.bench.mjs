// `npm run bench -- import-1gb [--size-mb N]` (default 1000): a generated CSV of 30 mixed-type
// columns, 1% of its rows ragged (a field missing or one too many), imported through the whole
// app path (`assay import`: host + worker, parse, type, store in SQLite). Compared in the same run
// with papaparse alone streaming the file, and DuckDB read_csv into a table of a database file.
// Reports MB/s of each, the ratios, the worker's peak RSS, and whether every broken row (and
// nothing else) was quarantined. The file lives in /tmp and is deleted afterwards.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cli, round, tempHome, watchRss } from './lib.mjs';

const at = process.argv.indexOf('--size-mb');
const sizeMb = at === -1 ? 1000 : Number(process.argv[at + 1]);
if (!(sizeMb > 0)) throw new Error('--size-mb must be a positive number');
const targetBytes = sizeMb * 1e6;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-bench-1gb-'));
const file = path.join(work, `import-${sizeMb}mb.csv`);

/** 30 columns: 10 integers, 8 decimals, 4 categories, 3 booleans, 3 dates, 2 free texts. Returns the broken-row count. */
function generate() {
  const cols = [];
  for (let i = 0; i < 10; i++) cols.push(`int_${i}`);
  for (let i = 0; i < 8; i++) cols.push(`num_${i}`);
  for (let i = 0; i < 4; i++) cols.push(`cat_${i}`);
  for (let i = 0; i < 3; i++) cols.push(`flag_${i}`);
  for (let i = 0; i < 3; i++) cols.push(`date_${i}`);
  cols.push('comment', 'code');
  const cats = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'];
  const out = fs.openSync(file, 'w');
  fs.writeSync(out, `${cols.join(',')}\n`);
  let bytes = 0;
  let broken = 0;
  let buf = '';
  for (let r = 1; bytes < targetBytes; r++) {
    const f = [];
    for (let i = 0; i < 10; i++) f.push(String((r * (i + 7919)) % 1000003));
    for (let i = 0; i < 8; i++) f.push(((r * (i + 1) * 0.37) % 1000).toFixed(3));
    for (let i = 0; i < 4; i++) f.push(cats[(r + i) % 5]);
    for (let i = 0; i < 3; i++) f.push((r + i) % 3 === 0 ? 'true' : 'false');
    for (let i = 0; i < 3; i++) f.push(`20${10 + ((r + i) % 15)}-${String(((r + i) % 12) + 1).padStart(2, '0')}-${String(((r + i) % 28) + 1).padStart(2, '0')}`);
    f.push(r % 11 === 0 ? `"note, with comma ${r}"` : `note ${r % 997}`);
    f.push(`C${(r * 31) % 100000}`);
    // Every 100th row is ragged: one field short or one too many.
    if (r % 100 === 0) {
      broken++;
      if (r % 200 === 0) f.pop();
      else f.push('extra');
    }
    const line = `${f.join(',')}\n`;
    buf += line;
    bytes += line.length;
    if (buf.length > 1 << 22) {
      fs.writeSync(out, buf);
      buf = '';
    }
  }
  fs.writeSync(out, buf);
  fs.closeSync(out);
  return broken;
}

async function papaparseAlone() {
  const { default: Papa } = await import('papaparse');
  const t0 = performance.now();
  let rows = 0;
  await new Promise((resolve, reject) => {
    Papa.parse(fs.createReadStream(file, { highWaterMark: 1 << 20 }), { chunk: (r) => (rows += r.data.length), complete: resolve, error: reject });
  });
  return { seconds: (performance.now() - t0) / 1000, rows: rows - 1 };
}

async function duckdb() {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const db = path.join(work, 'duck.db');
  const instance = await DuckDBInstance.create(db);
  const conn = await instance.connect();
  const t0 = performance.now();
  await conn.run(`CREATE TABLE t AS SELECT * FROM read_csv('${file}', header = true, ignore_errors = true)`);
  const seconds = (performance.now() - t0) / 1000;
  const reader = await conn.runAndReadAll('SELECT count(*) AS n FROM t');
  const rows = Number(reader.getRows()[0][0]);
  conn.closeSync?.();
  instance.closeSync?.();
  return { seconds, rows, threads: os.cpus().length };
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

const loadBefore = os.loadavg()[0];
try {
  const broken = generate();
  const mb = fs.statSync(file).size / 1e6;
  const ref = await papaparseAlone();
  const app = await assayImport();
  const duck = await duckdb();
  console.log(
    JSON.stringify({
      bench: 'import-1gb',
      fileMB: round(mb, 1),
      columns: 30,
      rows: ref.rows,
      brokenRows: broken,
      rowsStored: app.result.rowsStored,
      rowsQuarantined: app.result.rowsQuarantined,
      quarantineExact: app.result.rowsQuarantined === broken && app.result.rowsStored === ref.rows - broken,
      importSeconds: round(app.seconds),
      importMBps: round(mb / app.seconds, 1),
      papaparseAloneMBps: round(mb / ref.seconds, 1),
      duckdbMBps: round(mb / duck.seconds, 1),
      duckdbRows: duck.rows,
      ratioImportToPapaparse: round(ref.seconds / app.seconds, 3),
      ratioImportToDuckdb: round(duck.seconds / app.seconds, 3),
      peakRssWorkerMB: app.rss.workerMB,
      peakRssHostMB: app.rss.hostMB,
      rssGoalMet: app.rss.workerMB <= 400,
      // The machine may be shared: the 1-minute load average before and after.
      loadAverage: [round(loadBefore, 1), round(os.loadavg()[0], 1)],
    }),
  );
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

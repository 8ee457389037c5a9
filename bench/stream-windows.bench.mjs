// A 1-minute tumbling window by key (100 keys; count, mean, max, p95) over 1,000,000 events through
// native-workers/ml/stream/windows, against DuckDB doing the same aggregation over the same rows in
// the same run (time_bucket + quantile_cont, which interpolates as numpy does). Events: 1 kHz for
// 1,000 s, so 17 windows × 100 keys of ~600 values (exact percentiles). Both results are compared.
// Our figure counts every event passing through; DuckDB's counts only its query over a loaded table
// (the load is reported apart). `npm run bench -- stream-windows`
import { build } from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root, round } from './lib.mjs';

const n = Number(process.argv[process.argv.indexOf('--events') + 1]) || 1_000_000;
const keys = 100;

async function loadWindows() {
  const outfile = path.join(root, 'dist', 'bench', 'stream-windows.mjs');
  await build({
    entryPoints: [path.join(root, 'native-workers', 'ml', 'stream', 'windows', 'index.ts')],
    bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile, logLevel: 'warning',
  });
  return import(`${outfile}?${Date.now()}`);
}

function events() {
  const t = new Float64Array(n);
  const k = new Int32Array(n);
  const x = new Float64Array(n);
  let s = 42;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const t0 = Date.UTC(2026, 0, 1);
  for (let i = 0; i < n; i++) {
    t[i] = t0 + i; // 1 kHz
    k[i] = Math.floor(rand() * keys);
    x[i] = Math.round((20 + 10 * rand() + k[i] / 10) * 1000) / 1000;
  }
  return { t, k, x };
}

const spec = {
  name: 'bench',
  window: { kind: 'tumbling', sizeSeconds: 60 },
  timeField: 't',
  groupBy: ['key'],
  aggregates: [{ op: 'count' }, { op: 'mean', field: 'x' }, { op: 'max', field: 'x' }, { op: 'percentile', field: 'x', percentile: 95 }],
};

async function duckdb(ev) {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-bench-windows-'));
  try {
    const csv = path.join(dir, 'events.csv');
    const lines = ['t,key,x'];
    for (let i = 0; i < n; i++) lines.push(`${ev.t[i]},${ev.k[i]},${ev.x[i]}`);
    fs.writeFileSync(csv, lines.join('\n'));
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    let t0 = performance.now();
    await conn.run(`CREATE TABLE e AS SELECT * FROM read_csv('${csv}', header = true, columns = {'t': 'BIGINT', 'key': 'INTEGER', 'x': 'DOUBLE'})`);
    const loadSeconds = (performance.now() - t0) / 1000;
    t0 = performance.now();
    const reader = await conn.runAndReadAll(
      `SELECT (t // 60000) * 60000 AS start, key, count(*) AS n, avg(x) AS mean, max(x) AS mx, quantile_cont(x, 0.95) AS p95
       FROM e GROUP BY ALL ORDER BY start, key`,
    );
    const seconds = (performance.now() - t0) / 1000;
    const rows = reader.getRows().map((r) => ({ start: Number(r[0]), key: Number(r[1]), values: [Number(r[2]), r[3], r[4], r[5]] }));
    conn.closeSync?.();
    instance.closeSync?.();
    return { seconds, loadSeconds, rows, threads: os.cpus().length };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function ours(w, ev, viaRecords) {
  const rows = [];
  const sink = { result: (r) => rows.push({ start: r.start, key: r.key[0], values: r.values }) };
  let seconds;
  if (viaRecords) {
    // As the stream worker feeds it: one record per event (built beforehand, as the pipeline does).
    const records = new Array(n);
    for (let i = 0; i < n; i++) records[i] = { t: ev.t[i], key: ev.k[i], x: ev.x[i] };
    const rw = new w.RecordWindows(spec, sink);
    const t0 = performance.now();
    for (let i = 0; i < n; i++) rw.add(0, records[i]);
    rw.operator.flush();
    seconds = (performance.now() - t0) / 1000;
  } else {
    const op = new w.WindowOperator(spec, sink);
    const values = new Float64Array(1);
    const key = new Array(keys);
    for (let i = 0; i < keys; i++) key[i] = [i];
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      values[0] = ev.x[i];
      op.add(ev.t[i], key[ev.k[i]], values);
    }
    op.flush();
    seconds = (performance.now() - t0) / 1000;
  }
  rows.sort((a, b) => a.start - b.start || a.key - b.key);
  return { seconds, rows };
}

function worstDifference(a, b) {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  a.forEach((r, i) => {
    if (r.start !== b[i].start || r.key !== b[i].key) worst = Infinity;
    r.values.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - b[i].values[j]))));
  });
  return worst;
}

const w = await loadWindows();
const ev = events();
const records = ours(w, ev, true);
const operator = ours(w, ev, false);
const duck = await duckdb(ev);
console.log(
  JSON.stringify({
    bench: 'stream-windows',
    events: n,
    keys,
    windows: records.rows.length,
    seconds: round(records.seconds, 3),
    eventsPerSecond: Math.round(n / records.seconds),
    operatorSeconds: round(operator.seconds, 3),
    duckdb: { seconds: round(duck.seconds, 3), loadSeconds: round(duck.loadSeconds, 3), threads: duck.threads },
    ratioToDuckdb: round(records.seconds / duck.seconds, 2),
    worstDifference: worstDifference(records.rows, duck.rows),
    node: process.version,
  }),
);

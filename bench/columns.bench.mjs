// Columnar datasets (#20) against row tables, in the same run, on the same generated data
// (--rows, default 1,050,000, × 30 columns: 20 numbers, 6 integers, 4 categories):
//   store      write the dataset (rows: multi-row INSERTs as the row writer does; columns: one INSERT per column chunk)
//   load       the training loader (jobs/train/data.ts loadDataset) reading it into typed arrays (best of 2)
//   grid       200 grid pages of 256 rows at row ~1,000,000 (datasets.readRows) after the grid's first page (row 0),
//              as the app shows it before a jump: p50, p99 and max (the first page of a 65,536-row band, which reads its chunks);
//              read back to back, then again on a fresh connection paced as a scroll (--pace-ms, default 20, between pages:
//              the idle time in which the grid warms the band beside the one it shows)
//   file       the project file's size after close (WAL checkpointed)
import { build } from 'esbuild';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { percentile, root, round, tempHome } from './lib.mjs';

const { values } = parseArgs({ options: { rows: { type: 'string' }, 'pace-ms': { type: 'string' } } });
const rows = Number(values.rows ?? 1_050_000);
const paceMs = Number(values['pace-ms'] ?? 20);
const bundle = path.join(root, 'dist', 'bench', 'columns-fixture.cjs');
await build({
  stdin: {
    contents: [
      "export { ProjectStore } from './native-workers/project/store';",
      "export { rowDataset, columnDataset } from './native-workers/project/columns/testing';",
      "export { readRows } from './native-workers/project/datasets';",
      "export { loadDataset } from './native-workers/jobs/train/data';",
    ].join('\n'),
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true, platform: 'node', format: 'cjs', target: 'node20', packages: 'external', outfile: bundle, logLevel: 'warning',
});
const { ProjectStore, rowDataset, columnDataset, readRows, loadDataset } = createRequire(import.meta.url)(bundle);

const columns = [
  ...Array.from({ length: 20 }, (_, j) => ({ name: `x${j}`, type: 'number' })),
  ...Array.from({ length: 6 }, (_, j) => ({ name: `n${j}`, type: 'integer' })),
  ...Array.from({ length: 4 }, (_, j) => ({ name: `c${j}`, type: 'categorical' })),
];
const categories = Array.from({ length: 12 }, (_, k) => `level_${k}`);
function row(i) {
  const out = new Array(30);
  for (let j = 0; j < 20; j++) out[j] = i % 97 === j ? null : Math.sin(i * (j + 1)) * 1000;
  for (let j = 0; j < 6; j++) out[20 + j] = (i * (j + 3)) % 10_000;
  for (let j = 0; j < 4; j++) out[26 + j] = categories[(i + j * 5) % 12];
  return out;
}

const home = tempHome();
const result = { bench: 'columns', rows, columns: 30 };
const ids = {};
for (const storage of ['rows', 'columns']) {
  const file = path.join(home, `${storage}.assay`);
  const store = ProjectStore.create(file);
  const t0 = performance.now();
  ids[storage] = (storage === 'rows' ? rowDataset : columnDataset)(store.db, 'bench', columns, rows, row);
  result[`store_${storage}_ms`] = Math.round(performance.now() - t0);
  store.close();
  result[`file_${storage}_mb`] = round(fs.statSync(file).size / 2 ** 20, 1);
}
for (const storage of ['rows', 'columns']) {
  const store = ProjectStore.open(path.join(home, `${storage}.assay`));
  let best = Infinity;
  for (let k = 0; k < 2; k++) {
    globalThis.gc?.();
    const t0 = performance.now();
    const loaded = loadDataset(store.db, ids[storage], () => {});
    best = Math.min(best, performance.now() - t0);
    if (loaded.frame.rows !== rows) throw new Error(`loaded ${loaded.frame.rows} rows, not ${rows}`);
  }
  result[`load_${storage}_ms`] = Math.round(best);
  store.close();
  for (const [pass, pace] of [['', 0], ['_paced', paceMs]]) {
    const grid = ProjectStore.open(path.join(home, `${storage}.assay`));
    const at = Math.min(1_000_000, rows - 256);
    readRows(grid.db, ids[storage], 0, 256);
    const times = [];
    for (let k = 0; k < 200; k++) {
      if (pace > 0) await new Promise((resolve) => setTimeout(resolve, pace));
      const offset = at - ((k * 7919) % 50_000);
      const t0 = performance.now();
      const page = readRows(grid.db, ids[storage], offset, 256);
      times.push(performance.now() - t0);
      if (page.rows.length !== 256) throw new Error(`page at ${offset} has ${page.rows.length} rows`);
    }
    times.sort((a, b) => a - b);
    result[`grid${pass}_${storage}_p50_ms`] = round(percentile(times, 50));
    result[`grid${pass}_${storage}_p99_ms`] = round(percentile(times, 99));
    result[`grid${pass}_${storage}_max_ms`] = round(times[times.length - 1]);
    grid.close();
  }
}
result.store_speedup = round(result.store_rows_ms / result.store_columns_ms);
result.load_speedup = round(result.load_rows_ms / result.load_columns_ms);
result.file_ratio = round(result.file_columns_mb / result.file_rows_mb);
result.loadAvg = (await import('node:os')).loadavg().map((x) => round(x, 1));
console.log(JSON.stringify(result));
fs.rmSync(home, { recursive: true, force: true });

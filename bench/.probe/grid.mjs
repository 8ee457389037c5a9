import { build } from 'esbuild';
import { createRequire } from 'node:module';
import path from 'node:path';
import fs from 'node:fs';
const root = '/work/wt/colwrite';
const bundle = path.join(root, 'dist', 'bench', 'grid-probe.cjs');
await build({ stdin: { contents: ["export { ProjectStore } from './native-workers/project/store';", "export { columnDataset } from './native-workers/project/columns/testing';", "export { readRows } from './native-workers/project/datasets';"].join('\n'), resolveDir: root, loader: 'ts' }, bundle: true, platform: 'node', format: 'cjs', target: 'node20', packages: 'external', outfile: bundle, logLevel: 'warning' });
const { ProjectStore, columnDataset, readRows } = createRequire(import.meta.url)(bundle);
const columns = [...Array.from({ length: 20 }, (_, j) => ({ name: `x${j}`, type: 'number' })), ...Array.from({ length: 6 }, (_, j) => ({ name: `n${j}`, type: 'integer' })), ...Array.from({ length: 4 }, (_, j) => ({ name: `c${j}`, type: 'categorical' }))];
const categories = Array.from({ length: 12 }, (_, k) => `level_${k}`);
function row(i) { const out = new Array(30); for (let j = 0; j < 20; j++) out[j] = i % 97 === j ? null : Math.sin(i * (j + 1)) * 1000; for (let j = 0; j < 6; j++) out[20 + j] = (i * (j + 3)) % 10_000; for (let j = 0; j < 4; j++) out[26 + j] = categories[(i + j * 5) % 12]; return out; }
const file = '/tmp/cw/grid.assay';
const rows = 1_050_000;
if (!fs.existsSync(file)) { const s = ProjectStore.create(file); columnDataset(s.db, 'bench', columns, rows, row); s.close(); }
const store = ProjectStore.open(file);
if (process.env.MMAP) store.db.pragma(`mmap_size = ${process.env.MMAP}`);
if (process.env.CACHE) store.db.pragma(`cache_size = -${process.env.CACHE}`);
console.log(store.db.pragma('mmap_size', {simple:true}), store.db.pragma('page_size', {simple:true}), store.db.pragma('cache_size', {simple:true}));
readRows(store.db, 1, 0, 256); readRows(store.db, 1, 300, 256);
const times = [];
for (let k = 0; k < 200; k++) { const offset = 1_000_000 - 256 - ((k * 7919) % 50_000); const t0 = performance.now(); const page = readRows(store.db, 1, offset, 256); times.push(performance.now() - t0); if (page.rows.length !== 256) throw new Error('short'); }
const sorted = [...times].sort((a, b) => a - b);
console.log(JSON.stringify({ p50: sorted[100].toFixed(2), p99: sorted[197].toFixed(2), max: sorted[199].toFixed(2), first: times.slice(0, 3).map((t) => t.toFixed(1)) }));
// raw fetch cost
const db = store.db;
const ids = db.prepare('SELECT id FROM dataset_chunks WHERE dataset_id = 1 AND chunk = 100').pluck().all();
let t0 = performance.now(); for (const id of ids) db.prepare('SELECT data FROM dataset_chunks WHERE id = ?').pluck().get(id); console.log('full fetch 30 chunks', (performance.now() - t0).toFixed(1));
const ids2 = db.prepare('SELECT id FROM dataset_chunks WHERE dataset_id = 1 AND chunk = 101').pluck().all();
t0 = performance.now(); for (const id of ids2) db.prepare('SELECT substr(data, 1000, 2048) FROM dataset_chunks WHERE id = ?').pluck().get(id); console.log('substr fetch 30 chunks', (performance.now() - t0).toFixed(1));
t0 = performance.now(); for (const id of ids2) db.prepare('SELECT substr(data, 300000, 2048) FROM dataset_chunks WHERE id = ?').pluck().get(id); console.log('substr again (cached)', (performance.now() - t0).toFixed(1));
store.close();

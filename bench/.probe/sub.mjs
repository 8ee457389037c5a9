import Database from 'better-sqlite3';
const db = new Database('/tmp/cw/grid.assay', { readonly: true });
if (process.env.MMAP) db.pragma(`mmap_size = ${process.env.MMAP}`);
const part = db.prepare('SELECT substr(data, ?, ?) FROM dataset_chunks WHERE id = ?').pluck(true);
const len = db.prepare('SELECT length(data) FROM dataset_chunks WHERE id = ?').pluck(true);
const ids = db.prepare('SELECT id FROM dataset_chunks WHERE dataset_id = 1 AND chunk = 10 AND position < 20').pluck().all();
for (const [label, start] of [['cold head', 1], ['warm head', 1], ['warm mid', 200000], ['warm end', 520000], ['warm mid2', 100000]]) {
  const t0 = performance.now();
  for (const id of ids) part.get(start, 32768, id);
  console.log(label, ((performance.now() - t0) / ids.length).toFixed(3), 'ms per chunk');
}
let t0 = performance.now(); for (const id of ids) len.get(id); console.log('length()', ((performance.now() - t0) / ids.length).toFixed(3));

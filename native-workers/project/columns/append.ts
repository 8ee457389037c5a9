/**
 * Changing a columnar dataset's rows after its import: appending (the last, partial chunk
 * rewritten, new chunks added), a column added (null chunks), a column cast to text, and a
 * refresh merged by key (the chunks holding updated rows rewritten, new keys appended). Each runs
 * inside the caller's write transaction. A chunk rewrite is INSERT OR REPLACE under a new id, so
 * no reader's chunk cache serves the old bytes.
 */
import type { Cell } from '../../../preload/contract/types';
import { datasetTable } from '../datasets';
import type { Db } from '../open';
import { rowPages } from '../rows';
import { chunkRows, decodeChunk, encodeChunk, encodeNumbers } from './chunk-codec';
import { chunkLocator, chunkRowCount, chunkWriter, datasetStorage } from './chunk-store';
import { ColumnChunkWriter } from './column-writer';
import { chunkRowRange, columnViews } from './read';

/**
 * Dataset `id`'s rows in order (without rowids), whatever its storage or status: a staging
 * dataset is not ready, so the ready-only readers do not serve it.
 */
export function* storedRows(db: Db, datasetId: number, width: number, pageRows = 10_000): Generator<Cell[][]> {
  if (datasetStorage(db, datasetId) === 'rows') {
    for (const page of rowPages(db, datasetTable(datasetId), pageRows)) yield page.map((r) => r.slice(1) as Cell[]);
    return;
  }
  const total = chunkRowCount(db, datasetId);
  for (let at = 0; at < total; at += pageRows) yield chunkRowRange(db, datasetId, width, at, Math.min(pageRows, total - at));
}

/** A writer that appends after the rows the dataset's chunks hold (add, then finish()). */
export function columnAppender(db: Db, datasetId: number, width: number): ColumnChunkWriter {
  return new ColumnChunkWriter(db, datasetId, width, chunkRowCount(db, datasetId));
}

/** Stores a new column `position` as nulls for the `rows` rows the dataset already holds. */
export function addNullColumn(db: Db, datasetId: number, position: number, rows: number): void {
  const put = chunkWriter(db);
  for (let chunk = 0; chunk * chunkRows < rows; chunk++) {
    const n = Math.min(chunkRows, rows - chunk * chunkRows);
    put(datasetId, position, chunk, n, encodeNumbers(new Float64Array(n), new Uint8Array(n).fill(1)));
  }
}

/** Rewrites each chunk of column `position` that holds numbers with them as text (a column widened to text by an append or refresh). */
export function castChunksToText(db: Db, datasetId: number, position: number): void {
  const locate = chunkLocator(db);
  const put = chunkWriter(db);
  for (let chunk = 0; ; chunk++) {
    const id = locate.id(datasetId, position, chunk);
    if (id === undefined) return;
    const view = decodeChunk(locate.bytes(id));
    if (view.encoding === 'dict' || view.encoding === 'utf8' || view.encoding === 'null') continue;
    const cells = view.cells().map((v) => (typeof v === 'number' ? String(v) : v));
    put(datasetId, position, chunk, cells.length, encodeChunk(cells));
  }
}

/**
 * Folds `source` rows (`width` cells each, in order) into columnar dataset `targetId` by key
 * column `key`, as mergeRowsByKey does for row tables: every target row whose key is in the source
 * takes the source's last row of that key, in place; source rows with a new key (the last of
 * each) or no key are appended in source order. Holds the source's rows in memory (a refresh's
 * rows, keyed) and looks each target key up in them: no map of the whole target's keys (a 1M-row
 * target's was most of a refresh's time). A chunk column is rewritten only where a cell changed.
 */
export function mergeColumnsByKey(db: Db, targetId: number, width: number, key: number, source: Iterable<Cell[][]>): { updated: number; inserted: number } {
  // The source's last row of each key, with its position (an appended row keeps the last one's place).
  const byKey = new Map<Cell, { row: Cell[]; position: number; found: boolean }>();
  const keyless: { row: Cell[]; position: number }[] = [];
  let position = 0;
  for (const page of source) {
    for (const r of page) {
      const k = r[key] ?? null;
      if (k === null) keyless.push({ row: r, position });
      else byKey.set(k, { row: r, position, found: false });
      position++;
    }
  }
  // Updated rows by chunk: every target row whose key the source holds.
  const byChunk = new Map<number, Map<number, Cell[]>>();
  let updated = 0;
  let at = 0;
  for (const view of columnViews(db, targetId, key)) {
    for (let i = 0; i < view.rows; i++, at++) {
      const k = view.cell(i);
      const hit = k === null ? undefined : byKey.get(k);
      if (hit === undefined) continue;
      hit.found = true;
      const chunk = Math.floor(at / chunkRows);
      let rows = byChunk.get(chunk);
      if (!rows) byChunk.set(chunk, (rows = new Map()));
      rows.set(at % chunkRows, hit.row);
      updated++;
    }
  }
  const locate = chunkLocator(db);
  const put = chunkWriter(db);
  for (const [chunk, rows] of byChunk) {
    for (let j = 0; j < width; j++) {
      const id = locate.id(targetId, j, chunk);
      if (id === undefined) continue;
      const cells = decodeChunk(locate.bytes(id)).cells();
      let changed = false;
      for (const [i, r] of rows) {
        const v = r[j] ?? null;
        if (!Object.is(cells[i], v)) {
          cells[i] = v;
          changed = true;
        }
      }
      if (changed) put(targetId, j, chunk, cells.length, encodeChunk(cells));
    }
  }
  const appended = [...keyless, ...[...byKey.values()].filter((e) => !e.found)].sort((a, b) => a.position - b.position);
  const writer = columnAppender(db, targetId, width);
  for (const e of appended) writer.add(e.row);
  return { updated, inserted: writer.finish() };
}

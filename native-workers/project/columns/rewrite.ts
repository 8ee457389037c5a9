/**
 * Writing a columnar dataset's values anew, inside the caller's write transaction (so a crash or
 * kill leaves the old chunks, whole): all rows from a row iterator, rows appended at the end, one
 * column's cells mapped, columns dropped, and a row table as a working copy for the code that
 * works in SQL on a dataset's row table (the cleansing recipe).
 */
import type { Cell } from '../../../preload/contract/types';
import type { Db } from '../open';
import { createRowTable, dropRowTable } from '../dataset-tables';
import { BatchInserter } from '../batch-insert';
import { rowPages } from '../rows';
import { chunkRows, decodeChunk, encodeChunk } from './chunk-codec';
import { chunkLocator, chunkWriter, datasetStorage, deleteChunks, setDatasetStorage } from './chunk-store';
import { ColumnChunkWriter } from './column-writer';
import { chunkRowCounts, datasetRowPages } from './dataset-rows';

/**
 * Where new chunks wait while the old ones may still be read: no dataset has a negative id, and
 * dataset_chunks has no foreign key (see migration 017).
 */
function scratchId(datasetId: number): number {
  return -datasetId;
}

/** Moves chunks written under `from` to dataset `to`, their chunk index shifted by `shift`. Their ids stay: caches keyed by id stay right. */
function moveChunks(db: Db, from: number, to: number, shift = 0): void {
  db.prepare('UPDATE dataset_chunks SET dataset_id = ?, chunk = chunk + ? WHERE dataset_id = ?').run(to, shift, from);
}

/**
 * Replaces all of dataset `datasetId`'s chunks by `rows` (`width` cells each), which may be read
 * from those very chunks (datasetRowPages): the new ones are written under a scratch id and
 * swapped in at the end. `progress` hears the rows written after each chunk. Returns the rows written.
 */
export function rewriteChunks(db: Db, datasetId: number, width: number, rows: Iterable<readonly Cell[]>, progress?: (rows: number) => void): number {
  const scratch = scratchId(datasetId);
  deleteChunks(db, scratch);
  const writer = new ColumnChunkWriter(db, scratch, width);
  let n = 0;
  for (const r of rows) {
    writer.add(r);
    if (++n % chunkRows === 0) progress?.(n);
  }
  const written = writer.finish();
  progress?.(written);
  deleteChunks(db, datasetId);
  moveChunks(db, scratch, datasetId);
  return written;
}

/**
 * Appends rows at a columnar dataset's end: its last chunk, when not full, is written again with
 * the new rows after its own, and more chunks follow; the chunks before it are not touched.
 * Returns the rows appended.
 */
export function appendChunkRows(db: Db, datasetId: number, width: number, rows: readonly (readonly Cell[])[]): number {
  if (rows.length === 0) return 0;
  const counts = chunkRowCounts(db, datasetId);
  const last = counts.length - 1;
  const partial = last >= 0 && counts[last]! < chunkRows;
  const first = partial ? last : counts.length;
  const scratch = scratchId(datasetId);
  deleteChunks(db, scratch);
  const writer = new ColumnChunkWriter(db, scratch, width);
  if (partial) {
    const locate = chunkLocator(db);
    const columns = Array.from({ length: width }, (_, j) => {
      const id = locate.id(datasetId, j, last);
      return id === undefined ? null : decodeChunk(locate.bytes(id));
    });
    for (let i = 0; i < counts[last]!; i++) writer.add(columns.map((c) => (c ? c.cell(i) : null)));
    db.prepare('DELETE FROM dataset_chunks WHERE dataset_id = ? AND chunk = ?').run(datasetId, last);
  }
  for (const r of rows) writer.add(r);
  writer.finish();
  moveChunks(db, scratch, datasetId, first);
  return rows.length;
}

/**
 * Rewrites one column chunk by chunk, each cell through `map` (a privacy mask or hash, a cast);
 * the other columns are not read. Returns how many cells were not null before (what SQL's count(c) says).
 */
export function mapColumnChunks(db: Db, datasetId: number, position: number, map: (value: Cell) => Cell): number {
  const locate = chunkLocator(db);
  const put = chunkWriter(db);
  let nonNull = 0;
  for (let chunk = 0; ; chunk++) {
    const id = locate.id(datasetId, position, chunk);
    if (id === undefined) return nonNull;
    const cells = decodeChunk(locate.bytes(id)).cells();
    for (let i = 0; i < cells.length; i++) {
      if (cells[i] === null) continue;
      nonNull++;
      cells[i] = map(cells[i]!);
    }
    put(datasetId, position, chunk, cells.length, encodeChunk(cells));
  }
}

/** Keeps only the columns at `keep` (ascending positions), renumbered 0…: the others' chunks are deleted, nothing is decoded. */
export function keepChunkColumns(db: Db, datasetId: number, keep: readonly number[]): void {
  const sorted = [...keep].sort((a, b) => a - b);
  const kept = new Set(sorted);
  const positions = db.prepare('SELECT DISTINCT position FROM dataset_chunks WHERE dataset_id = ?').pluck(true).all(datasetId) as number[];
  const drop = db.prepare('DELETE FROM dataset_chunks WHERE dataset_id = ? AND position = ?');
  for (const p of positions) if (!kept.has(p)) drop.run(datasetId, p);
  // Ascending, so position j is free (dropped, or already moved down) when keep[j] moves there.
  const move = db.prepare('UPDATE dataset_chunks SET position = ? WHERE dataset_id = ? AND position = ?');
  sorted.forEach((p, j) => {
    if (p !== j) move.run(j, datasetId, p);
  });
}

/**
 * Copies a columnar dataset into row table `table` (created here, `width` columns, rowids 1…n):
 * a working copy for code that works on a row table in SQL. Inside the caller's transaction, which
 * ends with finishRowWorkTable.
 */
export function openRowWorkTable(db: Db, datasetId: number, table: string, width: number): void {
  createRowTable(db, table, width);
  const insert = new BatchInserter(db, table, null, width);
  insert.run(() => {
    for (const page of datasetRowPages(db, { id: datasetId, table }, 10_000)) {
      for (const row of page) {
        for (let j = 0; j < width; j++) insert.set(j, row[j + 1]);
        insert.commitRow();
      }
    }
  });
}

/** Writes the working copy back as the dataset's chunks (`width` columns now) and drops it; returns the rows written. */
export function finishRowWorkTable(db: Db, datasetId: number, table: string, width: number, progress?: (rows: number) => void): number {
  function* rows(): Generator<Cell[]> {
    for (const page of rowPages(db, table, 10_000)) for (const [, ...cells] of page) yield cells;
  }
  const n = rewriteChunks(db, datasetId, width, rows(), progress);
  dropRowTable(db, table);
  return n;
}

/**
 * Stores a columnar dataset as a row table again, in one transaction: for a writer that updates
 * rows in place by key (a stream's window results, reopened by a restarted stream). Returns
 * whether it converted (false when it already was rows).
 */
export function convertToRows(db: Db, datasetId: number, table: string, width: number): boolean {
  return db.transaction(() => {
    if (datasetStorage(db, datasetId) === 'rows') return false;
    openRowWorkTable(db, datasetId, table, width);
    deleteChunks(db, datasetId);
    setDatasetStorage(db, datasetId, 'rows');
    return true;
  }).immediate();
}

/**
 * Stores a columnar dataset's numbers in column `position` as text, as castColumnToText does on a
 * row table: SQLite's own CAST formats them (its 15 significant digits, not JavaScript's), so both
 * storages hold the same text. Inside the caller's transaction.
 */
export function castChunkColumnToText(db: Db, datasetId: number, position: number): void {
  const cast = db.prepare<[number]>('SELECT CAST(? AS TEXT)').pluck(true);
  mapColumnChunks(db, datasetId, position, (v) => (typeof v === 'number' ? (cast.get(v) as string) : v));
}

/**
 * The dataset_chunks table (schema 17): writing, reading and deleting column chunks, and which
 * storage a dataset uses. Statements are prepared once per closure or generator, never per chunk.
 */
import type { Db } from '../open';
import type { EncodedChunk } from './chunk-codec';
import type { ZoneMap } from './zone-map';

/** Where a dataset's values are: its row table, or column chunks. */
export type DatasetStorage = 'rows' | 'columns';

const storageKnown = new WeakMap<Db, boolean>();

/**
 * Whether the file has datasets.storage: a project from before schema 17 opened read-only is not
 * migrated (nothing is written to it), and all its datasets are row tables.
 */
function hasStorageColumn(db: Db): boolean {
  let known = storageKnown.get(db);
  if (known === undefined) {
    known = db.prepare("SELECT 1 FROM pragma_table_info('datasets') WHERE name = 'storage'").get() !== undefined;
    storageKnown.set(db, known);
  }
  return known;
}

/** A dataset's storage ('rows' for one that is not there: callers look it up by id first). */
export function datasetStorage(db: Db, datasetId: number): DatasetStorage {
  if (!hasStorageColumn(db)) return 'rows';
  const row = db.prepare('SELECT storage FROM datasets WHERE id = ?').get(datasetId) as { storage: DatasetStorage } | undefined;
  return row?.storage ?? 'rows';
}

/** Sets where a dataset's values are (in the transaction that moves them). */
export function setDatasetStorage(db: Db, datasetId: number, storage: DatasetStorage): void {
  db.prepare('UPDATE datasets SET storage = ? WHERE id = ?').run(storage, datasetId);
}

/** Writes (or replaces) one column chunk: one INSERT per chunk. */
export type ChunkPut = (datasetId: number, position: number, chunk: number, rows: number, encoded: EncodedChunk) => void;

/** Prepares the chunk INSERT once for a writer's whole run. */
export function chunkWriter(db: Db): ChunkPut {
  const put = db.prepare(
    `INSERT OR REPLACE INTO dataset_chunks (dataset_id, position, chunk, rows, encoding, min, max, nulls, distinct_estimate, data)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return (datasetId, position, chunk, rows, e) => void put.run(datasetId, position, chunk, rows, e.encoding, e.zone.min, e.zone.max, e.zone.nulls, e.zone.distinct, e.bytes);
}

/** One chunk's id (a cheap look-up in the key's index, no bytes read), and its bytes by id. */
export function chunkLocator(db: Db): { id(datasetId: number, position: number, chunk: number): number | undefined; bytes(id: number): Buffer } {
  const find = db.prepare<[number, number, number]>('SELECT id FROM dataset_chunks WHERE dataset_id = ? AND position = ? AND chunk = ?').pluck(true);
  const data = db.prepare<[number]>('SELECT data FROM dataset_chunks WHERE id = ?').pluck(true);
  return { id: (d, p, c) => find.get(d, p, c) as number | undefined, bytes: (id) => data.get(id) as Buffer };
}

/**
 * A column's chunks in order, one read at a time (no cursor stays open between them, so the
 * connection may write in between, and only one chunk's bytes are held).
 */
export function* columnChunks(db: Db, datasetId: number, position: number): Generator<Buffer> {
  const locate = chunkLocator(db);
  for (let chunk = 0; ; chunk++) {
    const id = locate.id(datasetId, position, chunk);
    if (id === undefined) return;
    yield locate.bytes(id);
  }
}

/** A column's zone maps, chunk by chunk. */
export function columnZones(db: Db, datasetId: number, position: number): ZoneMap[] {
  return db
    .prepare('SELECT min, max, nulls, distinct_estimate AS "distinct" FROM dataset_chunks WHERE dataset_id = ? AND position = ? ORDER BY chunk')
    .all(datasetId, position) as ZoneMap[];
}

/** Removes every chunk of a dataset (with the dataset, or before its values are written anew). */
export function deleteChunks(db: Db, datasetId: number): void {
  db.prepare('DELETE FROM dataset_chunks WHERE dataset_id = ?').run(datasetId);
}

/** Rows a columnar dataset's chunks hold (those of its first column; every column has as many). */
export function chunkRowCount(db: Db, datasetId: number): number {
  return (db.prepare('SELECT coalesce(sum(rows), 0) AS n FROM dataset_chunks WHERE dataset_id = ? AND position = 0').get(datasetId) as { n: number }).n;
}

const encodingTypes: Readonly<Record<string, readonly string[]>> = { null: ['null'], int32: ['integer'], bool: ['integer'], float64: ['real'], dict: ['text'], utf8: ['text'], mixed: ['real', 'text'] };

/** The SQLite storage classes each column's chunks hold (as typeof() over a row table would say, from the chunks' encodings). */
export function chunkCellTypes(db: Db, datasetId: number, width: number): string[][] {
  const list = db.prepare<[number, number]>('SELECT DISTINCT encoding FROM dataset_chunks WHERE dataset_id = ? AND position = ?').pluck(true);
  return Array.from({ length: width }, (_, j) => [...new Set((list.all(datasetId, j) as string[]).flatMap((e) => encodingTypes[e] ?? []))]);
}

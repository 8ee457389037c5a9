/**
 * The dataset_chunks table (schema 17): writing, reading and deleting column chunks, and which
 * storage a dataset uses. Statements are prepared once per closure or generator, never per chunk.
 */
import type { Db } from '../open';
import type { EncodedChunk } from './chunk-codec';
import type { ZoneMap } from './zone-map';

/** Where a dataset's values are: its row table, or column chunks. */
export type DatasetStorage = 'rows' | 'columns';

/** A dataset's storage ('rows' for one that is not there: callers look it up by id first). */
export function datasetStorage(db: Db, datasetId: number): DatasetStorage {
  const row = db.prepare('SELECT storage FROM datasets WHERE id = ?').get(datasetId) as { storage: DatasetStorage } | undefined;
  return row?.storage ?? 'rows';
}

export function setDatasetStorage(db: Db, datasetId: number, storage: DatasetStorage): void {
  db.prepare('UPDATE datasets SET storage = ? WHERE id = ?').run(storage, datasetId);
}

/** Writes (or replaces) one column chunk: one INSERT per chunk. */
export type ChunkPut = (datasetId: number, position: number, chunk: number, rows: number, encoded: EncodedChunk) => void;

export function chunkWriter(db: Db): ChunkPut {
  const put = db.prepare(
    `INSERT OR REPLACE INTO dataset_chunks (dataset_id, position, chunk, rows, encoding, min, max, nulls, distinct_estimate, data)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return (datasetId, position, chunk, rows, e) => void put.run(datasetId, position, chunk, rows, e.encoding, e.zone.min, e.zone.max, e.zone.nulls, e.zone.distinct, e.bytes);
}

/** One chunk's bytes, or undefined past the last (prepared once; call it per chunk). */
export function chunkReader(db: Db): (datasetId: number, position: number, chunk: number) => Buffer | undefined {
  const get = db.prepare<[number, number, number]>('SELECT data FROM dataset_chunks WHERE dataset_id = ? AND position = ? AND chunk = ?').pluck(true);
  return (datasetId, position, chunk) => get.get(datasetId, position, chunk) as Buffer | undefined;
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
  const read = chunkReader(db);
  for (let chunk = 0; ; chunk++) {
    const bytes = read(datasetId, position, chunk);
    if (bytes === undefined) return;
    yield bytes;
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

/**
 * Test support: what tests look at (or break on purpose) inside a project file that the app
 * itself never needs. The lint keeps SQL in this folder, so a test elsewhere calls one of these
 * named looks instead of querying the file; table and column names are quoted, values bound.
 */
import { openDatabase, quoteIdent, type Db } from './open';
import { datasetTable } from './datasets';
import { datasetRows } from './columns/dataset-rows';

/** Which rows of a table to read: equal to every `where` value, in `orderBy` order (rowid by default). */
export interface RowQuery {
  readonly columns?: readonly string[];
  readonly where?: Readonly<Record<string, string | number | null>>;
  readonly orderBy?: string;
}

/** Builds the SELECT; `aggregate` replaces the column list (and the order) with aggregates over the matching rows. */
function select(table: string, query: RowQuery, aggregate?: string): { sql: string; params: (string | number)[] } {
  const cols = aggregate ?? (query.columns ? query.columns.map(quoteIdent).join(', ') : '*');
  const where = Object.entries(query.where ?? {});
  const cond = where.length ? ` WHERE ${where.map(([k, v]) => (v === null ? `${quoteIdent(k)} IS NULL` : `${quoteIdent(k)} = ?`)).join(' AND ')}` : '';
  const order = aggregate ? '' : ` ORDER BY ${query.orderBy ? quoteIdent(query.orderBy) : 'rowid'}`;
  const params = where.flatMap(([, v]) => (v === null ? [] : [v]));
  return { sql: `SELECT ${cols} FROM ${quoteIdent(table)}${cond}${order}`, params };
}

/** A table's rows as objects keyed by column name. */
export function tableRows(db: Db, table: string, query: RowQuery = {}): Record<string, unknown>[] {
  const { sql, params } = select(table, query);
  return db.prepare(sql).all(...params) as Record<string, unknown>[];
}

/** A table's rows as arrays of cells, in column order (a row table's c0…cN). */
export function tableCells(db: Db, table: string, query: RowQuery = {}): unknown[][] {
  const { sql, params } = select(table, query);
  return db.prepare(sql).raw(true).all(...params) as unknown[][];
}

/** How many rows of a table match `where` (all rows without it). */
export function countTableRows(db: Db, table: string, where: RowQuery['where'] = {}): number {
  const { sql, params } = select(table, { where }, 'count(*) AS n');
  return (db.prepare(sql).get(...params) as { n: number }).n;
}

/** One column's row count (all rows matching `where`), distinct non-null values, minimum and maximum. */
export function columnStats(db: Db, table: string, column: string, where: RowQuery['where'] = {}): { n: number; distinct: number; min: unknown; max: unknown } {
  const c = quoteIdent(column);
  const { sql, params } = select(table, { where }, `count(*) AS n, count(DISTINCT ${c}) AS "distinct", min(${c}) AS min, max(${c}) AS max`);
  return db.prepare(sql).get(...params) as { n: number; distinct: number; min: unknown; max: unknown };
}

/** How many tables are named like a dataset's row table (`ds_…`): a discarded import leaves none (its indexes go with it). */
export function rowTableCount(db: Db): number {
  return (db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name LIKE 'ds_%'").get() as { n: number }).n;
}

/**
 * A dataset's stored rows as arrays of cells in column order, whatever its storage (row table or
 * column chunks), any status; `columns` picks positions.
 */
export function datasetCells(db: Db, datasetId: number, columns?: readonly number[]): unknown[][] {
  return [...datasetRows(db, { id: datasetId, table: datasetTable(datasetId) }, 10_000, columns ? { columns } : {})];
}

/**
 * How many datasets have values stored in the file, in either storage: row tables (`ds_…`) and
 * owners of column chunks (a rewrite's scratch chunks included). A discarded import leaves none.
 */
export function storedDatasetCount(db: Db): number {
  const chunkOwners = (db.prepare('SELECT count(DISTINCT dataset_id) AS n FROM dataset_chunks').get() as { n: number }).n;
  return rowTableCount(db) + chunkOwners;
}

/** Rows a dataset has stored so far, committed, in either storage (an import under way included); 0 before its first. */
export function storedRowsSoFar(db: Db, datasetId: number): number {
  const table = datasetTable(datasetId);
  if (db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined) return countTableRows(db, table);
  return (db.prepare('SELECT coalesce(sum(rows), 0) AS n FROM dataset_chunks WHERE dataset_id = ? AND position = 0').get(datasetId) as { n: number }).n;
}

/** SQLite's own integrity check: 'ok' for a sound file, else the first problem it found. */
export function integrityCheck(db: Db): string {
  return db.pragma('integrity_check', { simple: true }) as string;
}

/** Moves every commit from the WAL into the file itself, so a test can search the file's bytes. */
export function checkpointWal(db: Db): void {
  db.pragma('wal_checkpoint(TRUNCATE)');
}

/** A table of blobs, committed one row at a time: WAL growth of a known size. */
export function blobWriter(db: Db): (key: number, bytes: Buffer) => void {
  db.exec('CREATE TABLE IF NOT EXISTS test_blobs (k INTEGER PRIMARY KEY, v BLOB)');
  const insert = db.prepare('INSERT INTO test_blobs VALUES (?, ?)');
  return (key, bytes) => void insert.run(key, bytes);
}

/**
 * Another connection takes the project's write lock (BEGIN IMMEDIATE, one write) and keeps it
 * until the returned release is called, as a slow writer elsewhere would; release commits.
 */
export function holdWriteLock(file: string): () => void {
  const db = openDatabase(file, { fileMustExist: true });
  db.exec('BEGIN IMMEDIATE');
  db.prepare('INSERT INTO lineage (event, detail, at) VALUES (?, ?, ?)').run('lock', '{}', '');
  return () => {
    db.exec('COMMIT');
    db.close();
  };
}

/** Deletes a run's stored image models, as if the file lost them: what still serves must not need them. */
export function deleteImageModels(db: Db, runId: number): void {
  db.prepare('DELETE FROM image_models WHERE run_id = ?').run(runId);
}

/** Rewrites a registered image version's backbone record (JSON), to simulate a tampered or moved backbone. */
export function setVersionBackbone(db: Db, name: string, version: number, backbone: string): void {
  db.prepare('UPDATE image_model_versions SET backbone = ? WHERE name = ? AND version = ?').run(backbone, name, version);
}

/**
 * Writes another SQLite file for an import to read (never a project): `columns` maps each column
 * to its declared type, each row gives the columns it sets (a missing INTEGER PRIMARY KEY is numbered).
 * Creates the table when the file lacks it, so a later call appends new rows at the source.
 */
export function writeSqliteSource(file: string, table: string, columns: Readonly<Record<string, string>>, rows: readonly Readonly<Record<string, unknown>>[]): void {
  const db = openDatabase(file);
  try {
    const defs = Object.entries(columns).map(([name, type]) => `${quoteIdent(name)} ${type}`);
    db.exec(`CREATE TABLE IF NOT EXISTS ${quoteIdent(table)} (${defs.join(', ')})`);
    const inserters = new Map<string, ReturnType<Db['prepare']>>();
    db.transaction(() => {
      for (const row of rows) {
        const keys = Object.keys(row);
        const shape = keys.join('\u0000');
        let ins = inserters.get(shape);
        if (!ins) {
          ins = db.prepare(`INSERT INTO ${quoteIdent(table)} (${keys.map(quoteIdent).join(', ')}) VALUES (${keys.map((k) => `@${k}`).join(', ')})`);
          inserters.set(shape, ins);
        }
        ins.run(row);
      }
    }).immediate();
  } finally {
    db.close();
  }
}

/** Removes a version's drift reference, as if it had been registered before monitoring existed. */
export function deleteMonitorReference(db: Db, name: string, version: number): void {
  db.prepare('DELETE FROM monitor_references WHERE name = ? AND version = ?').run(name, version);
}

/** Rows past a rowid, [rowid, ...columns], in rowid order: a bench follows a table as it grows. */
export function rowsAfter(db: Db, table: string, columns: readonly string[], afterRowid: number): unknown[][] {
  return db
    .prepare(`SELECT rowid, ${columns.map(quoteIdent).join(', ')} FROM ${quoteIdent(table)} WHERE rowid > ? ORDER BY rowid`)
    .raw(true)
    .all(afterRowid) as unknown[][];
}

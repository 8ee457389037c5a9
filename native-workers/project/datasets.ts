import { AssayError } from '../../preload/contract/errors';
import type { Cell, ColumnInfo, ColumnType, DatasetProfile, DatasetSummary, RowPage } from '../../preload/contract/types';
import { checkDatasetWidth, dropRowTable, renameRowTable } from './dataset-tables';
import { appendRowsFrom } from './rows';
import type { Db } from './open';
import { chunkRowCount, datasetStorage, deleteChunks, type DatasetStorage } from './columns/chunk-store';
import { newDatasetStorage } from './columns/storage-choice';
import { chunkRowRange } from './columns/read';
import { storedRowCount } from './columns/dataset-rows';

interface DatasetRow {
  id: number;
  name: string;
  source: string;
  status: DatasetSummary['status'];
  table_name: string;
  row_count: number;
  quarantined_count: number;
  created_at: string;
  has_profile: number;
  storage: DatasetStorage;
}

const maxPage = 5000;

/** The table that holds dataset `id`'s rows: the one place its name is built. */
export function datasetTable(id: number): string {
  return `ds_${id}`;
}

/** What jobs need of a ready dataset to read or rewrite its rows. */
export interface ReadyDataset {
  readonly id: number;
  readonly name: string;
  readonly source: string;
  readonly table: string;
  readonly rowCount: number;
  readonly quarantinedCount: number;
}

/** A ready dataset, or undefined when there is none with that id (importing, failed or deleted). */
export function findReadyDataset(db: Db, id: number): ReadyDataset | undefined {
  const row = db.prepare("SELECT id, name, source, table_name, row_count, quarantined_count FROM datasets WHERE id = ? AND status = 'ready'").get(id) as
    | { id: number; name: string; source: string; table_name: string; row_count: number; quarantined_count: number }
    | undefined;
  return row && { id: row.id, name: row.name, source: row.source, table: row.table_name, rowCount: row.row_count, quarantinedCount: row.quarantined_count };
}

/** A ready dataset by id; NOT_FOUND names it otherwise. */
export function requireReadyDataset(db: Db, id: number): ReadyDataset {
  const ds = findReadyDataset(db, id);
  if (!ds) throw new AssayError('NOT_FOUND', `Dataset ${id} does not exist in this project.`);
  return ds;
}

/** A ready dataset with its column names and types in order: what a job that rewrites rows starts from. */
export interface ReadyDatasetShape extends ReadyDataset {
  readonly names: string[];
  readonly types: ColumnType[];
}

/** A ready dataset (NOT_FOUND otherwise) with its column names and types. */
export function readyDatasetShape(db: Db, id: number): ReadyDatasetShape {
  const cols = datasetColumns(db, id);
  return { ...requireReadyDataset(db, id), names: cols.map((c) => c.name), types: cols.map((c) => c.type) };
}

/** A dataset's name whatever its status (a job names the dataset it made). */
export function datasetName(db: Db, id: number): string {
  return (db.prepare('SELECT name FROM datasets WHERE id = ?').get(id) as { name: string }).name;
}

/** A dataset's columns in order: name, type and, for dates, the format they were read with. */
export function datasetColumns(db: Db, datasetId: number): ColumnInfo[] {
  return columnsOf(db, datasetId);
}

/** Sets one column's type (a privacy action makes it text, promotion widens it). */
export function setColumnType(db: Db, datasetId: number, position: number, type: ColumnType): void {
  db.prepare('UPDATE dataset_columns SET type = ? WHERE dataset_id = ? AND position = ?').run(type, datasetId, position);
}

/** Writes the columns at their positions, keeping any format already recorded. */
export function upsertColumns(db: Db, datasetId: number, columns: readonly { readonly name: string; readonly type: ColumnType }[]): void {
  const put = db.prepare(
    'INSERT INTO dataset_columns (dataset_id, position, name, type) VALUES (?, ?, ?, ?) ON CONFLICT (dataset_id, position) DO UPDATE SET name = excluded.name, type = excluded.type',
  );
  columns.forEach((c, i) => put.run(datasetId, i, c.name, c.type));
}

/** A column as an import plans it: `format` for dates, `sourceName` when it was renamed from the source's. */
export interface NewColumn {
  readonly name: string;
  readonly type: ColumnType;
  readonly format?: string | null;
  readonly sourceName?: string | null;
}

/** Adds columns at positions `first`, `first + 1`…: a new dataset's, or those an append adds. */
export function insertColumns(db: Db, datasetId: number, columns: readonly NewColumn[], first = 0): void {
  // Column chunks have no width limit of their own: the row table's applies to every storage.
  checkDatasetWidth(first + columns.length);
  const add = db.prepare('INSERT INTO dataset_columns (dataset_id, position, name, type, format, source_name) VALUES (?, ?, ?, ?, ?, ?)');
  columns.forEach((c, i) => add.run(datasetId, first + i, c.name, c.type, c.format ?? null, c.sourceName ?? null));
}

/** Forgets all of a dataset's columns (before they are written anew, or with the dataset). */
export function forgetColumns(db: Db, datasetId: number): void {
  db.prepare('DELETE FROM dataset_columns WHERE dataset_id = ?').run(datasetId);
}

/** Makes an imported dataset visible with its final counts (in the import's last transaction). */
export function markReady(db: Db, datasetId: number, rows: number, quarantined: number): void {
  db.prepare("UPDATE datasets SET status = 'ready', row_count = ?, quarantined_count = ? WHERE id = ?").run(rows, quarantined, datasetId);
}

/** Sets a dataset's row count (after rows were deleted or merged in). */
export function setRowCount(db: Db, datasetId: number, rows: number): void {
  db.prepare('UPDATE datasets SET row_count = ? WHERE id = ?').run(rows, datasetId);
}

/** Adds to a dataset's row and quarantine counts (negative to take away). */
export function adjustCounts(db: Db, datasetId: number, rows: number, quarantined: number): void {
  db.prepare('UPDATE datasets SET row_count = row_count + ?, quarantined_count = quarantined_count + ? WHERE id = ?').run(rows, quarantined, datasetId);
}

/** Sets a dataset's row and quarantine counts from what its tables hold (a resumed pull's writer counted only its own rows). */
export function recountDataset(db: Db, datasetId: number): void {
  const rows = storedRowCount(db, { id: datasetId, table: datasetTable(datasetId) });
  db.prepare('UPDATE datasets SET row_count = ?, quarantined_count = (SELECT count(*) FROM quarantine WHERE dataset_id = ?) WHERE id = ?').run(rows, datasetId, datasetId);
}

/** Keeps an unfinished pull's dataset, invisible, for a resume: failed is neither listed nor cleaned up at open. */
export function markDatasetFailed(db: Db, datasetId: number): void {
  db.prepare("UPDATE datasets SET status = 'failed' WHERE id = ?").run(datasetId);
}

/** Where an unfinished pull's rows wait while a resume's writer creates the dataset's table afresh. */
function priorTable(datasetId: number): string {
  return `${datasetTable(datasetId)}_prior`;
}

/**
 * Moves an unfinished pull's rows aside (its table renamed) and forgets its columns, the dataset
 * importing again: a new writer then creates the table afresh, and restoreSetAside copies the rows
 * back first. A columnar pull keeps its chunks where they are: its next writer appends after them.
 */
export function setAsideForResume(db: Db, datasetId: number): void {
  db.transaction(() => {
    if (datasetStorage(db, datasetId) === 'rows') renameRowTable(db, datasetTable(datasetId), priorTable(datasetId));
    forgetColumns(db, datasetId);
    db.prepare("UPDATE datasets SET status = 'importing' WHERE id = ?").run(datasetId);
  }).immediate();
}

/** Copies the rows set aside back, in their order, into the table a writer began, and drops their table; returns how many (a columnar pull's rows stay in place: their count). */
export function restoreSetAside(db: Db, datasetId: number): number {
  if (datasetStorage(db, datasetId) === 'columns') return chunkRowCount(db, datasetId);
  return db.transaction(() => {
    const n = appendRowsFrom(db, datasetTable(datasetId), priorTable(datasetId), null);
    dropRowTable(db, priorTable(datasetId));
    return n;
  }).immediate();
}

/**
 * The storage a writer beginning on dataset `id` uses: what a resumed pull already has (chunks, or
 * rows set aside), else what new datasets get (newDatasetStorage, the one place that decides).
 */
export function storageForWriter(db: Db, datasetId: number): DatasetStorage {
  if (datasetStorage(db, datasetId) === 'columns') return 'columns';
  const setAside = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(priorTable(datasetId)) !== undefined;
  return setAside ? 'rows' : newDatasetStorage();
}

/** A dataset's profile describes rows that changed: drop it so the next view recomputes it. */
export function dropProfile(db: Db, datasetId: number): void {
  db.prepare('DELETE FROM profiles WHERE dataset_id = ?').run(datasetId);
}

function columnsOf(db: Db, datasetId: number): ColumnInfo[] {
  const rows = db.prepare('SELECT name, type, format FROM dataset_columns WHERE dataset_id = ? ORDER BY position').all(datasetId) as {
    name: string;
    type: ColumnType;
    format: string | null;
  }[];
  return rows.map((r) => (r.format === null ? { name: r.name, type: r.type } : { name: r.name, type: r.type, format: r.format }));
}

function summary(db: Db, row: DatasetRow): DatasetSummary {
  return {
    id: row.id,
    name: row.name,
    source: row.source,
    status: row.status,
    rowCount: row.row_count,
    quarantinedCount: row.quarantined_count,
    columns: columnsOf(db, row.id),
    createdAt: row.created_at,
    hasProfile: row.has_profile === 1,
  };
}

const selectDatasets = `SELECT d.*, EXISTS (SELECT 1 FROM profiles p WHERE p.dataset_id = d.id) AS has_profile FROM datasets d`;

/** Ready datasets only: an import in progress is never half-visible. */
export function listDatasets(db: Db): DatasetSummary[] {
  const rows = db.prepare(`${selectDatasets} WHERE d.status = 'ready' ORDER BY d.id`).all() as DatasetRow[];
  return rows.map((r) => summary(db, r));
}

/** Imports not finished: in progress while their host runs, interrupted once it is gone. */
export function unfinishedImports(db: Db): { id: number; name: string }[] {
  return db.prepare("SELECT id, name FROM datasets WHERE status = 'importing' ORDER BY id").all() as { id: number; name: string }[];
}

function readyRow(db: Db, id: number): DatasetRow {
  const row = db.prepare(`${selectDatasets} WHERE d.id = ? AND d.status = 'ready'`).get(id) as DatasetRow | undefined;
  if (!row) throw new AssayError('NOT_FOUND', `Dataset ${id} does not exist in this project.`);
  return row;
}

/** A ready dataset's summary (name, counts, columns); NOT_FOUND when it is not there or not ready. */
export function getDataset(db: Db, id: number): DatasetSummary {
  return summary(db, readyRow(db, id));
}

/** A page of a ready dataset's rows for the grid, `offset` rows in (a rowid range, rowids being dense). */
export function readRows(db: Db, id: number, offset: number, limit: number): RowPage {
  const ds = readyRow(db, id);
  const safeLimit = Math.max(0, Math.min(maxPage, Math.floor(limit)));
  const safeOffset = Math.max(0, Math.floor(offset));
  const columns = columnsOf(db, id);
  // rowid is dense (rows are only ever appended), so a range scan beats OFFSET on deep pages.
  const rows =
    ds.storage === 'columns'
      ? chunkRowRange(db, id, columns.length, safeOffset, Math.min(safeLimit, Math.max(0, ds.row_count - safeOffset)), true)
      : (db.prepare(`SELECT * FROM ${ds.table_name} WHERE rowid > ? ORDER BY rowid LIMIT ?`).raw(true).all(safeOffset, safeLimit) as Cell[][]);
  return { datasetId: id, offset: safeOffset, columns, rows, total: ds.row_count };
}

function uniqueName(db: Db, wanted: string): string {
  const taken = new Set((db.prepare("SELECT name FROM datasets WHERE status != 'failed'").all() as { name: string }[]).map((r) => r.name));
  let name = wanted;
  for (let n = 2; taken.has(name); n++) name = `${wanted} (${n})`;
  return name;
}

/** Reserves a dataset for an import; it stays invisible until the worker marks it ready. */
export function createImportingDataset(db: Db, wantedName: string, source: string): { id: number; name: string } {
  return db.transaction(() => {
    const name = uniqueName(db, wantedName);
    const info = db
      .prepare("INSERT INTO datasets (name, source, status, table_name, created_at) VALUES (?, ?, 'importing', '', ?)")
      .run(name, source, new Date().toISOString());
    const id = Number(info.lastInsertRowid);
    db.prepare('UPDATE datasets SET table_name = ? WHERE id = ?').run(datasetTable(id), id);
    return { id, name };
  }).immediate();
}

/**
 * Drops a dataset's table, columns and row. The columns go explicitly: an import's connection
 * does not enforce foreign keys, so nothing cascades there (quarantine and profile do where it does).
 */
function removeDataset(db: Db, id: number, table: string): void {
  if (table) dropRowTable(db, table);
  deleteChunks(db, id);
  forgetColumns(db, id);
  db.prepare('DELETE FROM datasets WHERE id = ?').run(id);
}

/** Removes a dataset and everything of it (table, columns, quarantine, profile) in one transaction. */
export function discardDataset(db: Db, id: number): void {
  db.transaction(() => {
    const row = db.prepare('SELECT table_name FROM datasets WHERE id = ?').get(id) as { table_name: string } | undefined;
    if (row) removeDataset(db, id, row.table_name);
  }).immediate();
}

/** Removes a staging dataset once its rows were merged into their target (inside the merge's transaction). */
export function removeStagingDataset(db: Db, id: number): void {
  removeDataset(db, id, datasetTable(id));
}

/** Stores a dataset's profile, replacing the one before. */
export function saveProfile(db: Db, profile: DatasetProfile): void {
  db.prepare(
    'INSERT INTO profiles (dataset_id, profile, created_at) VALUES (?, ?, ?) ON CONFLICT(dataset_id) DO UPDATE SET profile = excluded.profile, created_at = excluded.created_at',
  ).run(profile.datasetId, JSON.stringify(profile), profile.createdAt);
}

/** A dataset's stored profile, or null when none is (it was never computed or its rows changed since). */
export function loadProfile(db: Db, datasetId: number): DatasetProfile | null {
  const row = db.prepare('SELECT profile FROM profiles WHERE dataset_id = ?').get(datasetId) as { profile: string } | undefined;
  return row ? (JSON.parse(row.profile) as DatasetProfile) : null;
}

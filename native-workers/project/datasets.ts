import { AssayError } from '../../preload/contract/errors';
import type { Cell, ColumnInfo, ColumnType, DatasetProfile, DatasetSummary, RowPage } from '../../preload/contract/types';
import { dropRowTable } from './dataset-tables';
import type { Db } from './open';

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
  const add = db.prepare('INSERT INTO dataset_columns (dataset_id, position, name, type, format, source_name) VALUES (?, ?, ?, ?, ?, ?)');
  columns.forEach((c, i) => add.run(datasetId, first + i, c.name, c.type, c.format ?? null, c.sourceName ?? null));
}

/** Makes an imported dataset visible with its final counts (in the import's last transaction). */
export function markReady(db: Db, datasetId: number, rows: number, quarantined: number): void {
  db.prepare("UPDATE datasets SET status = 'ready', row_count = ?, quarantined_count = ? WHERE id = ?").run(rows, quarantined, datasetId);
}

/** Sets a dataset's row count (after rows were deleted or merged in). */
export function setRowCount(db: Db, datasetId: number, rows: number): void {
  db.prepare('UPDATE datasets SET row_count = ? WHERE id = ?').run(rows, datasetId);
}

/** How many records a dataset's quarantine holds, whatever its status (a staging dataset's before its merge). */
export function quarantinedCount(db: Db, datasetId: number): number {
  return (db.prepare('SELECT quarantined_count AS q FROM datasets WHERE id = ?').get(datasetId) as { q: number }).q;
}

/** Adds to a dataset's row and quarantine counts (negative to take away). */
export function adjustCounts(db: Db, datasetId: number, rows: number, quarantined: number): void {
  db.prepare('UPDATE datasets SET row_count = row_count + ?, quarantined_count = quarantined_count + ? WHERE id = ?').run(rows, quarantined, datasetId);
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

function readyRow(db: Db, id: number): DatasetRow {
  const row = db.prepare(`${selectDatasets} WHERE d.id = ? AND d.status = 'ready'`).get(id) as DatasetRow | undefined;
  if (!row) throw new AssayError('NOT_FOUND', `Dataset ${id} does not exist in this project.`);
  return row;
}

export function getDataset(db: Db, id: number): DatasetSummary {
  return summary(db, readyRow(db, id));
}

export function readRows(db: Db, id: number, offset: number, limit: number): RowPage {
  const ds = readyRow(db, id);
  const safeLimit = Math.max(0, Math.min(maxPage, Math.floor(limit)));
  const safeOffset = Math.max(0, Math.floor(offset));
  // rowid is dense (rows are only ever appended), so a range scan beats OFFSET on deep pages.
  const rows = db
    .prepare(`SELECT * FROM ${ds.table_name} WHERE rowid > ? ORDER BY rowid LIMIT ?`)
    .raw(true)
    .all(safeOffset, safeLimit) as Cell[][];
  return { datasetId: id, offset: safeOffset, columns: columnsOf(db, id), rows, total: ds.row_count };
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
  db.prepare('DELETE FROM dataset_columns WHERE dataset_id = ?').run(id);
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

export function saveProfile(db: Db, profile: DatasetProfile): void {
  db.prepare(
    'INSERT INTO profiles (dataset_id, profile, created_at) VALUES (?, ?, ?) ON CONFLICT(dataset_id) DO UPDATE SET profile = excluded.profile, created_at = excluded.created_at',
  ).run(profile.datasetId, JSON.stringify(profile), profile.createdAt);
}

export function loadProfile(db: Db, datasetId: number): DatasetProfile | null {
  const row = db.prepare('SELECT profile FROM profiles WHERE dataset_id = ?').get(datasetId) as { profile: string } | undefined;
  return row ? (JSON.parse(row.profile) as DatasetProfile) : null;
}

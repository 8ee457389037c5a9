/**
 * A stream's windowed aggregation results, stored as a dataset ("<stream> · <window>"): columns
 * window_start, window_end (ISO datetimes), the groupBy columns, events, the aggregates, revision.
 * A late update rewrites its row in place (rowids stay dense for the grid); a session merged by a
 * late event removes the rows it supersedes. Also reads a dataset whole for enrichment lookups.
 */
import type { Cell, ColumnType } from '../../preload/contract/types';
import type { WindowRow } from '../../preload/contract/sensors';
import { compactRowTable, createRowTable, ensureKeyIndex } from './dataset-tables';
import { adjustCounts, createImportingDataset, datasetTable, insertColumns, markReady, readyDatasetShape } from './datasets';
import type { Db } from './open';
import { datasetRowPages } from './columns/dataset-rows';
import { convertToRows } from './columns/rewrite';

export interface WindowDatasetShape {
  readonly streamId: number;
  readonly streamName: string;
  readonly window: string;
  readonly keys: readonly string[];
  readonly aggregates: readonly string[];
}

/** Writes emitted window rows into their dataset: one transaction per call. */
export type WindowRowWriter = (rows: readonly WindowRow[]) => void;

const iso = (ms: number): string => new Date(ms).toISOString();

/** The source a window dataset records: one per stream and window name (and one for its late events). */
function windowSource(s: WindowDatasetShape, late: boolean): string {
  return `stream ${s.streamId} window ${s.window}${late ? ' late' : ''}`;
}

const keyType = (v: number | string | null): ColumnType => (typeof v === 'number' ? 'number' : 'categorical');

/**
 * A dataset made (ready, empty) on first use, or reused when one from the same source has the
 * same columns: a restarted stream appends to its window's results.
 */
function openResultDataset(db: Db, source: string, wantedName: string, names: readonly string[], types: readonly ColumnType[]): { id: number; name: string } {
  const candidates = db.prepare("SELECT id FROM datasets WHERE source = ? AND status = 'ready' ORDER BY id DESC").all(source) as { id: number }[];
  for (const { id } of candidates) {
    const ds = readyDatasetShape(db, id);
    if (ds.names.join('\u0000') !== names.join('\u0000')) continue;
    // Its rows are updated in place by key: results stored as column chunks since become a row table again.
    if (convertToRows(db, id, ds.table, names.length)) ensureKeyIndex(db, ds.table, 0);
    return { id, name: ds.name };
  }
  const made = createImportingDataset(db, wantedName, source);
  db.transaction(() => {
    createRowTable(db, datasetTable(made.id), names.length);
    ensureKeyIndex(db, datasetTable(made.id), 0);
    insertColumns(db, made.id, names.map((name, i) => ({ name, type: types[i] })));
    markReady(db, made.id, 0, 0);
  }).immediate();
  return made;
}

/** The window's results dataset ("<stream> · <window>"); key column types come from the first row. */
export function openWindowDataset(db: Db, shape: WindowDatasetShape, first: WindowRow): { id: number; name: string } {
  const names = ['window_start', 'window_end', ...shape.keys, 'events', ...shape.aggregates, 'revision'];
  const types: ColumnType[] = ['datetime', 'datetime', ...first.key.map(keyType), 'integer', ...shape.aggregates.map((): ColumnType => 'number'), 'integer'];
  return openResultDataset(db, windowSource(shape, false), `${shape.streamName} · ${shape.window}`, names, types);
}

/** One event too late for its windows, as the late-events dataset keeps it. */
export interface LateRow {
  readonly t: number;
  readonly key: readonly (number | string | null)[];
  readonly values: readonly (number | null)[];
}

/**
 * The window's late events ("<stream> · <window> · late": event_time, the keys, the aggregated
 * fields), and a writer appending to it.
 */
export function lateRowWriter(db: Db, shape: WindowDatasetShape, fields: readonly string[], first: LateRow): (rows: readonly LateRow[]) => void {
  const names = ['event_time', ...shape.keys, ...fields];
  const types: ColumnType[] = ['datetime', ...first.key.map(keyType), ...fields.map((): ColumnType => 'number')];
  const ds = openResultDataset(db, windowSource(shape, true), `${shape.streamName} · ${shape.window} · late`, names, types);
  const insert = db.prepare(`INSERT INTO ${datasetTable(ds.id)} (${names.map((_, i) => `c${i}`).join(', ')}) VALUES (${names.map(() => '?').join(', ')})`);
  const write = db.transaction((rows: readonly LateRow[]) => {
    for (const r of rows) insert.run(iso(r.t), ...r.key, ...r.values);
    adjustCounts(db, ds.id, rows.length, 0);
  });
  return (rows) => write.immediate(rows);
}

/** A writer of one window dataset's rows: revision 0 appends, a later revision replaces its row. */
export function windowRowWriter(db: Db, datasetId: number, keyCount: number, aggregateCount: number): WindowRowWriter {
  const table = datasetTable(datasetId);
  const width = 2 + keyCount + 1 + aggregateCount + 1;
  const columns = Array.from({ length: width }, (_, i) => `c${i}`);
  const keyMatch = Array.from({ length: keyCount }, (_, i) => ` AND c${2 + i} IS ?`).join('');
  const insert = db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
  const update = db.prepare(`UPDATE ${table} SET ${columns.slice(1).map((c) => `${c} = ?`).join(', ')} WHERE c0 = ?${keyMatch}`);
  const superseded = db.prepare(`SELECT rowid AS id FROM ${table} WHERE c0 = ?${keyMatch}`).pluck();
  const write = db.transaction((rows: readonly WindowRow[]) => {
    let added = 0;
    const gone: number[] = [];
    for (const r of rows) {
      const cells: Cell[] = [iso(r.start), iso(r.end), ...r.key, r.events, ...r.values, r.revision];
      for (const start of r.replaces ?? []) gone.push(...(superseded.all(iso(start), ...r.key) as number[]));
      if (r.revision > 0 && update.run(...cells.slice(1), cells[0], ...r.key).changes > 0) continue;
      insert.run(...cells);
      added++;
    }
    if (gone.length > 0) {
      compactRowTable(db, table, width, gone);
      ensureKeyIndex(db, table, 0);
    }
    adjustCounts(db, datasetId, added - gone.length, 0);
  });
  return (rows) => write.immediate(rows);
}

/** A ready dataset's column names and all its rows, for an enrichment lookup (NOT_FOUND when it is not there). */
export function lookupDataset(db: Db, datasetId: number): { names: string[]; rows: Cell[][] } {
  const ds = readyDatasetShape(db, datasetId);
  const rows: Cell[][] = [];
  for (const page of datasetRowPages(db, ds, 5000)) for (const [, ...cells] of page) rows.push(cells);
  return { names: ds.names, rows };
}

/**
 * A dataset's rows whatever its storage (row table or column chunks), for the readers that go
 * row by row: rule checks, monitor references and checks, samples for suggestions and the privacy
 * scan, recommender columns, stream-window look-ups. A columnar dataset's "rowid" is its 1-based
 * row number, which is what a dense row table's rowid is, so quarantine lines and rule verdicts
 * name the same rows on both storages. Only the chunks of the columns asked for are read, one
 * chunk row at a time (bounded memory), and nothing is held between pages but the decoded chunks
 * of the chunk being read.
 */
import type { Cell } from '../../../preload/contract/types';
import type { Db } from '../open';
import { rowPages, type PageOptions, type RowFilter, type RowidRow } from '../rows';
import { chunkRows, decodeChunk, type ChunkView } from './chunk-codec';
import { chunkLocator, datasetStorage } from './chunk-store';

/** What locates a dataset's values: its id (chunks) and its row table's name. */
export interface StoredDataset {
  readonly id: number;
  readonly table: string;
}

/** Rows per chunk of a columnar dataset, chunk by chunk (from its first column; every column has the same). */
export function chunkRowCounts(db: Db, datasetId: number): number[] {
  return db.prepare('SELECT rows FROM dataset_chunks WHERE dataset_id = ? AND position = 0 ORDER BY chunk').pluck(true).all(datasetId) as number[];
}

/** How many columns a columnar dataset's chunks hold. */
export function chunkColumnCount(db: Db, datasetId: number): number {
  return db.prepare('SELECT count(*) FROM dataset_chunks WHERE dataset_id = ? AND chunk = 0').pluck(true).get(datasetId) as number;
}

/** The test SQLite applies for a RowFilter, on a decoded cell (SQLite's typeof: 0/1 booleans are integers). */
function holds(f: RowFilter, v: Cell): boolean {
  if (f.kind === 'null') return v === null;
  if (typeof v !== 'number') return false;
  return f.kind === 'number' || v < f.lo || v > f.hi;
}

/**
 * A dataset's rows in order, `pageRows` at a time, as [rowid, ...values] (rowPages' shape and
 * options: some columns only, or only the rows a filter holds for). The same connection may write
 * between pages, except to this dataset's chunks (a rewrite writes under a scratch id: rewrite.ts).
 */
export function* datasetRowPages(db: Db, ds: StoredDataset, pageRows: number, opts: PageOptions = {}): Generator<RowidRow[]> {
  if (datasetStorage(db, ds.id) === 'rows') {
    yield* rowPages(db, ds.table, pageRows, opts);
    return;
  }
  const counts = chunkRowCounts(db, ds.id);
  const positions = opts.columns ?? Array.from({ length: chunkColumnCount(db, ds.id) }, (_, j) => j);
  const filter = opts.filter;
  const locate = chunkLocator(db);
  const view = (position: number, chunk: number): ChunkView => {
    const id = locate.id(ds.id, position, chunk);
    if (id === undefined) throw new Error(`Dataset ${ds.id} has no chunk ${chunk} of column ${position}: its column chunks are incomplete.`);
    return decodeChunk(locate.bytes(id));
  };
  let page: RowidRow[] = [];
  for (let chunk = 0; chunk < counts.length; chunk++) {
    const views = positions.map((p) => view(p, chunk));
    const test = filter ? view(filter.column, chunk) : null;
    const base = chunk * chunkRows + 1;
    for (let i = 0; i < counts[chunk]!; i++) {
      if (test && !holds(filter!, test.cell(i))) continue;
      const row = new Array<Cell>(Math.max(1, positions.length) + 1) as RowidRow;
      row[0] = base + i;
      for (let j = 0; j < views.length; j++) row[j + 1] = views[j]!.cell(i);
      // As rowPages selects NULL when no column is asked for.
      if (views.length === 0) row[1] = null;
      page.push(row);
      if (page.length === pageRows) {
        yield page;
        page = [];
      }
    }
  }
  if (page.length > 0) yield page;
}

/** Rows without their rowid, in order (a generator: pages are dropped once read). */
export function* datasetRows(db: Db, ds: StoredDataset, pageRows = 10_000, opts: PageOptions = {}): Generator<Cell[]> {
  for (const page of datasetRowPages(db, ds, pageRows, opts)) for (const r of page) yield r.slice(1) as Cell[];
}

/** A dataset's first rows in order: a sample for rule suggestions. */
export function datasetFirstRows(db: Db, ds: StoredDataset, limit: number): Cell[][] {
  const out: Cell[][] = [];
  if (limit <= 0) return out;
  for (const page of datasetRowPages(db, ds, Math.min(limit, 10_000))) {
    for (const r of page) {
      out.push(r.slice(1) as Cell[]);
      if (out.length === limit) return out;
    }
  }
  return out;
}

/** Every `step`-th row (rowid a multiple of step; all rows when step is 1), up to `limit`: spreadRows on either storage. */
export function datasetSpreadRows(db: Db, ds: StoredDataset, step: number, limit: number): Cell[][] {
  const out: Cell[][] = [];
  if (limit <= 0) return out;
  for (const page of datasetRowPages(db, ds, 10_000)) {
    for (const r of page) {
      if (step !== 1 && r[0] % step !== 0) continue;
      out.push(r.slice(1) as Cell[]);
      if (out.length === limit) return out;
    }
  }
  return out;
}

/** Some columns (by position), each as an array in row order: for readers that already hold whole columns (recommenders). */
export function datasetColumnArrays(db: Db, ds: StoredDataset, positions: readonly number[]): Cell[][] {
  const out: Cell[][] = positions.map(() => []);
  if (positions.length === 0) return out;
  for (const page of datasetRowPages(db, ds, 10_000, { columns: positions })) {
    for (const r of page) for (let j = 0; j < positions.length; j++) out[j]!.push(r[j + 1]!);
  }
  return out;
}

/** A dataset's row count from what it stores (a row table's count, or its chunks' rows). */
export function storedRowCount(db: Db, ds: StoredDataset): number {
  if (datasetStorage(db, ds.id) === 'rows') return db.prepare(`SELECT count(*) FROM ${ds.table}`).pluck(true).get() as number;
  return chunkRowCounts(db, ds.id).reduce((a, b) => a + b, 0);
}

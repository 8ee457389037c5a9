import type { Db } from '../../project/open';
import { datasetColumns, requireReadyDataset } from '../../project/datasets';
import { rowPages } from '../../project/rows';
import { datasetStorage } from '../../project/columns/chunk-store';
import { columnViews } from '../../project/columns/read';
import type { Cell, ColumnType } from '../../../preload/contract/types';
import { isNumericType } from '../../../preload/contract/schema';
import { parseIsoDate } from '../../ml/tabular/dates';
import type { Frame, FrameColumn } from '../../ml/tabular/frame';

export interface LoadedDataset {
  readonly name: string;
  readonly types: ReadonlyMap<string, ColumnType>;
  /** Every column, in dataset order; rows in rowid order (the row indices folds refer to). */
  readonly frame: Frame;
  /** Cells that did not parse as their column's numeric type, per column (they become missing). */
  readonly unparsed: ReadonlyMap<string, number>;
  /** Cells of date and datetime columns that are no ISO 8601 date, per column (they become missing). */
  readonly unparsedDates: ReadonlyMap<string, number>;
  /** Text columns that are numbers but for a few stray cells: used as numbers, with examples of what was not. */
  readonly coerced: ReadonlyMap<string, { readonly count: number; readonly examples: readonly string[] }>;
}

/** A text column is read as numbers when at least this share of its filled cells are numbers. */
const mostlyNumeric = 0.95;

/**
 * "Text in a numeric column": an import types a column as text when a few
 * cells are not numbers (a typo, "n/a", "?"). For training, such a column is
 * the numbers it holds; the stray cells count as missing and are reported.
 */
function coerceMostlyNumeric(c: FrameColumn & { kind: 'categorical' }): { column: FrameColumn; count: number; examples: string[] } | null {
  const values = new Float64Array(c.values.length);
  let filled = 0;
  let bad = 0;
  const examples = new Set<string>();
  for (let i = 0; i < c.values.length; i++) {
    const v = c.values[i];
    if (v === null) {
      values[i] = NaN;
      continue;
    }
    filled++;
    const x = Number(v.trim());
    if (v.trim() !== '' && Number.isFinite(x)) values[i] = x;
    else {
      values[i] = NaN;
      bad++;
      if (examples.size < 3) examples.add(v);
    }
  }
  if (filled === 0 || bad === 0 || filled - bad < mostlyNumeric * filled) return null;
  return { column: { name: c.name, kind: 'numeric', values }, count: bad, examples: [...examples] };
}

const pageRows = 50_000;

/** A date or datetime column as UTC milliseconds (the pipeline derives its calendar parts), counting text that is no date. */
function dateColumn(name: string, texts: readonly (string | null)[], unparsed: Map<string, number>): FrameColumn {
  const values = new Float64Array(texts.length);
  texts.forEach((t, i) => {
    values[i] = t === null ? NaN : parseIsoDate(t);
    if (t !== null && Number.isNaN(values[i])) unparsed.set(name, (unparsed.get(name) ?? 0) + 1);
  });
  return { name, kind: 'date', values };
}

/**
 * Reads a whole dataset into columns: integer, number and boolean columns as
 * Float64Array (NaN = missing), date and datetime columns as UTC milliseconds
 * (so they become features, not identifiers), other text as strings. A row
 * table is paged by rowid so one page at a time is held as row arrays; a
 * columnar dataset is read a chunk at a time.
 */
export function loadDataset(db: Db, datasetId: number, checkCancelled: () => void): LoadedDataset {
  const ds = requireReadyDataset(db, datasetId);
  const cols = datasetColumns(db, datasetId);
  const n = ds.rowCount;
  // Dates, categories and ids are read as text (ids stored as numbers included); the frame decides their kind.
  const numeric = cols.map((c) => isNumericType(c.type));
  const nums = cols.map((_, j) => (numeric[j] ? new Float64Array(n) : null));
  const texts = cols.map((_, j) => (numeric[j] ? null : new Array<string | null>(n)));
  const unparsed = new Map<string, number>();
  /** Stores cell v of column j, row i, as the frame holds it. */
  const put = (j: number, i: number, v: Cell): void => {
    const num = nums[j];
    if (num) {
      const x = toNumber(v);
      if (Number.isNaN(x) && v !== null && v !== '') unparsed.set(cols[j]!.name, (unparsed.get(cols[j]!.name) ?? 0) + 1);
      num[i] = x;
    } else {
      texts[j]![i] = v === null || v === '' ? null : String(v);
    }
  };
  checkCancelled();
  const i = datasetStorage(db, datasetId) === 'columns' ? loadChunks(db, datasetId, n, nums, put, checkCancelled) : loadRows(db, ds.table, n, cols.length, put, checkCancelled);
  const coerced = new Map<string, { count: number; examples: string[] }>();
  const unparsedDates = new Map<string, number>();
  const columns: FrameColumn[] = cols.map((c, j) => {
    if (nums[j]) return { name: c.name, kind: 'numeric', values: nums[j]!.subarray(0, i) };
    if (c.type === 'date' || c.type === 'datetime') return dateColumn(c.name, texts[j]!.slice(0, i), unparsedDates);
    const text = { name: c.name, kind: 'categorical' as const, values: texts[j]!.slice(0, i) };
    const numeric = coerceMostlyNumeric(text);
    if (!numeric) return text;
    coerced.set(c.name, { count: numeric.count, examples: numeric.examples });
    return numeric.column;
  });
  return { name: ds.name, types: new Map(cols.map((c) => [c.name, c.type])), frame: { rows: i, columns }, unparsed, unparsedDates, coerced };
}

/** Reads a row table page by page into `put`; returns the rows read. */
function loadRows(db: Db, table: string, n: number, width: number, put: (j: number, i: number, v: Cell) => void, checkCancelled: () => void): number {
  let i = 0;
  for (const rows of rowPages(db, table, pageRows)) {
    for (const row of rows) {
      if (i >= n) break;
      for (let j = 0; j < width; j++) put(j, i, row[j + 1]!);
      i++;
    }
    checkCancelled();
  }
  return i;
}

/**
 * Reads a columnar dataset column by column: a numeric chunk goes straight into the column's
 * Float64Array (no cell in between), anything else cell by cell through `put`. Returns the rows read.
 */
function loadChunks(
  db: Db,
  datasetId: number,
  n: number,
  nums: readonly (Float64Array | null)[],
  put: (j: number, i: number, v: Cell) => void,
  checkCancelled: () => void,
): number {
  let rows = n;
  nums.forEach((num, j) => {
    let at = 0;
    for (const view of columnViews(db, datasetId, j)) {
      const take = Math.min(view.rows, n - at);
      if (take < view.rows || !(num && view.numbersInto(num, at))) for (let k = 0; k < take; k++) put(j, at + k, view.cell(k));
      at += take;
      if (at === n) break;
    }
    rows = Math.min(rows, at);
    checkCancelled();
  });
  return rows;
}

function toNumber(v: Cell): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase();
    if (t === 'true') return 1;
    if (t === 'false') return 0;
    // Infinity and NaN spelled out in a file are not measurements: treat as missing (and counted).
    const x = t === '' ? NaN : Number(t);
    return Number.isFinite(x) ? x : NaN;
  }
  return NaN;
}

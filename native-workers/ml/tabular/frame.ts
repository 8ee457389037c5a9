/**
 * The raw table a preprocessing pipeline consumes: typed columns by name, before
 * imputation and encoding. Training builds one from a stored dataset; serving
 * builds one from the JSON rows of a request (`frameFromRecords`), so both go
 * through the same fitted transform.
 */
import { isMissing } from '../infer';
import { parseIsoDate } from './dates';

export type FrameColumnKind = 'numeric' | 'categorical' | 'date';

export type FrameColumn =
  | { readonly name: string; readonly kind: 'numeric'; readonly values: Float64Array /* NaN = missing */ }
  /** Dates and datetimes as UTC milliseconds: the pipeline derives calendar parts from them. */
  | { readonly name: string; readonly kind: 'date'; readonly values: Float64Array /* NaN = missing */ }
  | { readonly name: string; readonly kind: 'categorical'; readonly values: readonly (string | null)[] /* null = missing */ };

export interface Frame {
  readonly rows: number;
  readonly columns: readonly FrameColumn[];
}

/** A column's name and kind: what a fitted pipeline expects of its input. */
export interface FrameColumnSpec {
  readonly name: string;
  readonly kind: FrameColumnKind;
}

/** Thrown when raw values do not fit the columns a frame is built for. */
export class FrameError extends Error {
  constructor(
    message: string,
    readonly column: string,
    readonly row: number,
  ) {
    super(message);
    this.name = 'FrameError';
  }
}

export function frame(columns: readonly FrameColumn[]): Frame {
  const rows = columns.length > 0 ? columns[0].values.length : 0;
  const seen = new Set<string>();
  for (const c of columns) {
    if (c.values.length !== rows) throw new Error(`Column "${c.name}" has ${c.values.length} values, expected ${rows}.`);
    if (seen.has(c.name)) throw new Error(`Column "${c.name}" appears twice.`);
    seen.add(c.name);
  }
  return { rows, columns };
}

export function frameColumn(f: Frame, name: string): FrameColumn | undefined {
  return f.columns.find((c) => c.name === name);
}

/** The rows at `indices`, in that order: how a training fold gets its own frame to fit on. */
export function takeFrameRows(f: Frame, indices: ArrayLike<number>): Frame {
  const n = indices.length;
  for (let i = 0; i < n; i++) {
    const r = indices[i];
    if (!Number.isInteger(r) || r < 0 || r >= f.rows) throw new RangeError(`Row index ${r} is outside 0..${f.rows - 1}.`);
  }
  const columns = f.columns.map((c): FrameColumn => {
    if (c.kind !== 'categorical') {
      const values = new Float64Array(n);
      for (let i = 0; i < n; i++) values[i] = c.values[indices[i]];
      return { name: c.name, kind: c.kind, values };
    }
    const values = new Array<string | null>(n);
    for (let i = 0; i < n; i++) values[i] = c.values[indices[i]];
    return { name: c.name, kind: 'categorical', values };
  });
  return { rows: n, columns };
}

/**
 * Numeric cell from a raw JSON value: finite numbers, numeric strings, booleans as 0/1;
 * null, undefined, NaN and the import's missing tokens ('', 'NA', '?'…) are missing.
 * Anything else throws, since a serving request that sends text for a number is a client error.
 */
export function toNumeric(value: unknown, column: string, row: number): number {
  if (value === null || value === undefined) return NaN;
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return NaN;
    if (Number.isFinite(value)) return value;
  } else if (typeof value === 'boolean') {
    return value ? 1 : 0;
  } else if (typeof value === 'string') {
    if (isMissing(value)) return NaN;
    const t = value.trim();
    const lower = t.toLowerCase();
    if (lower === 'true') return 1;
    if (lower === 'false') return 0;
    const n = Number(t);
    if (t !== '' && Number.isFinite(n)) return n;
  }
  throw new FrameError(`Column "${column}", row ${row}: ${describe(value)} is not a number.`, column, row);
}

/**
 * Categorical cell from a raw JSON value. Numbers and booleans become their text
 * (String(415) === '415', as an imported integer column reads), so a category
 * matches whether the client sends 415 or "415".
 */
export function toCategory(value: unknown, column: string, row: number): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return isMissing(value) ? null : value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  if (typeof value === 'boolean') return String(value);
  throw new FrameError(`Column "${column}", row ${row}: ${describe(value)} is not a category.`, column, row);
}

/**
 * Date cell from a raw JSON value: ISO 8601 text as the dataset stores it ("2024-03-01",
 * "2024-03-01T08:30:00Z"). Text that is no date is missing, as it was in training; a
 * number or anything else throws, since it is ambiguous (seconds? days?) and a client error.
 */
export function toDate(value: unknown, column: string, row: number): number {
  if (value === null || value === undefined) return NaN;
  if (typeof value === 'string') return isMissing(value) ? NaN : parseIsoDate(value);
  throw new FrameError(`Column "${column}", row ${row}: ${describe(value)} is not a date; send ISO 8601 text such as "2024-03-01" or "2024-03-01T08:30:00Z".`, column, row);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number') return String(value);
  return Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : typeof value;
}

/** A frame from raw JSON rows (a serving request's body): one column per spec, a missing key is a missing value. */
export function frameFromRecords(records: readonly Readonly<Record<string, unknown>>[], kinds: readonly FrameColumnSpec[]): Frame {
  const columns = kinds.map((k): FrameColumn => {
    if (k.kind !== 'categorical') {
      const read = k.kind === 'numeric' ? toNumeric : toDate;
      const values = new Float64Array(records.length);
      records.forEach((r, i) => (values[i] = read(own(r, k.name), k.name, i)));
      return { name: k.name, kind: k.kind, values };
    }
    return { name: k.name, kind: 'categorical', values: records.map((r, i) => toCategory(own(r, k.name), k.name, i)) };
  });
  return frame(columns);
}

/** Own keys only: a column named "constructor" must not read Object.prototype. */
function own(r: Readonly<Record<string, unknown>>, key: string): unknown {
  return Object.hasOwn(r, key) ? r[key] : undefined;
}

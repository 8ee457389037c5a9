/**
 * Checks a POST /predict body against a version's input schema before any
 * prediction: every problem is reported with its row and column, so a client
 * can fix its request. Rules:
 *  - the body is `{"rows": [{…}, …]}` or one row object `{…}`;
 *  - every input column must be present as a key; `null` (or "", "NA"…) is an
 *    explicit missing value, imputed exactly as in training;
 *  - a numeric column takes numbers, numeric strings and booleans; text is a 400;
 *  - a categorical column takes strings, numbers and booleans (unseen categories
 *    are handled by the fitted encoder, as in training); objects and arrays are a 400;
 *  - keys that are not input columns (an id, the target) are ignored and listed
 *    back as `ignoredColumns`, never an error; the rows returned hold the input
 *    columns only, so what a client sends besides them is never logged.
 */
import { FrameError, toCategory, toDate, toNumeric, type FrameColumnSpec } from '../../../native-workers/ml/tabular/frame';

export interface RowProblem {
  /** Index in the request's rows (0 for a single-row body). */
  readonly row: number;
  readonly column: string | null;
  readonly message: string;
}

export type Validated =
  | { readonly ok: true; readonly rows: readonly Readonly<Record<string, unknown>>[]; readonly ignoredColumns: readonly string[] }
  | { readonly ok: false; readonly error: string; readonly details: readonly RowProblem[] };

/** At most this many problems are listed; a batch of 10,000 bad rows needs no 10,000-line answer. */
export const maxProblems = 50;

function isRecord(v: unknown): v is Readonly<Record<string, unknown>> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The rows of a parsed body, or why there are none. */
export function rowsOf(body: unknown): { rows: readonly unknown[]; single: boolean } | string {
  if (!isRecord(body)) return 'The body must be a JSON object: one row {"column": value, …} or {"rows": [{…}, …]}.';
  if (Object.hasOwn(body, 'rows')) {
    const rows = body['rows'];
    if (!Array.isArray(rows)) return '"rows" must be an array of row objects.';
    if (rows.length === 0) return '"rows" is empty: send at least one row.';
    return { rows, single: false };
  }
  return { rows: [body], single: true };
}

export function validateRows(body: unknown, columns: readonly FrameColumnSpec[]): Validated {
  const got = rowsOf(body);
  if (typeof got === 'string') return { ok: false, error: got, details: [] };
  const details: RowProblem[] = [];
  const known = new Set(columns.map((c) => c.name));
  const ignored = new Set<string>();
  let bad = 0;
  let truncated = false;
  // Rows with keys besides the input columns are replaced by their input columns (copied only when needed).
  let rows: unknown[] | null = null;
  for (let i = 0; i < got.rows.length; i++) {
    if (details.length >= maxProblems) {
      truncated = true;
      break;
    }
    const row = got.rows[i];
    const before = details.length;
    if (!isRecord(row)) {
      details.push({ row: i, column: null, message: `Row ${i} is not an object of column values.` });
    } else {
      let matched = 0;
      for (const c of columns) {
        if (!Object.hasOwn(row, c.name)) {
          details.push({ row: i, column: c.name, message: `Row ${i} has no column "${c.name}" (${c.kind}); send null for a missing value.` });
          continue;
        }
        matched++;
        try {
          if (c.kind === 'numeric') toNumeric(row[c.name], c.name, i);
          else if (c.kind === 'date') toDate(row[c.name], c.name, i);
          else toCategory(row[c.name], c.name, i);
        } catch (err) {
          details.push({ row: i, column: c.name, message: err instanceof FrameError ? err.message : String(err) });
        }
      }
      if (Object.keys(row).length > matched) {
        for (const k of Object.keys(row)) if (!known.has(k)) ignored.add(k);
        rows ??= [...got.rows];
        rows[i] = Object.fromEntries(columns.filter((c) => Object.hasOwn(row, c.name)).map((c) => [c.name, row[c.name]]));
      }
    }
    if (details.length > before) bad++;
  }
  if (details.length > 0) {
    const n = got.rows.length;
    const what = bad === 1 && n === 1 ? 'The row does not' : `${truncated ? 'at least ' : ''}${bad} of ${n} rows do not`;
    return {
      ok: false,
      error: `${what} match the model's input schema (${columns.length} columns: ${columns.map((c) => `${c.name}:${c.kind}`).join(', ')}).`,
      details: details.slice(0, maxProblems),
    };
  }
  return { ok: true, rows: (rows ?? got.rows) as readonly Readonly<Record<string, unknown>>[], ignoredColumns: [...ignored] };
}

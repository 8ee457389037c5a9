/**
 * A POST /predict body checked against a model's input schema before any
 * prediction. One module for every prediction server of Assay — the app's model
 * server (main/host/serving/) and an exported bundle's server.js
 * (native-workers/export/server/) — so the two answer the same request alike.
 * Every problem is reported with its row and column, so a client can fix its
 * request. Rules:
 *  - the body is JSON: `{"rows": [{…}, …]}` or one row object `{…}`;
 *  - every input column must be present as a key; `null` (or "", "NA"…) is an
 *    explicit missing value, imputed exactly as in training;
 *  - a numeric column takes numbers, numeric strings and booleans; text is a 400;
 *  - a categorical column takes strings, numbers and booleans; objects and arrays
 *    are a 400. A category the fit never saw is predicted as the fitted encoder
 *    does (missing/unknown) and named in `warnings`, since it usually means a typo
 *    or a changed upstream system;
 *  - keys that are not input columns (an id, the target) are ignored and listed
 *    back as `ignoredColumns`, never an error; the rows returned hold the input
 *    columns only, so what a client sends besides them is never logged.
 */
import { FrameError, toCategory, toDate, toNumeric, type FrameColumnSpec } from './frame';
import type { Prediction } from './predictor';
import type { PipelineJSON } from './preprocess/pipeline-json';

export interface RowProblem {
  /** Index in the request's rows (0 for a single-row body). */
  readonly row: number;
  readonly column: string | null;
  readonly message: string;
}

/** Why a request is refused; `reason` is the metrics label. */
export interface RequestRefusal {
  readonly ok: false;
  readonly status: 400 | 413;
  readonly reason: 'bad_json' | 'bad_input' | 'too_large';
  readonly error: string;
  readonly details: readonly RowProblem[];
  /** Rows the refused request held (0 when its body was not JSON): the operations history counts rejected rows. */
  readonly rows: number;
}

export interface CheckedRows {
  readonly ok: true;
  readonly rows: readonly Readonly<Record<string, unknown>>[];
  readonly ignoredColumns: readonly string[];
  /** `column: 'value' was not seen in training; …`, once per column and value. */
  readonly warnings: readonly string[];
  /** The body was one row object, not {"rows": […]}: its prediction's id is the request's. */
  readonly single: boolean;
}

export type Validated = CheckedRows | Omit<RequestRefusal, 'status' | 'reason' | 'rows'>;

/** What a server needs of a model to check its requests (a Predictor is one). */
export interface RequestSchema {
  readonly inputColumns: readonly FrameColumnSpec[];
  /** Per categorical column, the categories the fit saw (kept or rare); absent: no warnings. */
  readonly seenCategories?: ReadonlyMap<string, ReadonlySet<string>>;
}

/** A fitted pipeline's request schema: its input columns and every category its fit saw (kept or rare). */
export function requestSchemaOf(pipeline: PipelineJSON): Required<RequestSchema> {
  return { inputColumns: pipeline.inputColumns, seenCategories: new Map(pipeline.categorical.map((s) => [s.name, new Set([...s.categories, ...s.rare])])) };
}

/** At most this many problems (and warnings) are listed; a batch of 10,000 bad rows needs no 10,000-line answer. */
export const maxProblems = 50;
export const defaultMaxRows = 10_000;

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

export function validateRows(body: unknown, schema: RequestSchema): Validated {
  const { inputColumns: columns, seenCategories: seen } = schema;
  const got = rowsOf(body);
  if (typeof got === 'string') return { ok: false, error: got, details: [] };
  const details: RowProblem[] = [];
  const warnings = new Set<string>();
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
          else {
            const category = toCategory(row[c.name], c.name, i);
            const vocabulary = seen?.get(c.name);
            if (category !== null && vocabulary && !vocabulary.has(category) && warnings.size < maxProblems) {
              warnings.add(`${c.name}: '${category}' was not seen in training; treated as missing/unknown`);
            }
          }
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
  return { ok: true, rows: (rows ?? got.rows) as readonly Readonly<Record<string, unknown>>[], ignoredColumns: [...ignored], warnings: [...warnings], single: got.single };
}

/** A request body's text parsed and checked: the rows to predict, or the refusal to answer. */
export function checkPredictRequest(text: string, schema: RequestSchema, maxRows = defaultMaxRows): CheckedRows | RequestRefusal {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    const why = text.trim() === '' ? 'the body is empty' : err instanceof Error ? err.message : String(err);
    return { ok: false, status: 400, reason: 'bad_json', error: `The body is not valid JSON (${why}): send {"rows": [{…}]} or one row {…}.`, details: [], rows: 0 };
  }
  const sent = isRecord(body) && Array.isArray(body['rows']) ? body['rows'].length : 1;
  if (sent > maxRows) return { ok: false, status: 413, reason: 'too_large', error: `${sent} rows in one request; at most ${maxRows}. Split the batch.`, details: [], rows: sent };
  const checked = validateRows(body, schema);
  return checked.ok ? checked : { ...checked, status: 400, reason: 'bad_input', rows: sent };
}

/**
 * The ids of a request's predictions, what POST /feedback names: a single-row
 * body's one prediction is the request id itself, row i of {"rows": […]} is
 * `REQUEST.i`.
 */
export function predictionIds(requestId: string, checked: Pick<CheckedRows, 'rows' | 'single'>): string[] {
  return checked.single ? [requestId] : checked.rows.map((_, i) => `${requestId}.${i}`);
}

/** The JSON body of an answered request: the same keys from every server; `ids` for a {"rows": […]} body. */
export function predictAnswer(model: string, version: number, predictions: readonly Prediction[], checked: CheckedRows, requestId: string): Readonly<Record<string, unknown>> {
  return {
    id: requestId,
    ...(checked.single ? {} : { ids: predictionIds(requestId, checked) }),
    model,
    version,
    predictions,
    ...(checked.ignoredColumns.length ? { ignoredColumns: checked.ignoredColumns } : {}),
    ...(checked.warnings.length ? { warnings: checked.warnings } : {}),
  };
}

/** The JSON body of a refusal: what was wrong, and where. */
export function refusalBody(error: string, details: readonly unknown[] = []): Readonly<Record<string, unknown>> {
  return { error, details };
}

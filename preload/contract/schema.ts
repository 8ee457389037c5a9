/** Column schemas: what inference found in a sample, and what the user overrides before an import. */
import type { ColumnType } from './types';

/**
 * How dates were written in the source. Tokens: YYYY, MM, DD, HH, mm, ss, SSS (fraction),
 * Z (a zone: `Z` or ±hh:mm, none means UTC), and the separators as written; `epoch-s` and
 * `epoch-ms` are seconds or milliseconds since 1970-01-01 UTC.
 */
export type DateFormat =
  | 'YYYY-MM-DD'
  | 'YYYY/MM/DD'
  | 'MM/DD/YYYY'
  | 'DD/MM/YYYY'
  | 'DD.MM.YYYY'
  | 'MM.DD.YYYY'
  | 'DD-MM-YYYY'
  | 'MM-DD-YYYY'
  | 'YYYY-MM-DDTHH:mm:ssZ'
  | 'YYYY-MM-DD HH:mm:ssZ'
  | 'MM/DD/YYYY HH:mm:ss'
  | 'DD/MM/YYYY HH:mm:ss'
  | 'DD.MM.YYYY HH:mm:ss'
  | 'epoch-s'
  | 'epoch-ms';

export const dateFormats: readonly DateFormat[] = [
  'YYYY-MM-DD',
  'YYYY/MM/DD',
  'MM/DD/YYYY',
  'DD/MM/YYYY',
  'DD.MM.YYYY',
  'MM.DD.YYYY',
  'DD-MM-YYYY',
  'MM-DD-YYYY',
  'YYYY-MM-DDTHH:mm:ssZ',
  'YYYY-MM-DD HH:mm:ssZ',
  'MM/DD/YYYY HH:mm:ss',
  'DD/MM/YYYY HH:mm:ss',
  'DD.MM.YYYY HH:mm:ss',
  'epoch-s',
  'epoch-ms',
];

/** Every column type, in the order a picker lists them. */
export const columnTypes: readonly ColumnType[] = ['integer', 'number', 'boolean', 'date', 'datetime', 'categorical', 'text', 'id'];

/** Types whose stored cells are numbers a model can use as they are. */
export function isNumericType(type: ColumnType): boolean {
  return type === 'integer' || type === 'number' || type === 'boolean';
}

/** What inference found for one column of a sample. */
export interface InferredColumn {
  readonly name: string;
  readonly type: ColumnType;
  /** For date and datetime columns: how the source writes them. */
  readonly format: DateFormat | null;
  /** Set when the sample fits more than one day/month order; says which was picked and why. */
  readonly ambiguity: string | null;
  readonly missing: number;
  readonly count: number;
  readonly distinct: number;
  /** A few distinct non-missing values, as written. */
  readonly samples: readonly string[];
  /**
   * Non-missing sample values that do not fit `type` (at most 5 % of them: see
   * ml/infer.ts inferTypeTolerant). When above 0 the type is kept strictly: a row whose value
   * does not fit goes to quarantine (rule `type`) instead of making the column text.
   */
  readonly misfits: number;
}

export interface InferredSchema {
  readonly columns: readonly InferredColumn[];
  readonly sampleRows: number;
}

/** The user's changes to one column, keyed by its name in the source. */
export interface ColumnOverride {
  readonly type?: ColumnType;
  /** The name in the dataset; default the source name. */
  readonly rename?: string;
  readonly drop?: boolean;
  /** For date and datetime columns: how the source writes them (default: detected). */
  readonly format?: DateFormat;
}

/**
 * `ImportSpec.schema`: overrides by source column name. Columns not listed keep
 * what inference finds. A value that cannot be converted to an overridden type
 * sends its row to quarantine (rule `type`) instead of becoming missing.
 */
export interface SchemaOverrides {
  readonly columns: Readonly<Record<string, ColumnOverride>>;
}

export const emptySchemaOverrides: SchemaOverrides = { columns: {} };

/** A sample to infer from: column names and rows of raw strings (a preview's first rows). */
export interface SchemaSample {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** Problems with overrides, by source column (empty or duplicate names, unknown columns). */
export function checkOverrides(sourceColumns: readonly string[], overrides: SchemaOverrides): Map<string, string> {
  const problems = new Map<string, string>();
  const known = new Set(sourceColumns);
  for (const name of Object.keys(overrides.columns)) {
    if (!known.has(name)) problems.set(name, `There is no column "${name}" in the source; its columns are ${sourceColumns.join(', ')}.`);
  }
  const seen = new Map<string, string>();
  for (const source of sourceColumns) {
    const o = overrides.columns[source];
    if (o?.drop) continue;
    const name = (o?.rename ?? source).trim();
    if (name === '') {
      problems.set(source, 'The new name is empty; type a name or drop the column.');
      continue;
    }
    const other = seen.get(name.toLowerCase());
    if (other !== undefined) problems.set(source, `"${name}" is already the name of column "${other}"; names must be unique.`);
    else seen.set(name.toLowerCase(), source);
  }
  if (sourceColumns.length > 0 && sourceColumns.every((c) => overrides.columns[c]?.drop)) {
    problems.set(sourceColumns[0]!, 'Every column is dropped; keep at least one.');
  }
  return problems;
}

const overrideKeys = new Set(['type', 'rename', 'drop', 'format']);

/**
 * Checks untrusted JSON (a CLI file, a spec over the wire) is a SchemaOverrides, saying what
 * and where when it is not. `where` names the source, e.g. the file.
 */
export function parseSchemaOverrides(json: unknown, where: string): SchemaOverrides {
  const fail = (what: string): never => {
    throw new Error(`${where}: ${what}. Expected {"columns": {"<source column>": {"type"?, "rename"?, "drop"?, "format"?}}}.`);
  };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return fail('not a JSON object');
  const columns = (json as { columns?: unknown }).columns;
  if (typeof columns !== 'object' || columns === null || Array.isArray(columns)) return fail('no "columns" object');
  const out: Record<string, ColumnOverride> = {};
  for (const [name, raw] of Object.entries(columns as Record<string, unknown>)) {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail(`column "${name}" is not an object`);
    const o = raw as Record<string, unknown>;
    const unknownKey = Object.keys(o).find((k) => !overrideKeys.has(k));
    if (unknownKey) return fail(`column "${name}" has an unknown key "${unknownKey}"`);
    if (o.type !== undefined && !columnTypes.includes(o.type as ColumnType)) return fail(`column "${name}" has type ${JSON.stringify(o.type)}; use one of ${columnTypes.join(', ')}`);
    if (o.rename !== undefined && typeof o.rename !== 'string') return fail(`column "${name}": "rename" must be a string`);
    if (o.drop !== undefined && typeof o.drop !== 'boolean') return fail(`column "${name}": "drop" must be true or false`);
    if (o.format !== undefined && !dateFormats.includes(o.format as DateFormat)) return fail(`column "${name}" has format ${JSON.stringify(o.format)}; use one of ${dateFormats.join(', ')}`);
    out[name] = o as ColumnOverride;
  }
  return { columns: out };
}

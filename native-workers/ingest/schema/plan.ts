import { AssayError } from '../../../preload/contract/errors';
import { checkOverrides, type DateFormat, type InferredSchema, type SchemaOverrides } from '../../../preload/contract/schema';
import type { ColumnType } from '../../../preload/contract/types';
import { detectDateFormat, isDatetimeFormat } from '../../ml/schema/dates';
import { isMissing } from '../../ml/infer';

/** One stored column: where it comes from in the source record, and how its cells are converted. */
export interface ColumnPlan {
  /** Index of the field in the source record. */
  readonly source: number;
  readonly sourceName: string;
  readonly name: string;
  readonly type: ColumnType;
  readonly format: DateFormat | null;
  /**
   * The user chose the type, or inference chose it over stray values: a value that does not
   * convert sends its row to quarantine (rule `type`) instead of widening the column.
   */
  readonly strict: boolean;
  /** Sample values that did not fit the inferred type (0 when the user set the type). */
  readonly misfits: number;
}

/** Identity plan for sources that bring their own names and types. */
export function plainPlan(names: readonly string[], types: readonly ColumnType[]): ColumnPlan[] {
  return names.map((name, i) => ({ source: i, sourceName: name, name, type: types[i]!, format: null, strict: false, misfits: 0 }));
}

/**
 * Inferred columns with the user's overrides applied: renamed, dropped, retyped (with a date
 * format from the override, else the detected one, else one detected now from the sample).
 * Overrides that cannot work (unknown columns, empty or duplicate names, a date type no
 * format reads) fail before anything is written.
 */
export function planColumns(inferred: InferredSchema, overrides: SchemaOverrides | undefined, sample: readonly (readonly string[])[]): ColumnPlan[] {
  const names = inferred.columns.map((c) => c.name);
  const problems = overrides ? checkOverrides(names, overrides) : new Map<string, string>();
  if (problems.size > 0) {
    const list = [...problems].map(([col, why]) => `${col}: ${why}`).join(' ');
    throw new AssayError('BAD_INPUT', `The schema overrides cannot be applied. ${list} Fix them and import again; nothing was imported.`);
  }
  const plan: ColumnPlan[] = [];
  inferred.columns.forEach((col, i) => {
    const o = overrides?.columns[col.name];
    if (o?.drop) return;
    const type = o?.type ?? col.type;
    let format: DateFormat | null = null;
    if (type === 'date' || type === 'datetime') {
      format = o?.format ?? col.format ?? detectDateFormat(sample.map((r) => (r[i] ?? '').trim()).filter((v) => !isMissing(v)))?.format ?? null;
      if (format === null) {
        throw new AssayError('BAD_INPUT', `Column "${col.name}" is set to ${type}, but no date format Assay knows reads its values (e.g. "${col.samples[0] ?? ''}"). Choose a format for it, or another type; nothing was imported.`);
      }
      if (type === 'date' && isDatetimeFormat(format)) {
        throw new AssayError('BAD_INPUT', `Column "${col.name}" is set to date, but its format ${format} has a time of day. Set it to datetime; nothing was imported.`);
      }
    }
    // A type inferred despite stray values is as strict as one the user chose: the strays go to quarantine.
    const strict = o?.type !== undefined || o?.format !== undefined || col.misfits > 0;
    plan.push({ source: i, sourceName: col.name, name: (o?.rename ?? col.name).trim(), type, format, strict, misfits: o?.type === undefined ? col.misfits : 0 });
  });
  return plan;
}

const typeWords: Readonly<Record<ColumnType, string>> = {
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean (true/false, yes/no, 1/0)',
  date: 'a date',
  datetime: 'a datetime',
  categorical: 'a category',
  text: 'text',
  id: 'an id',
};

/** Why a value does not fit a column whose type the user set, in words. */
export function typeFailure(value: string, column: ColumnPlan): string {
  const shown = value.length > 60 ? `${value.slice(0, 57)}…` : value;
  const format = column.format ? ` in the format ${column.format}` : '';
  return `"${shown}" is not ${typeWords[column.type]}${format}`;
}

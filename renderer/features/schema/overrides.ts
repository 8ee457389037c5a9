import type { ColumnOverride, ColumnType, DateFormat, InferredColumn, SchemaOverrides } from '../../../preload/contract';

/**
 * The overrides with one column's override changed. Fields equal to what inference found
 * are removed (and a column with nothing left disappears), so the spec lists only real
 * changes, and a column stays non-strict unless the user really chose another type.
 */
export function withOverride(value: SchemaOverrides, column: InferredColumn, patch: ColumnOverride): SchemaOverrides {
  const merged: { type?: ColumnType; rename?: string; drop?: boolean; format?: DateFormat } = { ...value.columns[column.name], ...patch };
  if (merged.type === column.type) delete merged.type;
  if (merged.rename === column.name) delete merged.rename;
  if (merged.drop === false) delete merged.drop;
  const type = merged.type ?? column.type;
  if ((type !== 'date' && type !== 'datetime') || merged.format === column.format) delete merged.format;
  const columns = { ...value.columns };
  if (Object.keys(merged).length === 0) delete columns[column.name];
  else columns[column.name] = merged;
  return { columns };
}

/** Share of missing values as a short percentage ("0%", "8.6%", "<0.1%"). */
export function missingShare(column: InferredColumn): string {
  if (column.count === 0 || column.missing === 0) return '0%';
  const p = (100 * column.missing) / column.count;
  return p < 0.1 ? '<0.1%' : `${p < 10 ? p.toFixed(1) : Math.round(p)}%`;
}

/** A date type the import could not apply: no format, or a time-of-day format on a date column. */
export function formatProblem(column: InferredColumn, override: ColumnOverride | undefined): string | null {
  if (override?.drop) return null;
  const type = override?.type ?? column.type;
  if (type !== 'date' && type !== 'datetime') return null;
  const format = override?.format ?? column.format;
  if (!format) return `No date format reads these values by itself; choose the one they are written in.`;
  if (type === 'date' && (format.includes('HH') || format.startsWith('epoch'))) return `${format} has a time of day; make the column a datetime or choose a date-only format.`;
  return null;
}

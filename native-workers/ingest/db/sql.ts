import { AssayError } from '../../../preload/contract/errors';
import type { DbSelection } from '../../../preload/contract/sources';
import type { DbDriver } from './driver';

/** The SELECT a selection stands for: a whole table, or the user's own query. */
export function baseSql(d: Pick<DbDriver, 'quote'>, sel: DbSelection): string {
  if ('query' in sel) {
    const q = sel.query.trim().replace(/;\s*$/, '');
    if (!q) throw new AssayError('BAD_INPUT', 'The SQL query is empty.');
    if (q.includes(';')) throw new AssayError('BAD_INPUT', 'Give one SELECT statement (no ";" separating several).');
    return q;
  }
  if (!sel.table.trim()) throw new AssayError('BAD_INPUT', 'Say which table to import.');
  return `SELECT * FROM ${sel.schema ? `${d.quote(sel.schema)}.` : ''}${d.quote(sel.table)}`;
}

/**
 * The extract statement: with a watermark column, rows come in watermark
 * order (the last one seen is then the new watermark) and a refresh asks only
 * for rows past the stored one.
 */
export function extractSql(d: Pick<DbDriver, 'quote' | 'param'>, sel: DbSelection, watermarkColumn?: string, after?: string | number | null): { sql: string; params: unknown[] } {
  const base = baseSql(d, sel);
  if (!watermarkColumn) return { sql: base, params: [] };
  const wm = `assay_src.${d.quote(watermarkColumn)}`;
  if (after === null || after === undefined) return { sql: `SELECT * FROM (${base}) assay_src ORDER BY ${wm}`, params: [] };
  return { sql: `SELECT * FROM (${base}) assay_src WHERE ${wm} > ${d.param(1)} ORDER BY ${wm}`, params: [after] };
}

export function previewSql(d: Pick<DbDriver, 'quote'>, sel: DbSelection, limit: number): string {
  return `SELECT * FROM (${baseSql(d, sel)}) assay_src LIMIT ${Math.max(1, Math.floor(limit))}`;
}

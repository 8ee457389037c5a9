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

/**
 * PostgreSQL's `$n` parameter references replaced by literals, for statements that take no bind
 * parameters (COPY). Each value becomes an escape-string literal of unknown type, which
 * PostgreSQL types from its context exactly as it types pg's text parameters. References
 * inside quoted text, quoted names, dollar-quoted strings and comments are left alone.
 */
export function inlinePgParams(sql: string, params: readonly unknown[]): string {
  if (params.length === 0) return sql;
  const literal = (v: unknown): string => {
    if (v === null || v === undefined) return 'NULL';
    const text = v instanceof Date ? v.toISOString() : String(v);
    return `E'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
  };
  let out = '';
  let i = 0;
  const skipTo = (close: string, from: number): number => {
    const j = sql.indexOf(close, from);
    return j < 0 ? sql.length : j + close.length;
  };
  while (i < sql.length) {
    const c = sql[i]!;
    let end = i + 1;
    if (c === "'" || c === '"') {
      // A doubled quote inside is two quoted runs back to back: the same result.
      end = skipTo(c, i + 1);
    } else if (c === '-' && sql[i + 1] === '-') {
      end = skipTo('\n', i);
    } else if (c === '/' && sql[i + 1] === '*') {
      end = skipTo('*/', i + 2);
    } else if (c === '$') {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i));
      const param = /^\$(\d+)/.exec(sql.slice(i));
      if (tag) {
        end = skipTo(tag[0], i + tag[0].length);
      } else if (param) {
        const n = Number(param[1]);
        if (n < 1 || n > params.length) throw new AssayError('BAD_INPUT', `The statement refers to $${n}, but ${params.length} value(s) were given.`);
        out += literal(params[n - 1]);
        i += param[0].length;
        continue;
      }
    }
    out += sql.slice(i, end);
    i = end;
  }
  return out;
}

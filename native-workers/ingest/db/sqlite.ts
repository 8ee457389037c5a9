/**
 * SQLite files, opened read-only through project/sqlite-source.ts (the user's file is never written, not even
 * its WAL). Rows come from a statement iterator in batches; the event loop is
 * given a turn between batches so a cancel can arrive.
 */
import fs from 'node:fs';
import type { ColumnType } from '../../../preload/contract/types';
import type { SourceColumn, TableEntry } from '../../../preload/contract/sources';
import { AssayError } from '../../../preload/contract/errors';
import { quoteIdent } from '../../project/open';
import { openSqliteSource, querySqliteSource, sqliteTables, sqliteVersion } from '../../project/sqlite-source';
import type { SourceValue } from '../writer';
import type { ConnectParams, DbDriver, DbReader } from './driver';

/** SQLite's own affinity rules (section 3.1 of its datatype page), applied to the declared type. */
function affinity(decl: string | null): ColumnType {
  const t = (decl ?? '').toUpperCase();
  if (t.includes('INT')) return t.includes('BOOL') ? 'boolean' : 'integer';
  if (t.includes('BOOL')) return 'boolean';
  if (t.includes('CHAR') || t.includes('CLOB') || t.includes('TEXT') || t.includes('DATE') || t.includes('TIME') || t.includes('JSON')) return 'text';
  if (t.includes('REAL') || t.includes('FLOA') || t.includes('DOUB') || t.includes('NUM') || t.includes('DEC')) return 'number';
  // No declared type (an expression, or a column without a type): the values decide.
  return t === '' ? 'integer' : 'text';
}

function cellOf(v: unknown, type: ColumnType): SourceValue {
  if (Buffer.isBuffer(v)) return v.toString('base64');
  // SQLite stores booleans as 0/1; a declared BOOLEAN column hands them over as booleans.
  if (type === 'boolean' && (v === 0 || v === 1)) return v === 1;
  return v as SourceValue;
}

export async function connectSqlite(p: ConnectParams): Promise<DbDriver> {
  if (!fs.existsSync(p.database)) throw new AssayError('NOT_FOUND', `The SQLite file ${p.database} does not exist.`);
  const db = openSqliteSource(p.database);
  return {
    kind: 'sqlite',
    async version() {
      return `SQLite ${sqliteVersion(db)}`;
    },
    async tables(): Promise<TableEntry[]> {
      return sqliteTables(db).map((t) => ({ schema: null, name: t.name, kind: t.view ? 'view' : 'table', rowEstimate: t.rows }));
    },
    async open(sql, params): Promise<DbReader> {
      const query = querySqliteSource(db, sql, params);
      const columns: SourceColumn[] = query.columns.map((c) => ({ name: c.name, dbType: c.declaredType ?? '', type: affinity(c.declaredType) }));
      const it = query.rows;
      let done = false;
      return {
        columns,
        async read(max) {
          const out: SourceValue[][] = [];
          while (!done && out.length < max) {
            const n = it.next();
            if (n.done) {
              done = true;
              break;
            }
            out.push((n.value as unknown[]).map((v, i) => cellOf(v, columns[i].type)));
          }
          await new Promise((r) => setImmediate(r));
          return out;
        },
        async close() {
          if (!done) it.return?.();
          done = true;
        },
      };
    },
    quote: quoteIdent,
    param: () => '?',
    async close() {
      db.close();
    },
  };
}

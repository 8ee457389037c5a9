/**
 * SQLite files, opened read-only (the user's file is never written, not even
 * its WAL). Rows come from a statement iterator in batches; the event loop is
 * given a turn between batches so a cancel can arrive.
 */
import fs from 'node:fs';
import type { ColumnType } from '../../../preload/contract/types';
import type { SourceColumn, TableEntry } from '../../../preload/contract/sources';
import { AssayError } from '../../../preload/contract/errors';
import { openDatabase } from '../../project/open';
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
  const db = openDatabase(p.database, { readonly: true, fileMustExist: true });
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (err) {
    db.close();
    throw new AssayError('BAD_INPUT', `${p.database} is not a SQLite database (${(err as Error).message}).`);
  }
  return {
    kind: 'sqlite',
    async version() {
      return `SQLite ${(db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v}`;
    },
    async tables(): Promise<TableEntry[]> {
      const rows = db.prepare("SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as {
        name: string;
        type: string;
      }[];
      return rows.map((r) => ({
        schema: null,
        name: r.name,
        kind: r.type === 'view' ? 'view' : 'table',
        // SQLite keeps no row estimate; count(*) walks the smallest index, cheap enough for browsing.
        rowEstimate: r.type === 'view' ? null : (db.prepare(`SELECT count(*) AS n FROM "${r.name.replace(/"/g, '""')}"`).get() as { n: number }).n,
      }));
    },
    async open(sql, params): Promise<DbReader> {
      const stmt = db.prepare(sql);
      if (!stmt.reader) throw new AssayError('BAD_INPUT', 'The query returns no rows: only SELECT statements can be imported.');
      stmt.raw(true);
      const columns: SourceColumn[] = stmt.columns().map((c) => ({ name: c.name, dbType: c.type ?? '', type: affinity(c.type) }));
      const it = stmt.iterate(...params) as IterableIterator<unknown[]>;
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
    quote: (ident) => `"${ident.replace(/"/g, '""')}"`,
    param: () => '?',
    async close() {
      db.close();
    },
  };
}

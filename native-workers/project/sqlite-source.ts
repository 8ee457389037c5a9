/**
 * Another SQLite file read as an import source (never the project): opened
 * read-only, so the user's file is never written (a WAL-mode file gets the
 * empty -wal and -shm any reader creates). The driver in ingest/db/sqlite.ts
 * turns these into a DbDriver.
 */
import { AssayError } from '../../preload/contract/errors';
import { openDatabase, quoteIdent, type Db } from './open';
import { assayApplicationId } from './store';

/**
 * The refusal for another Assay project given as a SQLite source: its datasets are column chunks
 * (and row tables named ds_N with columns c0…), not tables another program, or this source, can
 * read as rows. Exporting a dataset gives a file any import takes.
 */
function assayProjectRefusal(db: Db, file: string): AssayError {
  let names: string[] = [];
  try {
    names = (db.prepare("SELECT name FROM datasets WHERE status = 'ready' ORDER BY name").pluck(true).all() as string[]).slice(0, 10);
  } catch {
    // An Assay file without a datasets table (a damaged one): the advice stands without names.
  }
  const first = names[0] ?? 'DATASET';
  return new AssayError(
    'BAD_INPUT',
    `${file} is an Assay project, not a plain SQLite database: its datasets are stored in Assay's own column format. ` +
      `Export one to a file and import that instead: assay export-data "${file}" "${first}" --to "${first}.parquet"` +
      (names.length > 0 ? ` (its datasets: ${names.join(', ')}).` : '.'),
  );
}

/** Opens a SQLite file read-only; BAD_INPUT when it is not a SQLite database, or is an Assay project. */
export function openSqliteSource(file: string): Db {
  const db = openDatabase(file, { readonly: true, fileMustExist: true });
  let appId: number;
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    appId = db.pragma('application_id', { simple: true }) as number;
  } catch (err) {
    db.close();
    throw new AssayError('BAD_INPUT', `${file} is not a SQLite database (${(err as Error).message}).`);
  }
  if (appId === assayApplicationId) {
    const refusal = assayProjectRefusal(db, file);
    db.close();
    throw refusal;
  }
  return db;
}

/** The SQLite library's version, as the source reports it. */
export function sqliteVersion(db: Db): string {
  return (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
}

/** The file's tables and views by name, with each table's row count (views: null). */
export function sqliteTables(db: Db): { name: string; view: boolean; rows: number | null }[] {
  const rows = db.prepare("SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as {
    name: string;
    type: string;
  }[];
  return rows.map((r) => ({
    name: r.name,
    view: r.type === 'view',
    // SQLite keeps no row estimate; count(*) walks the smallest index, cheap enough for browsing.
    rows: r.type === 'view' ? null : (db.prepare(`SELECT count(*) AS n FROM ${quoteIdent(r.name)}`).get() as { n: number }).n,
  }));
}

/**
 * Runs a SELECT (the import's own text, built for SQLite by ingest/db/sql.ts)
 * and hands back its columns with their declared types and an iterator of raw
 * rows, so memory is bounded by what the caller holds; BAD_INPUT when the
 * statement returns no rows.
 */
export function querySqliteSource(
  db: Db,
  sql: string,
  params: readonly unknown[],
): { columns: { name: string; declaredType: string | null }[]; rows: IterableIterator<unknown[]> } {
  const stmt = db.prepare(sql);
  if (!stmt.reader) throw new AssayError('BAD_INPUT', 'The query returns no rows: only SELECT statements can be imported.');
  stmt.raw(true);
  const columns = stmt.columns().map((c) => ({ name: c.name, declaredType: c.type }));
  return { columns, rows: stmt.iterate(...params) as IterableIterator<unknown[]> };
}

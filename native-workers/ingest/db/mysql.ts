/**
 * MySQL / MariaDB through mysql2: a streaming query (the server sends rows as
 * they are read; the stream's backpressure pauses the socket), consumed in
 * bounded batches. Dates and big numbers arrive as strings, so nothing is lost
 * in a JS number or shifted by a time zone.
 */
import fs from 'node:fs';
import type { Readable } from 'node:stream';
import mysql from 'mysql2';
import type { ColumnType } from '../../../preload/contract/types';
import type { SourceColumn, TableEntry } from '../../../preload/contract/sources';
import type { SourceValue } from '../writer';
import type { ConnectParams, DbDriver, DbReader } from './driver';

/** mysql2 column type codes → [name, column type]. */
const known = new Map<number, readonly [string, ColumnType]>([
  [0, ['decimal', 'number']],
  [246, ['decimal', 'number']],
  [1, ['tinyint', 'integer']],
  [2, ['smallint', 'integer']],
  [3, ['int', 'integer']],
  [8, ['bigint', 'integer']],
  [9, ['mediumint', 'integer']],
  [13, ['year', 'integer']],
  [4, ['float', 'number']],
  [5, ['double', 'number']],
  [7, ['timestamp', 'text']],
  [10, ['date', 'text']],
  [11, ['time', 'text']],
  [12, ['datetime', 'text']],
  [15, ['varchar', 'text']],
  [253, ['varchar', 'text']],
  [254, ['char', 'text']],
  [245, ['json', 'text']],
  [247, ['enum', 'text']],
  [248, ['set', 'text']],
  [249, ['tinyblob', 'text']],
  [250, ['mediumblob', 'text']],
  [251, ['longblob', 'text']],
  [252, ['blob', 'text']],
  [16, ['bit', 'integer']],
]);

interface FieldLike {
  readonly name: string;
  readonly columnType?: number;
  readonly columnLength?: number;
}

function columnOf(f: FieldLike): SourceColumn {
  const code = f.columnType ?? -1;
  // tinyint(1) is how MySQL spells boolean.
  if (code === 1 && f.columnLength === 1) return { name: f.name, dbType: 'tinyint(1)', type: 'boolean' };
  const k = known.get(code);
  if (k) return { name: f.name, dbType: k[0], type: k[1] };
  return { name: f.name, dbType: `type ${code}`, type: 'text', note: `MySQL type code ${code} has no mapping: stored as its text form` };
}

function cellOf(v: unknown, type: ColumnType): SourceValue {
  if (v === null || v === undefined) return null;
  // tinyint(1) arrives as 0/1; big integers as strings (bigNumberStrings), kept exact as bigint beyond 2^53.
  if (type === 'boolean' && (v === 0 || v === 1)) return v === 1;
  if (type === 'integer' && typeof v === 'string' && /^-?\d+$/.test(v)) {
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : BigInt(v);
  }
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return v;
  if (Buffer.isBuffer(v)) return v.toString('base64');
  if (v instanceof Date) return v;
  return JSON.stringify(v);
}

export async function connectMysql(p: ConnectParams): Promise<DbDriver> {
  const mode = p.ssl?.mode ?? 'disable';
  const conn = mysql.createConnection({
    host: p.host ?? 'localhost',
    port: p.port ?? 3306,
    database: p.database,
    ...(p.user ? { user: p.user } : {}),
    password: p.password ?? '',
    connectTimeout: 15_000,
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    rowsAsArray: true,
    ...(mode === 'disable'
      ? {}
      : { ssl: { rejectUnauthorized: mode === 'verify-full', ...(p.ssl?.caFile ? { ca: fs.readFileSync(p.ssl.caFile, 'utf8') } : {}) } }),
  });
  // A connection lost between queries fails the next one; without a listener its 'error' event would crash the worker.
  conn.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => conn.connect((err) => (err ? reject(err) : resolve())));
  const promise = conn.promise();

  return {
    kind: 'mysql',
    async version() {
      const [rows] = await promise.query('SELECT VERSION()');
      const v = String((rows as unknown[][])[0]?.[0] ?? '?');
      return /mariadb/i.test(v) ? `MariaDB ${v.replace(/-MariaDB.*$/i, '')}` : `MySQL ${v}`;
    },
    async tables(): Promise<TableEntry[]> {
      const [rows] = await promise.query(
        `SELECT table_schema, table_name, table_type, table_rows FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY table_name`,
      );
      return (rows as unknown[][]).map((r) => ({
        schema: String(r[0]),
        name: String(r[1]),
        kind: String(r[2]) === 'VIEW' ? 'view' : 'table',
        rowEstimate: r[3] === null || r[3] === undefined ? null : Number(r[3]),
      }));
    },
    async open(sql, params): Promise<DbReader> {
      const query = conn.query({ sql, values: [...params] });
      const stream: Readable = query.stream({ highWaterMark: 2000 });
      // A killed or lost connection is reported on the connection only: it ends the rows, or fails the
      // wait for the fields when the kill lands first (the server sends them once the first row is ready).
      let failFields: (err: Error) => void = () => undefined;
      const lost = (err: Error): void => {
        failFields(err);
        stream.destroy(err);
      };
      conn.on('error', lost);
      // Until the caller iterates, nobody listens to the stream: its 'error' would crash the worker.
      // The iterator still receives the error.
      stream.on('error', () => undefined);
      const fields = new Promise<FieldLike[]>((resolve, reject) => {
        failFields = reject;
        query.once('fields', (f: FieldLike[]) => resolve(f));
        query.once('error', reject);
        // A statement without a result set (never the case for SELECT) ends without fields.
        query.once('end', () => resolve([]));
      });
      let columns: SourceColumn[];
      try {
        columns = (await fields).map(columnOf);
      } catch (err) {
        conn.off('error', lost);
        stream.destroy();
        throw err;
      }
      const it = stream[Symbol.asyncIterator]();
      let done = false;
      return {
        columns,
        async read(max) {
          const out: SourceValue[][] = [];
          while (!done && out.length < max) {
            const n = (await it.next()) as IteratorResult<unknown[]>;
            if (n.done) {
              done = true;
              break;
            }
            out.push(n.value.map((v, i) => cellOf(v, columns[i]?.type ?? 'text')));
          }
          return out;
        },
        async close() {
          done = true;
          conn.off('error', lost);
          stream.destroy();
        },
      };
    },
    quote: (ident) => `\`${ident.replace(/`/g, '``')}\``,
    param: () => '?',
    async close() {
      // destroy(), not end(): on cancel a streaming result may still be arriving.
      conn.destroy();
    },
  };
}

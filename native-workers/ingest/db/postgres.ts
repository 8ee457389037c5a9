/**
 * PostgreSQL through pg + pg-cursor: a server-side cursor read in batches, so
 * memory is bounded by the batch whatever the table's size. Values arrive in
 * text form and only the cheap ones are parsed here (ints, floats, booleans;
 * int8 as a bigint beyond 2^53, which the writer keeps exactly as text);
 * numeric stays a string for the writer, dates, timestamps, json, uuid and bytea keep PostgreSQL's text form.
 */
import fs from 'node:fs';
import pg from 'pg';
import Cursor from 'pg-cursor';
import type { ColumnType } from '../../../preload/contract/types';
import type { SourceColumn, TableEntry } from '../../../preload/contract/sources';
import type { SourceValue } from '../writer';
import type { ConnectParams, DbDriver, DbReader } from './driver';

/** OID → [type name, column type]. Anything else is stored as text, with a note. */
const known = new Map<number, readonly [string, ColumnType]>([
  [16, ['bool', 'boolean']],
  [20, ['int8', 'integer']],
  [21, ['int2', 'integer']],
  [23, ['int4', 'integer']],
  [26, ['oid', 'integer']],
  [700, ['float4', 'number']],
  [701, ['float8', 'number']],
  [1700, ['numeric', 'number']],
  [790, ['money', 'text']],
  [25, ['text', 'text']],
  [1043, ['varchar', 'text']],
  [1042, ['bpchar', 'text']],
  [18, ['char', 'text']],
  [19, ['name', 'text']],
  [1082, ['date', 'text']],
  [1083, ['time', 'text']],
  [1266, ['timetz', 'text']],
  [1114, ['timestamp', 'text']],
  [1184, ['timestamptz', 'text']],
  [1186, ['interval', 'text']],
  [114, ['json', 'text']],
  [3802, ['jsonb', 'text']],
  [2950, ['uuid', 'text']],
  [17, ['bytea', 'text']],
  [869, ['inet', 'text']],
  [650, ['cidr', 'text']],
  [829, ['macaddr', 'text']],
]);

const identity = (v: string): string => v;
const toInt = (v: string): number => parseInt(v, 10);
const toFloat = (v: string): number => parseFloat(v);
const toBool = (v: string): boolean => v === 't';
/** int8 beyond 2^53 stays exact: as a bigint, which the writer keeps as text. */
const toInt8 = (v: string): number | bigint => {
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : BigInt(v);
};

function parserFor(oid: number): (value: string) => unknown {
  switch (oid) {
    case 21:
    case 23:
    case 26:
      return toInt;
    case 700:
    case 701:
      return toFloat;
    case 16:
      return toBool;
    case 20:
      return toInt8;
    default:
      return identity;
  }
}

const types = { getTypeParser: (oid: number) => parserFor(oid) };

function sslOption(p: ConnectParams): pg.ClientConfig['ssl'] {
  const mode = p.ssl?.mode ?? 'disable';
  if (mode === 'disable') return false;
  const ca = p.ssl?.caFile ? fs.readFileSync(p.ssl.caFile, 'utf8') : undefined;
  return mode === 'verify-full' ? { rejectUnauthorized: true, ...(ca ? { ca } : {}) } : { rejectUnauthorized: false, ...(ca ? { ca } : {}) };
}

export async function connectPostgres(p: ConnectParams): Promise<DbDriver> {
  const client = new pg.Client({
    host: p.host ?? 'localhost',
    port: p.port ?? 5432,
    database: p.database,
    ...(p.user ? { user: p.user } : {}),
    // An empty string stops pg from falling back to $PGPASSWORD behind the user's back.
    password: p.password ?? '',
    ssl: sslOption(p),
    connectionTimeoutMillis: 15_000,
    types,
    application_name: 'assay',
  });
  await client.connect();
  // Type names up front: while a cursor is open the connection runs no other query.
  const typeNames = new Map<number, string>();
  for (const row of (await client.query<{ oid: number; typname: string }>('SELECT oid::int AS oid, typname FROM pg_type')).rows) typeNames.set(Number(row.oid), row.typname);

  function columnOf(f: pg.FieldDef): SourceColumn {
    const k = known.get(f.dataTypeID);
    if (k) return { name: f.name, dbType: k[0], type: k[1] };
    const name = typeNames.get(f.dataTypeID) ?? `oid ${f.dataTypeID}`;
    return { name: f.name, dbType: name, type: 'text', note: `PostgreSQL type ${name} has no mapping: stored as its text form` };
  }

  return {
    kind: 'postgres',
    async version() {
      const r = await client.query<{ v: string }>("SELECT current_setting('server_version') AS v");
      return `PostgreSQL ${r.rows[0]?.v ?? '?'}`;
    },
    async tables(): Promise<TableEntry[]> {
      const r = await client.query<{ schema: string; name: string; kind: string; est: number }>(
        `SELECT n.nspname AS schema, c.relname AS name, c.relkind AS kind, c.reltuples::float8 AS est
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE c.relkind IN ('r', 'p', 'v', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
          ORDER BY 1, 2`,
      );
      // reltuples is -1 (PG 14+) for a table never vacuumed or analysed: unknown, not empty.
      return r.rows.map((t) => ({
        schema: t.schema,
        name: t.name,
        kind: t.kind === 'v' || t.kind === 'm' ? 'view' : 'table',
        rowEstimate: t.kind === 'v' || Number(t.est) < 0 ? null : Math.round(Number(t.est)),
      }));
    },
    async open(sql, params): Promise<DbReader> {
      const cursor = client.query(new Cursor(sql, params, { rowMode: 'array', types }));
      // The first read also delivers the row description; an empty first batch still has it.
      let first: SourceValue[][] | null = (await cursor.read(1000)) as SourceValue[][];
      const fields = cursor._result.fields;
      const columns = fields.map(columnOf);
      return {
        columns,
        async read(max) {
          if (first) {
            const b = first;
            first = null;
            return b;
          }
          return (await cursor.read(max)) as SourceValue[][];
        },
        async close() {
          await cursor.close().catch(() => undefined);
        },
      };
    },
    quote: (ident) => `"${ident.replace(/"/g, '""')}"`,
    param: (n) => `$${n}`,
    async close() {
      await client.end().catch(() => undefined);
    },
  };
}

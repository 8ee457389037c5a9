/**
 * PostgreSQL through pg: rows stream as binary COPY (pg-copy-out.ts), paused
 * while a batch waits, so memory is bounded by the batch whatever the table's
 * size. Integers, float8 and booleans are decoded from their binary form (int8
 * as a bigint beyond 2^53, which the writer keeps exactly as text); every other
 * type is cast to its text form by the COPY itself (pg-binary.ts): numeric stays
 * a string for the writer, dates, timestamps, json, uuid and bytea keep
 * PostgreSQL's text form.
 */
import fs from 'node:fs';
import type pg from 'pg';
import type { ColumnType } from '../../../preload/contract/types';
import type { SourceColumn, TableEntry } from '../../../preload/contract/sources';
import type { DirectRowSink, SourceValue } from '../writer';
import { NO_PASSWORD, type ConnectParams, type DbDriver, type DbReader } from './driver';
import { copyColumnSql, PgBinaryRows } from './pg-binary';
import { CopyOut } from './pg-copy-out';
import { loadPg } from './pg-module';
import { inlinePgParams } from './sql';

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

function sslOption(p: ConnectParams): pg.ClientConfig['ssl'] {
  const mode = p.ssl?.mode ?? 'disable';
  if (mode === 'disable') return false;
  const ca = p.ssl?.caFile ? fs.readFileSync(p.ssl.caFile, 'utf8') : undefined;
  return mode === 'verify-full' ? { rejectUnauthorized: true, ...(ca ? { ca } : {}) } : { rejectUnauthorized: false, ...(ca ? { ca } : {}) };
}

/**
 * Reads a binary COPY in batches (read: the socket pauses while a batch's worth of rows waits to
 * be taken), or decodes it as it arrives straight into a writer's sink (pipe: no pause; a writer
 * thread that falls behind blocks this thread, and so the socket).
 */
function copyReader(client: pg.Client, copy: string, decoder: PgBinaryRows): Pick<DbReader, 'read' | 'pipe' | 'close'> {
  const rows: SourceValue[][] = [];
  let want = 0;
  let failure: Error | null = null;
  let ended = false;
  let wake: (() => void) | null = null;
  /** Set by pipe; until read or pipe is called, what arrives waits in `early`. */
  let into: { sink: DirectRowSink; watermarkColumn: number; onRows: (rows: number) => void } | null = null;
  let started = false;
  const early: Buffer[] = [];
  const notify = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };
  const take = (buf: Buffer, start: number, end: number): void => {
    if (failure) return;
    try {
      if (into) decoder.pushInto(buf, into.sink, into.watermarkColumn, start, end);
      else decoder.push(buf, rows, start, end);
    } catch (err) {
      failure = err as Error;
      copyOut.pause();
    }
  };
  const copyOut = new CopyOut(copy, {
    data(buf, start, end) {
      if (started) take(buf, start, end);
      else early.push(buf.subarray(start, end));
    },
    read() {
      if (!started) copyOut.pause();
      else if (into) into.onRows(decoder.rowsDecoded);
      else if (rows.length >= want) copyOut.pause();
      notify();
    },
    end() {
      ended = true;
      client.off('error', fail);
      checkEnd();
      notify();
    },
    error: (err) => fail(err),
  });
  const checkEnd = (): void => {
    if (ended && started && !decoder.done) failure ??= new Error('The COPY stream ended before its last row.');
  };
  const start = (): void => {
    if (started) return;
    started = true;
    for (const chunk of early.splice(0)) take(chunk, 0, chunk.length);
    checkEnd();
  };
  const fail = (err: Error): void => {
    failure ??= err;
    notify();
  };
  client.query(copyOut);
  // A connection lost mid-COPY (server restart, network cut) is reported by the client too.
  client.on('error', fail);
  return {
    async read(max) {
      want = max;
      start();
      for (;;) {
        if (failure) throw failure;
        if (rows.length >= max || ended) return rows.splice(0, max);
        copyOut.resume();
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
    async pipe(sink, watermarkColumn, onRows) {
      if (started) throw new Error('pipe() must be the first read of a COPY.');
      into = { sink, watermarkColumn, onRows };
      start();
      for (;;) {
        if (failure) throw failure;
        if (ended) return decoder.watermark;
        copyOut.resume();
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
    async close() {
      client.off('error', fail);
      if (ended) return;
      // Stopping a COPY midway (a cancel, or rows that failed to decode): the connection goes.
      failure ??= new Error('closed');
      // A read or pipe waiting for data ends now (with that failure), not at the job's kill.
      notify();
      // Bytes left unread in a paused socket would hold its end, and so client.end(), back.
      copyOut.resume();
      await client.end().catch(() => undefined);
    },
  };
}

export async function connectPostgres(p: ConnectParams): Promise<DbDriver> {
  const client = new (loadPg().Client)({
    host: p.host ?? 'localhost',
    port: p.port ?? 5432,
    database: p.database,
    ...(p.user ? { user: p.user } : {}),
    // Asked for only when the server wants one (trust, peer and certificate logins don't). With no
    // password resolved, say so rather than let pg read $PGPASSWORD or ~/.pgpass behind the host's back.
    password: () => {
      if (p.password !== null) return p.password;
      throw Object.assign(new Error('the server asks for a password and none was given'), { code: NO_PASSWORD });
    },
    ssl: sslOption(p),
    connectionTimeoutMillis: 15_000,
    application_name: 'assay',
  });
  // A connection lost between queries fails the next one; without a listener it would crash the worker.
  client.on('error', () => undefined);
  await client.connect();
  // Type names up front: while a COPY is running the connection runs no other query.
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
      // The row description first (COPY gives none), then the rows as binary COPY.
      const described = await client.query({ text: `SELECT * FROM (${sql}) AS assay_q LIMIT 0`, values: [...params], rowMode: 'array' });
      const fields = described.fields;
      const refs = fields.map((_, i) => `c${i + 1}`);
      const select = fields.map((f, i) => copyColumnSql(f.dataTypeID, `assay_q.${refs[i]}`)).join(', ');
      const copy = `COPY (SELECT ${select} FROM (${inlinePgParams(sql, params)}) AS assay_q(${refs.join(', ')})) TO STDOUT (FORMAT binary)`;
      const rows = new PgBinaryRows(fields.map((f) => f.dataTypeID));
      return { columns: fields.map(columnOf), ...copyReader(client, copy, rows) };
    },
    quote: (ident) => `"${ident.replace(/"/g, '""')}"`,
    param: (n) => `$${n}`,
    async close() {
      await client.end().catch(() => undefined);
    },
  };
}

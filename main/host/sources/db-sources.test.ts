import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbSourceName, type ConnectionInfo, type DbImportSpec, type SourceImportResult, type SourceState } from '../../../preload/contract/sources';
import { recipeFormat } from '../../../preload/contract/recipe';
import { ruleSetVersion, type QuarantinePage } from '../../../preload/contract/rules';
import type { DatasetSummary, RowPage } from '../../../preload/contract/types';
import { openSqliteSource, querySqliteSource } from '../../../native-workers/project/sqlite-source';
import { connectPostgres } from '../../../native-workers/ingest/db/postgres';
import { PgBinaryRows } from '../../../native-workers/ingest/db/pg-binary';
import type { SourceValue } from '../../../native-workers/ingest/writer';
import { to as copyTo } from 'pg-copy-streams';
import { Host } from '../host';
import { tempDir, waitFor } from '../testing';
import { startPostgres, type TestDbServer } from './test-servers';
import { checkpointWal, datasetCells, storedDatasetCount, tableRows, writeSqliteSource } from '../../../native-workers/project/inspect';

const dir = tempDir('assay-dbsrc-');
const password = 'Pg-S3cret-pa55word!';
const envName = 'ASSAY_TEST_PG_SECRET';
let server: TestDbServer;
let admin: pg.Client;
let host: Host;
let project = '';
let conn: ConnectionInfo;

async function shop(sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
  return admin.query(sql, params);
}

beforeAll(async () => {
  server = await startPostgres();
  const root = new pg.Client({ host: server.host, port: server.port, user: server.admin.user, password: server.admin.password, database: 'postgres' });
  await root.connect();
  await root.query(`CREATE ROLE reader LOGIN PASSWORD '${password}'`);
  await root.query('CREATE DATABASE shop OWNER reader');
  await root.end();
  admin = new pg.Client({ host: server.host, port: server.port, user: 'reader', password, database: 'shop' });
  await admin.connect();
  await shop(`CREATE TABLE items (
    id bigint PRIMARY KEY, name text, price numeric(10,2), qty int, ratio float8, active boolean, born date,
    updated_at timestamptz NOT NULL, meta jsonb, uid uuid, raw bytea, pt point, big int8)`);
  await shop(`INSERT INTO items SELECT g, 'item ' || g, (g % 1000) / 10.0, g % 7, g / 3.0, g % 2 = 0, date '2024-01-01' + (g % 365),
    timestamptz '2024-01-01 00:00:00+00' + g * interval '1 second', jsonb_build_object('g', g), md5(g::text)::uuid, decode('00ff', 'hex'),
    point(g, -g), CASE WHEN g = 1 THEN 9007199254740993 ELSE g END FROM generate_series(1, 12345) g`);
  await shop('ANALYZE items');
  process.env[envName] = password;
  project = path.join(dir, 'p.assay');
  host = new Host({ mode: 'browser', configDir: path.join(dir, 'config') });
  host.newProject(project);
  conn = (await host.dispatch('source:saveConnection', {
    name: 'shop',
    config: { kind: 'postgres', host: server.host, port: server.port, database: 'shop', user: 'reader', secret: { kind: 'env', name: envName } },
  })) as ConnectionInfo;
}, 120_000);

afterAll(async () => {
  await host?.close();
  await admin?.end();
  await server?.stop();
  delete process.env[envName];
});

async function runJob(jobId: string): Promise<SourceImportResult> {
  const done = await host.jobs.wait(jobId);
  expect(done.error).toBeNull();
  expect(done.status).toBe('succeeded');
  return host.jobs.resultOf(jobId) as SourceImportResult;
}

async function rows(datasetId: number): Promise<RowPage> {
  return (await host.dispatch('dataset:rows', { datasetId, offset: 0, limit: 5000 })) as RowPage;
}

function projectBytes(): string {
  return [project, `${project}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f).toString('latin1')).join('');
}

describe('PostgreSQL source', () => {
  it('tests the connection, and a wrong password fails without showing it', async () => {
    const ok = (await host.dispatch('source:test', { connectionId: conn.id })) as { ok: boolean; message: string; serverVersion: string };
    expect(ok.ok).toBe(true);
    expect(ok.serverVersion).toMatch(/^PostgreSQL 1\d/);
    process.env['ASSAY_TEST_WRONG'] = 'not-the-password-42';
    const bad = (await host.dispatch('source:test', {
      connection: { kind: 'postgres', host: server.host, port: server.port, database: 'shop', user: 'reader', secret: { kind: 'env', name: 'ASSAY_TEST_WRONG' } },
    })) as { ok: boolean; message: string };
    expect(bad.ok).toBe(false);
    expect(bad.message).toContain(`postgres://reader@127.0.0.1:${server.port}/shop`);
    expect(bad.message).toMatch(/password authentication failed/);
    expect(bad.message).not.toContain('not-the-password-42');
    const unset = (await host.dispatch('source:test', {
      connection: { kind: 'postgres', host: server.host, port: server.port, database: 'shop', user: 'reader', secret: { kind: 'env', name: 'ASSAY_TEST_UNSET' } },
    })) as { ok: boolean; message: string };
    expect(unset.message).toContain('$ASSAY_TEST_UNSET');
  });

  it('lists tables with the row estimate from pg_class and previews 50 rows with mapped types', async () => {
    const tables = (await host.dispatch('source:tables', { connectionId: conn.id })) as { schema: string; name: string; rowEstimate: number }[];
    expect(tables).toContainEqual({ schema: 'public', name: 'items', kind: 'table', rowEstimate: 12345 });
    const preview = (await host.dispatch('source:preview', { connectionId: conn.id, select: { table: 'items' } })) as {
      columns: { name: string; dbType: string; type: string; note?: string }[];
      rows: unknown[][];
    };
    expect(preview.rows).toHaveLength(50);
    const types = Object.fromEntries(preview.columns.map((c) => [c.name, `${c.dbType}:${c.type}`]));
    expect(types).toMatchObject({ id: 'int8:integer', price: 'numeric:number', qty: 'int4:integer', ratio: 'float8:number', active: 'bool:boolean', born: 'date:text', meta: 'jsonb:text', uid: 'uuid:text', pt: 'point:text' });
    expect(preview.columns.find((c) => c.name === 'pt')?.note).toMatch(/point has no mapping: stored as its text form/);
  });

  it('reads every type from binary COPY as the text protocol gives it: extremes, NULLs, padding, any chunking', async () => {
    await shop(`CREATE TABLE kinds (i2 int2, i4 int4, i8 int8, f8 float8, f4 float4, b bool, t text, v varchar(9), c char(5), j json, num numeric, ts timestamptz, o oid)`);
    await shop(`INSERT INTO kinds VALUES
      (-32768, -2147483648, -9223372036854775808, -1.5e300, 0.1, true, 'ünï ✓', 'x', 'ab', '{"a": [1, 2]}', 12345678901234567890.123, '2024-03-01 12:00:00+00', 4294967295),
      (32767, 2147483647, 9007199254740991, 0.1, -3.25, false, '', 'tab\tin', 'abcde', 'null', -0.5, '1999-12-31 23:59:59.5+00', 0),
      (NULL, NULL, -9007199254740993, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`);
    const driver = await connectPostgres({ kind: 'postgres', host: server.host, port: server.port, database: 'shop', user: 'reader', password });
    const got: SourceValue[][] = [];
    try {
      const reader = await driver.open('SELECT * FROM kinds WHERE i8 <> $1 ORDER BY i4', ['1']);
      expect(reader.columns.map((c) => c.type)).toEqual(['integer', 'integer', 'integer', 'number', 'number', 'boolean', 'text', 'text', 'text', 'text', 'number', 'text', 'integer']);
      for (let b = await reader.read(2); b.length > 0; b = await reader.read(2)) got.push(...b);
    } finally {
      await driver.close();
    }
    const ts = (await shop("SELECT ts::text AS ts FROM kinds ORDER BY i4")).rows.map((r: { ts: string | null }) => r.ts);
    expect(got).toEqual([
      [-32768, -2147483648, -(2n ** 63n), -1.5e300, '0.1', true, 'ünï ✓', 'x', 'ab   ', '{"a": [1, 2]}', '12345678901234567890.123', ts[0], 4294967295],
      [32767, 2147483647, 9007199254740991, 0.1, '-3.25', false, '', 'tab\tin', 'abcde', 'null', '-0.5', ts[1], 0],
      [null, null, -9007199254740993n, null, null, null, null, null, null, null, null, null, null],
    ]);

    // The same bytes cut into chunks of every size from 1 to 17 decode to the same rows.
    const chunks: Buffer[] = [];
    await new Promise<void>((resolve, reject) => {
      const stream = admin.query(copyTo('COPY (SELECT i2, i4, i8, f8, b, t FROM kinds ORDER BY i4) TO STDOUT (FORMAT binary)'));
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', resolve);
      stream.on('error', reject);
    });
    const bytes = Buffer.concat(chunks);
    const oids = [21, 23, 20, 701, 16, 25];
    const whole: SourceValue[][] = [];
    new PgBinaryRows(oids).push(bytes, whole);
    expect(whole.map((r) => r[2])).toEqual([-(2n ** 63n), 9007199254740991, -9007199254740993n]);
    for (let size = 1; size <= 17; size++) {
      const decoder = new PgBinaryRows(oids);
      const out: SourceValue[][] = [];
      for (let i = 0; i < bytes.length; i += size) decoder.push(bytes.subarray(i, i + size), out);
      expect(out).toEqual(whole);
      expect(decoder.done).toBe(true);
    }
  });

  it('imports a table through the worker: every row, exact values, unmapped types as text with a note in the lineage, no password anywhere', async () => {
    const { jobId } = (await host.dispatch('source:import', { connectionId: conn.id, select: { table: 'items' }, name: 'items' })) as { jobId: string };
    const r = await runJob(jobId);
    expect(r).toMatchObject({ rowsRead: 12345, rowsStored: 12345, rowsQuarantined: 0 });
    const ds = ((await host.dispatch('dataset:list', null)) as DatasetSummary[]).find((d) => d.id === r.datasetId);
    expect(ds?.columns.map((c) => `${c.name}:${c.type}`)).toEqual([
      'id:integer', 'name:text', 'price:number', 'qty:integer', 'ratio:number', 'active:boolean', 'born:text',
      'updated_at:text', 'meta:text', 'uid:text', 'raw:text', 'pt:text', 'big:text',
    ]);
    const page = await rows(r.datasetId);
    const first = page.rows[0];
    expect(first.slice(0, 7)).toEqual([1, 'item 1', 0.1, 1, 1 / 3, 0, '2024-01-02']);
    expect(first[8]).toBe('{"g": 1}');
    expect(first[10]).toBe('\\x00ff');
    expect(first[11]).toBe('(1,-1)');
    // Beyond 2^53 a bigint is kept exactly, as text.
    expect(first[12]).toBe('9007199254740993');
    const db = host.currentProject!.db;
    const qty = datasetCells(db, r.datasetId, [3]).map(([v]) => Number(v));
    const sums = { qty: qty.reduce((a, v) => a + v, 0), n: qty.length };
    const ref = (await shop('SELECT sum(qty)::int AS qty, count(*)::int AS n FROM items')).rows[0] as { qty: number; n: number };
    expect(sums).toEqual(ref);
    const lineage = JSON.parse((tableRows(db, 'lineage', { columns: ['detail'], where: { dataset_id: r.datasetId, event: 'import' } })[0] as { detail: string }).detail) as Record<string, unknown>;
    expect(lineage['source']).toBe(`postgres://reader@127.0.0.1:${server.port}/shop`);
    expect(lineage['typeNotes']).toEqual([{ column: 'pt', dbType: 'point', storedAs: 'text' }]);
    checkpointWal(host.currentProject!.db);
    expect(projectBytes()).not.toContain(password);
    const runs = tableRows(db, 'runs', { columns: ['spec', 'result', 'error'], where: { kind: 'db-import' } });
    expect(JSON.stringify(runs)).not.toContain(password);
  });

  it('refreshes incrementally by watermark: only newer rows are fetched, updated rows replace their earlier version by key', async () => {
    const { jobId } = (await host.dispatch('source:import', {
      connectionId: conn.id,
      select: { query: 'SELECT id, name, qty, updated_at FROM items' },
      name: 'items-inc',
      incremental: { column: 'updated_at', key: 'id' },
    })) as { jobId: string };
    const first = await runJob(jobId);
    expect(first.rowsStored).toBe(12345);
    expect(first.watermark).toMatch(/^2024-01-01 03:25:45\+00/);
    // 100 new rows, 50 updated ones.
    await shop(`INSERT INTO items (id, name, qty, updated_at) SELECT g, 'new ' || g, 1, timestamptz '2025-01-01 00:00:00+00' + g * interval '1 second' FROM generate_series(20001, 20100) g`);
    await shop(`UPDATE items SET name = 'changed ' || id, qty = 99, updated_at = timestamptz '2025-02-01 00:00:00+00' + id * interval '1 ms' WHERE id BETWEEN 101 AND 150`);
    const again = (await host.dispatch('source:refresh', { datasetId: first.datasetId })) as { jobId: string };
    const r = await runJob(again.jobId);
    expect(r).toMatchObject({ datasetId: first.datasetId, rowsRead: 150, rowsStored: 150, rowsUpdated: 50 });
    const page = await rows(first.datasetId);
    expect(page.total).toBe(12445);
    // In place: row 101 keeps its position, with its new values.
    expect(page.rows[100].slice(0, 3)).toEqual([101, 'changed 101', 99]);
    const tail = (await host.dispatch('dataset:rows', { datasetId: first.datasetId, offset: 12345, limit: 100 })) as RowPage;
    expect(tail.rows[0].slice(0, 2)).toEqual([20001, 'new 20001']);
    const db = host.currentProject!.db;
    expect(new Set(datasetCells(db, first.datasetId, [0]).map(([v]) => v)).size).toBe(12445);
    const lineage = tableRows(db, 'lineage', { columns: ['detail'], where: { dataset_id: first.datasetId, event: 'refresh' } })[0] as { detail: string };
    expect(JSON.parse(lineage.detail)).toMatchObject({ watermarkFrom: first.watermark, watermark: r.watermark, rowsStored: 150 });
    const state = ((await host.dispatch('source:list', null)) as SourceState[]).find((s) => s.datasetId === first.datasetId);
    expect(state?.watermark).toBe(r.watermark);
    // Nothing new: a refresh fetches nothing and changes nothing.
    const none = await runJob(((await host.dispatch('source:refresh', { datasetId: first.datasetId })) as { jobId: string }).jobId);
    expect(none).toMatchObject({ rowsRead: 0, rowsUpdated: 0, watermark: r.watermark });
    expect((await rows(first.datasetId)).total).toBe(12445);
    expect(((await host.dispatch('dataset:list', null)) as DatasetSummary[]).filter((d) => d.name.includes('(refresh)'))).toEqual([]);
  });

  it('refreshes on a schedule while the project is open, and stops when it closes', async () => {
    const list = (await host.dispatch('source:list', null)) as SourceState[];
    const inc = list.find((s) => s.datasetName === 'items-inc')!;
    await shop(`INSERT INTO items (id, name, qty, updated_at) VALUES (30001, 'scheduled', 5, timestamptz '2026-01-01 00:00:00+00')`);
    const st = (await host.dispatch('source:schedule', { datasetId: inc.datasetId, minutes: 0.05 })) as SourceState;
    expect(st.scheduleMinutes).toBe(0.05);
    await waitFor(async () => (await rows(inc.datasetId)).total >= 12446, { what: 'the scheduled refresh to add its row', everyMs: 200 });
    expect((await rows(inc.datasetId)).total).toBe(12446);
    expect(host.sources.scheduled).toContain(inc.datasetId);
    await host.dispatch('source:schedule', { datasetId: inc.datasetId, minutes: 10 });
    for (const j of host.jobs.list()) await host.jobs.wait(j.id);
    await host.dispatch('project:close', null);
    expect(host.sources.scheduled).toEqual([]);
    host.openProject(project);
    expect(host.sources.scheduled).toEqual([inc.datasetId]);
    expect(((await host.dispatch('source:list', null)) as SourceState[]).find((s) => s.datasetId === inc.datasetId)?.scheduleMinutes).toBe(10);
    await host.dispatch('source:schedule', { datasetId: inc.datasetId, minutes: null });
    expect(host.sources.scheduled).toEqual([]);
  });

  it('cancel closes the stream and leaves the project as before', async () => {
    await shop('CREATE TABLE big AS SELECT g AS id, md5(g::text) AS h FROM generate_series(1, 400000) g');
    const before = ((await host.dispatch('dataset:list', null)) as DatasetSummary[]).map((d) => d.id);
    const { jobId } = (await host.dispatch('source:import', { connectionId: conn.id, select: { table: 'big' } })) as { jobId: string };
    await waitFor(() => host.jobs.get(jobId)?.progress?.detail.match(/\d+ rows/), { what: 'the import to stream rows' });
    await host.dispatch('job:cancel', { jobId });
    const done = await host.jobs.wait(jobId);
    expect(done.status).toBe('cancelled');
    expect(((await host.dispatch('dataset:list', null)) as DatasetSummary[]).map((d) => d.id)).toEqual(before);
    expect(storedDatasetCount(host.currentProject!.db)).toBe(before.length);
    // The server has no cursor left open by us.
    const active = async (): Promise<number> => (await shop("SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'assay'")).rows[0].n as number;
    await waitFor(async () => (await active()) === 0, { what: "the import's session to end on the server", everyMs: 100 });
  });

  it('a connection dropped mid-import fails naming the source, and leaves the project as before', async () => {
    const before = ((await host.dispatch('dataset:list', null)) as DatasetSummary[]).map((d) => d.id);
    const { jobId } = (await host.dispatch('source:import', { connectionId: conn.id, select: { table: 'big' } })) as { jobId: string };
    await waitFor(() => host.jobs.get(jobId)?.progress?.detail.match(/\d+ rows/), { what: 'the import to stream rows' });
    // What a server restart or a network cut does to the import's session.
    await shop("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'assay'");
    const done = await host.jobs.wait(jobId);
    expect(done.status).toBe('failed');
    expect(done.error?.message).toMatch(new RegExp(`Reading big from postgres://reader@127\\.0\\.0\\.1:${server.port}/shop failed: .*terminat`));
    expect(((await host.dispatch('dataset:list', null)) as DatasetSummary[]).map((d) => d.id)).toEqual(before);
    expect(storedDatasetCount(host.currentProject!.db)).toBe(before.length);
  });

  it('bad input: SQL errors and unknown watermark columns name the source and what to fix', async () => {
    const bad = (await host.dispatch('source:import', { connectionId: conn.id, select: { query: 'SELEC nonsense' } })) as { jobId: string };
    const done = await host.jobs.wait(bad.jobId);
    expect(done.status).toBe('failed');
    expect(done.error?.code).toBe('BAD_INPUT');
    expect(done.error?.message).toMatch(/Reading query from postgres:\/\/reader@127\.0\.0\.1:\d+\/shop failed: syntax error.*Check the SQL/);
    const wm = (await host.dispatch('source:import', { connectionId: conn.id, select: { table: 'items' }, incremental: { column: 'nope' } })) as { jobId: string };
    const d2 = await host.jobs.wait(wm.jobId);
    expect(d2.error?.message).toMatch(/nope does not exist/);
    expect(JSON.stringify([done.error, d2.error])).not.toContain(password);
  });

  it('reads the password from a credentials file only when it is private (0600)', async () => {
    const file = path.join(dir, 'pgpass');
    fs.writeFileSync(file, `# host:port:db:user:password\n127.0.0.1:${server.port}:shop:reader:${password}\n`, { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    const config = { kind: 'postgres' as const, host: server.host, port: server.port, database: 'shop', user: 'reader', secret: { kind: 'file' as const, path: file } };
    const open = (await host.dispatch('source:test', { connection: config })) as { ok: boolean; message: string };
    expect(open.ok).toBe(false);
    expect(open.message).toMatch(/can be read by other users \(mode 644\); run: chmod 600/);
    fs.chmodSync(file, 0o600);
    expect(((await host.dispatch('source:test', { connection: config })) as { ok: boolean }).ok).toBe(true);
    fs.writeFileSync(file, JSON.stringify({ password }), { mode: 0o600 });
    expect(((await host.dispatch('source:test', { connection: config })) as { ok: boolean }).ok).toBe(true);
  });

  it('as column chunks, values decoded straight from binary COPY are stored as the row path stores them: every cell and type across a chunk boundary, the watermark', async () => {
    // Edge values at fixed rows: an int8 past 2^53 after 70,000 safe ones (the column turns text
    // within a chunk), NaN and ±Infinity (nulls), text that reads as missing, padding, non-ASCII.
    await shop(`CREATE TABLE edges AS SELECT g AS id,
      CASE WHEN g = 70001 THEN 9007199254740993 ELSE g * 3 END::int8 AS big,
      CASE g % 5 WHEN 0 THEN 'NaN' WHEN 1 THEN 'Infinity' WHEN 2 THEN '-Infinity' ELSE (g / 7.0)::text END::float8 AS f,
      CASE WHEN g % 3 = 0 THEN NULL ELSE g % 2 = 0 END AS b,
      CASE g % 9 WHEN 0 THEN '' WHEN 1 THEN 'NA' WHEN 2 THEN ' pad ' WHEN 3 THEN 'ünï ' || g WHEN 4 THEN NULL WHEN 5 THEN 'null' ELSE 'row ' || g END AS t,
      CASE WHEN g % 4 = 0 THEN 'n/a' ELSE 'c' || (g % 3) END AS cat,
      (g % 1000) / 8.0 AS num,
      timestamptz '2024-01-01 00:00:00+00' + g * interval '1 second' AS at
      FROM generate_series(1, 70010) g`);
    const runAs = async (storage: 'rows' | 'columns'): Promise<SourceImportResult> => {
      process.env['ASSAY_DATASET_STORAGE'] = storage;
      try {
        const { jobId } = (await host.dispatch('source:import', { connectionId: conn.id, select: { table: 'edges' }, name: `edges-${storage}`, incremental: { column: 'at', key: 'id' } })) as { jobId: string };
        return await runJob(jobId);
      } finally {
        delete process.env['ASSAY_DATASET_STORAGE'];
      }
    };
    const asRows = await runAs('rows');
    const asColumns = await runAs('columns');
    expect(asColumns).toMatchObject({ rowsRead: 70010, rowsStored: 70010, rowsQuarantined: 0, watermark: asRows.watermark });
    expect(asRows.watermark).toMatch(/^2024-01-01 19:26:50\+00/);
    const all = async (datasetId: number): Promise<RowPage> => {
      const first = (await host.dispatch('dataset:rows', { datasetId, offset: 0, limit: 5000 })) as RowPage;
      const rest: RowPage['rows'][] = [];
      for (let offset = 5000; offset < first.total; offset += 5000) rest.push(((await host.dispatch('dataset:rows', { datasetId, offset, limit: 5000 })) as RowPage).rows);
      return { ...first, rows: first.rows.concat(...rest) };
    };
    const [a, b] = [await all(asRows.datasetId), await all(asColumns.datasetId)];
    expect(b.columns.map((c) => `${c.name}:${c.type}`)).toEqual(a.columns.map((c) => `${c.name}:${c.type}`));
    expect(a.columns.map((c) => c.type)).toEqual(['integer', 'text', 'number', 'boolean', 'text', 'text', 'number', 'text']);
    expect(b.rows).toHaveLength(70010);
    expect(b.rows).toEqual(a.rows);
    // What the row path gives, spelled out for a few rows (so a change to both paths is seen too).
    expect(a.rows.slice(0, 4)).toEqual([
      [1, 3, null, 0, null, 'c1', 0.125, '2024-01-01 00:00:01+00'],
      [2, 6, null, 1, ' pad ', 'c2', 0.25, '2024-01-01 00:00:02+00'],
      [3, 9, 3 / 7, null, 'ünï 3', 'c0', 0.375, '2024-01-01 00:00:03+00'],
      [4, 12, 4 / 7, 1, null, null, 0.5, '2024-01-01 00:00:04+00'],
    ]);
    expect(a.rows[70000]![1]).toBe('9007199254740993');
  });
});

describe('SQLite source', () => {
  it('imports a table and a query from a file opened read-only', async () => {
    const file = path.join(dir, 'src.sqlite');
    const m = Array.from({ length: 7000 }, (_, k) => ({ v: (k + 1) / 4, label: `l${(k + 1) % 5}`, ok: (k + 1) % 2, b: Buffer.from([(k + 1) % 256]) }));
    writeSqliteSource(file, 'm', { id: 'INTEGER PRIMARY KEY', v: 'REAL', label: 'TEXT', ok: 'BOOLEAN', b: 'BLOB' }, m);
    const before = fs.statSync(file).mtimeMs;
    const connection = { kind: 'sqlite' as const, database: file };
    const tables = (await host.dispatch('source:tables', { connection })) as { name: string; rowEstimate: number }[];
    expect(tables).toEqual([{ schema: null, name: 'm', kind: 'table', rowEstimate: 7000 }]);
    const t = await runJob(((await host.dispatch('source:import', { connection, select: { table: 'm' } })) as { jobId: string }).jobId);
    expect(t.rowsStored).toBe(7000);
    const page = await rows(t.datasetId);
    expect(page.columns.map((c) => c.type)).toEqual(['integer', 'number', 'text', 'boolean', 'text']);
    expect(page.rows[3]).toEqual([4, 1, 'l4', 0, Buffer.from([4]).toString('base64')]);
    const sql = 'SELECT label, count(*) AS n, avg(v) AS mean FROM m GROUP BY label ORDER BY label';
    const q = await runJob(((await host.dispatch('source:import', { connection, select: { query: sql } })) as { jobId: string }).jobId);
    const check = openSqliteSource(file);
    const expected = [...querySqliteSource(check, sql, []).rows];
    check.close();
    expect(expected).toHaveLength(5);
    expect((await rows(q.datasetId)).rows).toEqual(expected);
    expect(fs.statSync(file).mtimeMs).toBe(before);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });

  it('runs the file pipeline on a database import: the recipe, then rules (failures quarantined with the rule), then masking', async () => {
    const file = path.join(dir, 'people.sqlite');
    const people = Array.from({ length: 500 }, (_, k) => k + 1).map((i) => ({ name: `  person   ${i} `, age: i % 10 === 0 ? 150 : 20 + (i % 50), card: `4111111111${String(i).padStart(6, '0')}` }));
    writeSqliteSource(file, 'p', { id: 'INTEGER PRIMARY KEY', name: 'TEXT', age: 'INTEGER', card: 'TEXT' }, people);
    const spec: DbImportSpec = {
      connection: { kind: 'sqlite', database: file },
      select: { table: 'p' },
      recipe: { format: recipeFormat, steps: [{ kind: 'trim', columns: ['name'], collapse: true }] },
      rules: { version: ruleSetVersion, rules: [{ kind: 'range', column: 'age', min: 0, max: 120, name: 'plausible age' }] },
      privacy: { actions: [{ column: 'card', action: 'mask', keepLast: 4 }] },
    };
    const r = await runJob(((await host.dispatch('source:import', spec)) as { jobId: string }).jobId);
    expect(r).toMatchObject({ rowsRead: 500, rowsStored: 450, rowsQuarantined: 50, rules: { 'plausible age': 50 } });
    const page = await rows(r.datasetId);
    expect(page.rows[0]).toEqual([1, 'person 1', 21, '************0001']);
    expect(page.rows.some((row) => row[2] === 150)).toBe(false);
    const q = (await host.dispatch('quarantine:list', { datasetId: r.datasetId, offset: 0, limit: 100 })) as QuarantinePage;
    expect(q.total).toBe(50);
    expect(q.rows[0]?.reason).toBe('age: 150 is above 120');
    // Nothing of the raw card numbers reaches the project's table.
    expect(page.rows.every((row) => String(row[3]).startsWith('************'))).toBe(true);
    // The rules are the dataset's stored rules, as after a file import; the recipe is stored for the source.
    expect(await host.dispatch('rules:get', { datasetId: r.datasetId })).toMatchObject({ version: 1, rules: spec.rules });
    expect(await host.dispatch('recipe:stored', { source: dbSourceName('sqlite', spec.select) })).toMatchObject({ version: 1, recipe: spec.recipe });
  });
});

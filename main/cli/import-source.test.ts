import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countTableRows, datasetCells, storedRowsSoFar, tableRows, writeSqliteSource } from '../../native-workers/project/inspect';
import { openDatabase } from '../../native-workers/project/open';
import { listRuns } from '../../native-workers/project/runs';
import { startMariadb, startPostgres, type TestDbServer } from '../host/sources/test-servers';
import { tempDir, waitFor } from '../host/testing';
import { parseAuth, parseDbUrl, parsePaginate } from './import-source';
import { cliPath, runCli, type CliResult } from './testing';

const dir = tempDir('assay-cli-src-');
const pgPassword = 'cli-pg-Secret-77';
const myPassword = 'cli-my-Secret-88';
let pgServer: TestDbServer;
let maria: TestDbServer;
let my: mysql.Connection;

function assay(env: Record<string, string>, ...args: string[]): CliResult {
  return runCli(args, { env: { PATH: process.env['PATH'] ?? '', ASSAY_HOME: path.join(dir, 'home'), ...env }, timeoutMs: 120_000 });
}

beforeAll(async () => {
  [pgServer, maria] = await Promise.all([startPostgres(), startMariadb()]);
  const root = new pg.Client({ host: pgServer.host, port: pgServer.port, user: 'postgres', password: pgServer.admin.password, database: 'postgres' });
  await root.connect();
  await root.query(`CREATE ROLE cli LOGIN PASSWORD '${pgPassword}'`);
  await root.query('CREATE TABLE readings AS SELECT g AS id, g * 0.5 AS v FROM generate_series(1, 3000) g');
  await root.query('GRANT SELECT ON readings TO cli');
  await root.end();
  my = await mysql.createConnection({ host: maria.host, port: maria.port, user: maria.admin.user, password: maria.admin.password, multipleStatements: true });
  await my.query(`CREATE DATABASE shop; CREATE USER 'cli'@'127.0.0.1' IDENTIFIED BY '${myPassword}'; GRANT SELECT ON shop.* TO 'cli'@'127.0.0.1';
    CREATE TABLE shop.orders (id BIGINT PRIMARY KEY, customer VARCHAR(40), amount DECIMAL(10,2), paid TINYINT(1), qty SMALLINT, ratio DOUBLE,
      placed DATE, updated_at DATETIME(3) NOT NULL, note JSON, tag ENUM('a','b'), raw BLOB, big BIGINT UNSIGNED, g POINT)`);
  const values: string[] = [];
  for (let i = 1; i <= 6000; i++) {
    values.push(`(${i}, 'c${i % 17}', ${(i % 500) / 4}, ${i % 2}, ${i % 9}, ${i / 7}, '2024-03-${String((i % 28) + 1).padStart(2, '0')}', '2024-01-01 00:00:00' + INTERVAL ${i} SECOND, '{"i": ${i}}', '${i % 2 ? 'a' : 'b'}', X'00FF', ${i === 1 ? '18446744073709551615' : i}, POINT(${i}, 1))`);
  }
  await my.query(`INSERT INTO shop.orders VALUES ${values.join(',')}`);
}, 180_000);

afterAll(async () => {
  await my?.end();
  await Promise.all([pgServer?.stop(), maria?.stop()]);
});

describe('assay import from databases (CLI)', () => {
  const project = path.join(dir, 'cli.assay');

  it('imports a PostgreSQL table with $PGPASSWORD, and refuses a password in the URL', () => {
    expect(assay({}, 'new', project).code).toBe(0);
    const url = `postgres://cli@127.0.0.1:${pgServer.port}/postgres`;
    const r = assay({ PGPASSWORD: pgPassword }, 'import', project, url, '--table', 'readings', '--json');
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({ dataset: 'readings', rowsRead: 3000, rowsStored: 3000, refreshed: false });
    // A one-shot import starts no profile job (it would only be cancelled at exit, a worker spent for nothing).
    const runs = openDatabase(project, { readonly: true });
    expect(listRuns(runs).map((run) => run.kind)).toEqual(['db-import']);
    runs.close();
    const withPw = assay({}, 'import', project, `postgres://cli:${pgPassword}@127.0.0.1:${pgServer.port}/postgres`, '--table', 'readings');
    expect(withPw.code).toBe(2);
    expect(withPw.stderr).toMatch(/Do not put the password in the URL/);
    expect(withPw.stderr).not.toContain(pgPassword);
    const wrong = assay({ PGPASSWORD: 'wrong-one-123' }, 'import', project, url, '--table', 'readings');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^assay: Connecting to postgres:\/\/cli@127\.0\.0\.1:\d+\/postgres failed: password authentication failed/);
    expect(wrong.stderr).not.toContain('wrong-one-123');
  });

  it('imports MariaDB with $MYSQL_PWD: types from the server, exact big numbers, unmapped types as text; --incremental again refreshes with upsert', async () => {
    const url = `mysql://cli@127.0.0.1:${maria.port}/shop`;
    const env = { MYSQL_PWD: myPassword };
    const first = assay(env, 'import', project, url, '--table', 'orders', '--incremental', 'updated_at', '--key', 'id', '--json');
    // The worker's warning about the unmapped GEOMETRY column reaches the user, and nothing else is said.
    const unmapped = 'db-import: warning: g: type 255 has no mapping; stored as text\n';
    expect(first.stderr).toBe(unmapped);
    const r1 = JSON.parse(first.stdout) as { datasetId: number; rowsStored: number; watermark: string; refreshed: boolean };
    expect(r1).toMatchObject({ rowsStored: 6000, refreshed: false, watermark: '2024-01-01 01:40:00.000' });
    const db = openDatabase(project, { readonly: true });
    const cols = tableRows(db, 'dataset_columns', { columns: ['name', 'type'], where: { dataset_id: r1.datasetId }, orderBy: 'position' }) as { name: string; type: string }[];
    expect(cols.map((c) => `${c.name}:${c.type}`)).toEqual([
      'id:integer', 'customer:text', 'amount:number', 'paid:boolean', 'qty:integer', 'ratio:number',
      'placed:text', 'updated_at:text', 'note:text', 'tag:text', 'raw:text', 'big:text', 'g:text',
    ]);
    const [row] = datasetCells(db, r1.datasetId).filter((r) => r[0] === 1);
    expect(row.slice(0, 8)).toEqual([1, 'c1', 0.25, 1, 1, 1 / 7, '2024-03-02', '2024-01-01 00:00:01.000']);
    expect(row[11]).toBe('18446744073709551615');
    const sum = datasetCells(db, r1.datasetId, [2]).reduce((a, [v]) => a + Number(v), 0);
    db.close();
    const [[ref]] = (await my.query('SELECT CAST(SUM(amount) AS DOUBLE) AS s FROM shop.orders')) as unknown as [[{ s: number }]];
    expect(sum).toBeCloseTo(ref.s, 6);
    await my.query(`INSERT INTO shop.orders (id, customer, amount, paid, qty, ratio, placed, updated_at) VALUES (7001, 'new', 1.5, 0, 1, 1, '2025-01-01', '2025-01-01 00:00:00')`);
    await my.query(`UPDATE shop.orders SET customer = 'changed', updated_at = '2025-01-02 00:00:00' WHERE id IN (10, 20, 30)`);
    const again = assay(env, 'import', project, url, '--table', 'orders', '--incremental', 'updated_at', '--key', 'id', '--json');
    expect(['', unmapped]).toContain(again.stderr);
    expect(JSON.parse(again.stdout)).toMatchObject({ datasetId: r1.datasetId, refreshed: true, rowsRead: 4, rowsStored: 4, rowsUpdated: 3, watermark: '2025-01-02 00:00:00.000' });
    const db2 = openDatabase(project, { readonly: true });
    expect(storedRowsSoFar(db2, r1.datasetId)).toBe(6001);
    expect(datasetCells(db2, r1.datasetId, [1])[9]).toEqual(['changed']);
    const bytes = [project, `${project}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f).toString('latin1')).join('');
    db2.close();
    expect(bytes).not.toContain(myPassword);
    expect(bytes).not.toContain(pgPassword);
  });

  it('imports a MariaDB query and a SQLite file', async () => {
    const [[{ n }]] = (await my.query('SELECT COUNT(DISTINCT customer) AS n FROM shop.orders')) as unknown as [[{ n: number }]];
    const q = assay({ MYSQL_PWD: myPassword }, 'import', project, `mariadb://cli@127.0.0.1:${maria.port}/shop`, '--query', 'SELECT customer, COUNT(*) AS n FROM orders GROUP BY customer', '--name', 'by-customer', '--json');
    expect(q.stderr).toBe('');
    expect(JSON.parse(q.stdout)).toMatchObject({ dataset: 'by-customer', rowsStored: Number(n) });
    const file = path.join(dir, 'small.sqlite');
    writeSqliteSource(file, 't', { a: 'INTEGER', b: 'TEXT' }, [{ a: 1, b: 'x' }, { a: 2, b: 'y' }]);
    const r = assay({}, 'import', project, `sqlite:${file}`, '--table', 't', '--json');
    expect(JSON.parse(r.stdout)).toMatchObject({ rowsStored: 2 });
    const missing = assay({}, 'import', project, `sqlite:${path.join(dir, 'nope.sqlite')}`, '--table', 't');
    expect(missing.stderr).toMatch(/The SQLite file .*nope\.sqlite does not exist/);
  });

  /** Runs `assay import` of QUERY from MariaDB and kills its session once the server runs it. */
  async function killedImport(name: string, query: string, running: string): Promise<void> {
    const own = path.join(dir, `${name}.assay`);
    expect(assay({}, 'new', own).code).toBe(0);
    const datasets = (): number => {
      const db = openDatabase(own, { readonly: true });
      try {
        return countTableRows(db, 'datasets');
      } finally {
        db.close();
      }
    };
    const before = datasets();
    const child = spawn(process.execPath, [cliPath, 'import', own, `mysql://cli@127.0.0.1:${maria.port}/shop`, '--query', query, '--name', name], {
      env: { PATH: process.env['PATH'] ?? '', ASSAY_HOME: path.join(dir, 'home'), MYSQL_PWD: myPassword },
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    // Once the server runs the query, kill its session: what a server restart or a network cut does.
    const session = await waitFor(
      async () => ((await my.query(`SELECT id FROM information_schema.processlist WHERE user = 'cli' AND info LIKE '${running}%'`)) as unknown as [{ id: number }[]])[0][0],
      { what: "the import's query to run on the server", everyMs: 50 },
    );
    await my.query(`KILL ${session.id}`);
    expect(stderr).toBe('');
    expect(await exited).not.toBe(0);
    expect(stderr).toMatch(new RegExp(`Reading query from mysql://cli@127\\.0\\.0\\.1:${maria.port}/shop failed`));
    expect(datasets()).toBe(before);
  }

  it('a MariaDB connection killed mid-import fails naming the source, and adds nothing', async () => {
    await killedImport('endless', 'SELECT seq, MD5(seq) AS h FROM seq_1_to_5000000', 'SELECT seq');
  });

  it('a MariaDB connection killed before the first row (no fields yet) fails the same way, not as a worker crash', async () => {
    // The server sends a result's fields only once SLEEP returns: the kill lands before any reader exists.
    await killedImport('sleepy', 'SELECT SLEEP(60) AS s', 'SELECT SLEEP');
  });

  it('parses sources, pagination and auth flags', () => {
    expect(parseDbUrl('postgresql://u@h:5433/d?sslmode=require', {})).toEqual({ kind: 'postgres', host: 'h', port: 5433, database: 'd', user: 'u', ssl: { mode: 'require' }, secret: { kind: 'env' } });
    expect(parseDbUrl('mysql://u@h/d', { credentials: '/x/creds' })).toMatchObject({ kind: 'mysql', secret: { kind: 'file', path: '/x/creds' } });
    expect(() => parseDbUrl('postgres://u@h:1/', {})).toThrow(/needs the database name/);
    expect(parsePaginate('cursor:meta.next')).toEqual({ kind: 'cursor', field: 'meta.next' });
    expect(parsePaginate('page:p')).toEqual({ kind: 'page', param: 'p' });
    expect(parsePaginate('offset:skip')).toEqual({ kind: 'page', param: 'skip', offset: true });
    expect(parsePaginate('link')).toEqual({ kind: 'link' });
    expect(() => parsePaginate('pages')).toThrow(/--paginate must be/);
    expect(parseAuth('basic:ann', undefined)).toEqual({ kind: 'basic', user: 'ann', secret: { kind: 'env', name: 'ASSAY_API_SECRET' } });
    expect(parseAuth('header:X-Key', '/k')).toEqual({ kind: 'api-key', in: 'header', name: 'X-Key', secret: { kind: 'file', path: '/k' } });
  });
});

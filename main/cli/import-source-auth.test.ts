// #14.14: a database that needs no password, and the clients' own password files (~/.pgpass, ~/.my.cnf).
import fs from 'node:fs';
import path from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMariadb, startPostgres, type TestDbServer } from '../host/sources/test-servers';
import { tempDir } from '../host/testing';
import { cliRunner } from './testing';

const dir = tempDir('assay-cli-auth-');
const home = path.join(dir, 'home');
const pgPassword = 'auth-pg-Secret-31';
const myPassword = 'auth-my-Secret-42';
let pgServer: TestDbServer;
let maria: TestDbServer;

// Only PATH and HOME: no $PGPASSWORD / $MYSQL_PWD, so the password (if any) must come from the files.
const assay = cliRunner({ env: { PATH: process.env['PATH'] ?? '', HOME: home, ASSAY_HOME: path.join(dir, 'assay-home') }, timeoutMs: 120_000 });

function writePrivate(name: string, text: string, mode = 0o600): void {
  const file = path.join(home, name);
  fs.writeFileSync(file, text);
  fs.chmodSync(file, mode);
}

beforeAll(async () => {
  fs.mkdirSync(home, { recursive: true });
  [pgServer, maria] = await Promise.all([startPostgres({ trust: ['trusted'] }), startMariadb()]);
  const root = new pg.Client({ host: pgServer.host, port: pgServer.port, user: 'postgres', password: pgServer.admin.password, database: 'postgres' });
  await root.connect();
  await root.query('CREATE ROLE trusted LOGIN');
  await root.query(`CREATE ROLE secured LOGIN PASSWORD '${pgPassword}'`);
  await root.query('CREATE TABLE readings AS SELECT g AS id, g * 0.5 AS v FROM generate_series(1, 40) g');
  await root.query('GRANT SELECT ON readings TO trusted, secured');
  await root.end();
  const my = await mysql.createConnection({ host: maria.host, port: maria.port, user: maria.admin.user, password: maria.admin.password, multipleStatements: true });
  await my.query(`CREATE DATABASE lab; CREATE TABLE lab.t (id INT PRIMARY KEY, v DOUBLE); INSERT INTO lab.t VALUES (1, 0.5), (2, 1.5);
    CREATE USER 'nopw'@'127.0.0.1'; GRANT SELECT ON lab.* TO 'nopw'@'127.0.0.1';
    CREATE USER 'secured'@'127.0.0.1' IDENTIFIED BY '${myPassword}'; GRANT SELECT ON lab.* TO 'secured'@'127.0.0.1';`);
  await my.end();
  expect(assay('new', path.join(dir, 'p.assay')).code).toBe(0);
}, 180_000);

afterAll(async () => {
  await Promise.all([pgServer?.stop(), maria?.stop()]);
});

describe('database logins without $PGPASSWORD / $MYSQL_PWD (#14.14)', () => {
  const project = path.join(dir, 'p.assay');

  it('PostgreSQL: a trust login needs no password; a password login reads ~/.pgpass, and says what to do without one', () => {
    const trusted = assay('import', project, `postgres://trusted@127.0.0.1:${pgServer.port}/postgres`, '--table', 'readings', '--name', 'trusted', '--json');
    expect(trusted.stderr).toBe('');
    expect(JSON.parse(trusted.stdout)).toMatchObject({ dataset: 'trusted', rowsStored: 40 });

    const url = `postgres://secured@127.0.0.1:${pgServer.port}/postgres`;
    const without = assay('import', project, url, '--table', 'readings', '--name', 'secured');
    expect(without.code).toBe(1);
    expect(without.stderr).toMatch(/failed: the server asks for a password and none was given\. Set \$PGPASSWORD, add a line for it to ~\/\.pgpass/);

    // libpq ignores a .pgpass others can read: so does Assay.
    writePrivate('.pgpass', `# comment\nother:5432:*:*:nope\n127.0.0.1:${pgServer.port}:postgres:secured:${pgPassword}\n`, 0o644);
    expect(assay('import', project, url, '--table', 'readings', '--name', 'secured').code).toBe(1);
    fs.chmodSync(path.join(home, '.pgpass'), 0o600);
    const withFile = assay('import', project, url, '--table', 'readings', '--name', 'secured', '--json');
    expect(withFile.stderr).toBe('');
    expect(JSON.parse(withFile.stdout)).toMatchObject({ dataset: 'secured', rowsStored: 40 });
  });

  it('MariaDB: a user with no password logs in; a password user reads ~/.my.cnf, and says what to do without one', () => {
    const nopw = assay('import', project, `mysql://nopw@127.0.0.1:${maria.port}/lab`, '--table', 't', '--name', 'my-nopw', '--json');
    expect(nopw.stderr).toBe('');
    expect(JSON.parse(nopw.stdout)).toMatchObject({ dataset: 'my-nopw', rowsStored: 2 });

    const url = `mysql://secured@127.0.0.1:${maria.port}/lab`;
    fs.rmSync(path.join(home, '.my.cnf'), { force: true });
    const without = assay('import', project, url, '--table', 't', '--name', 'my-secured');
    expect(without.code).toBe(1);
    expect(without.stderr).toMatch(/Access denied.*Set \$MYSQL_PWD, put it in ~\/\.my\.cnf/);

    writePrivate('.my.cnf', `[mysqld]\npassword=not-this-one\n[client]\nuser=ignored\npassword="${myPassword}"\n`);
    const withFile = assay('import', project, url, '--table', 't', '--name', 'my-secured', '--json');
    expect(withFile.stderr).toBe('');
    expect(JSON.parse(withFile.stdout)).toMatchObject({ dataset: 'my-secured', rowsStored: 2 });
  });
});

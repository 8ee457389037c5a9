/**
 * Real database servers for tests and the bench: PostgreSQL and MariaDB,
 * each in its own temp folder on 127.0.0.1 with a free port, stopped (and
 * the folder removed) by the returned stop(). A server that cannot start
 * throws with what to install: tests fail loudly, never skip.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface TestDbServer {
  readonly host: string;
  readonly port: number;
  /** A superuser (or root) and its password, for setting up fixtures. */
  readonly admin: { readonly user: string; readonly password: string };
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function findBinary(name: string, extraDirs: string[]): string | null {
  for (const dir of [...(process.env['PATH'] ?? '').split(':'), ...extraDirs]) {
    if (dir && fs.existsSync(path.join(dir, name))) return path.join(dir, name);
  }
  return null;
}

function pgBinDirs(): string[] {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return [];
  return fs.readdirSync(root).sort().reverse().map((v) => path.join(root, v, 'bin'));
}

function userIds(name: string): { uid: number; gid: number } {
  const r = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const g = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`The system user "${name}" does not exist; install the server package (see .ci/run).`);
  return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
}

function waitForPort(port: number, child: ChildProcess, log: () => string, timeoutMs = 60_000): Promise<void> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const attempt = (): void => {
      if (child.exitCode !== null) return reject(new Error(`the server exited (code ${child.exitCode}): ${log().slice(-800)}`));
      const sock = net.connect(port, '127.0.0.1');
      sock.once('connect', () => {
        sock.destroy();
        resolve();
      });
      sock.once('error', () => {
        sock.destroy();
        if (Date.now() - t0 > timeoutMs) reject(new Error(`nothing listens on ${port} after ${timeoutMs} ms: ${log().slice(-800)}`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

function stopper(child: ChildProcess, dir: string, signal: NodeJS.Signals): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      const done = (): void => {
        fs.rmSync(dir, { recursive: true, force: true });
        resolve();
      };
      if (child.exitCode !== null) return done();
      const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(kill);
        done();
      });
      child.kill(signal);
    });
}

/** PostgreSQL (initdb + postgres as the postgres user; password auth over TCP, except for the `trust` roles). */
export async function startPostgres(opts: { readonly trust?: readonly string[] } = {}): Promise<TestDbServer> {
  const initdb = findBinary('initdb', pgBinDirs());
  const postgres = findBinary('postgres', pgBinDirs());
  if (!initdb || !postgres) throw new Error('PostgreSQL server binaries (initdb, postgres) were not found: apt-get install postgresql (see .ci/run).');
  const ids = userIds('postgres');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-pg-'));
  fs.chownSync(dir, ids.uid, ids.gid);
  const password = `admin-${Math.random().toString(36).slice(2)}`;
  const pwfile = path.join(dir, 'pw');
  fs.writeFileSync(pwfile, password, { mode: 0o600 });
  fs.chownSync(pwfile, ids.uid, ids.gid);
  const data = path.join(dir, 'data');
  const init = spawnSync(initdb, ['-D', data, '-U', 'postgres', `--pwfile=${pwfile}`, '--auth-host=scram-sha-256', '--auth-local=trust', '-E', 'UTF8', '--no-locale'], {
    uid: ids.uid,
    gid: ids.gid,
    encoding: 'utf8',
  });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
  if (opts.trust?.length) {
    // pg_hba.conf is read top down: these roles log in over TCP with no password.
    const hba = path.join(data, 'pg_hba.conf');
    fs.writeFileSync(hba, opts.trust.map((role) => `host all ${role} 127.0.0.1/32 trust\n`).join('') + fs.readFileSync(hba, 'utf8'));
  }
  const port = await freePort();
  let log = '';
  const child = spawn(postgres, ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'full_page_writes=off'], {
    uid: ids.uid,
    gid: ids.gid,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  await waitForPort(port, child, () => log);
  // Listening is not yet accepting: wait for the "ready" line.
  const t0 = Date.now();
  while (!/ready to accept connections/.test(log) && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 50));
  return { host: '127.0.0.1', port, admin: { user: 'postgres', password }, stop: stopper(child, dir, 'SIGINT') };
}

/** MariaDB (mariadb-install-db + mariadbd as the mysql user); admin is root over the server's socket, set up here. */
export async function startMariadb(): Promise<TestDbServer & { readonly socket: string }> {
  const installDb = findBinary('mariadb-install-db', ['/usr/bin']);
  const mariadbd = findBinary('mariadbd', ['/usr/sbin']);
  const client = findBinary('mariadb', ['/usr/bin']);
  if (!installDb || !mariadbd || !client) throw new Error('MariaDB (mariadbd, mariadb-install-db, mariadb) was not found: apt-get install mariadb-server (see .ci/run).');
  const ids = userIds('mysql');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-maria-'));
  fs.chownSync(dir, ids.uid, ids.gid);
  const data = path.join(dir, 'data');
  const init = spawnSync(installDb, ['--user=mysql', `--datadir=${data}`, '--auth-root-authentication-method=normal', '--skip-test-db'], { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`mariadb-install-db failed: ${init.stderr || init.stdout}`);
  const port = await freePort();
  const socket = path.join(dir, 'mysqld.sock');
  let log = '';
  const child = spawn(
    mariadbd,
    ['--no-defaults', '--user=mysql', `--datadir=${data}`, '--bind-address=127.0.0.1', `--port=${port}`, `--socket=${socket}`, '--skip-name-resolve', `--pid-file=${path.join(dir, 'pid')}`, '--innodb-flush-log-at-trx-commit=0', '--skip-log-bin'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  await waitForPort(port, child, () => log);
  const password = `admin-${Math.random().toString(36).slice(2)}`;
  const setup = spawnSync(client, ['--no-defaults', `--socket=${socket}`, '-u', 'root', '-e', `CREATE USER 'admin'@'127.0.0.1' IDENTIFIED BY '${password}'; GRANT ALL ON *.* TO 'admin'@'127.0.0.1' WITH GRANT OPTION;`], {
    encoding: 'utf8',
  });
  if (setup.status !== 0) throw new Error(`MariaDB setup failed: ${setup.stderr}`);
  return { host: '127.0.0.1', port, socket, admin: { user: 'admin', password }, stop: stopper(child, dir, 'SIGTERM') };
}

/**
 * The password files the database clients themselves read, honoured the same
 * way when no password variable is set: libpq's `~/.pgpass` ($PGPASSFILE) and
 * the MySQL/MariaDB clients' `~/.my.cnf`. A server that needs no password
 * (trust, peer, a client certificate) gets none: nothing here is required.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SecretContext } from './secrets';

/** Fields of a .pgpass line (`host:port:database:user:password`, with \: and \\ escapes). */
export function pgpassFields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\' && i + 1 < line.length) cur += line[++i];
    else if (c === ':') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** The password of the first .pgpass line matching host:port:database:user (`*` matches anything), or null. */
export function matchPgpass(text: string, want: readonly string[]): string | null {
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim() || line.startsWith('#')) continue;
    const f = pgpassFields(line);
    if (f.length < 5) continue;
    if (f.slice(0, 4).every((v, i) => v === '*' || v === want[i])) return f.slice(4).join(':');
  }
  return null;
}

/** `password=` of the [client] / [mysql] / [client-server] groups of a my.cnf (later lines win, as in the clients). */
export function myCnfPassword(text: string): string | null {
  let group = '';
  let found: string | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const g = /^\[([^\]]+)\]$/.exec(line);
    if (g) {
      group = g[1].trim().toLowerCase();
      continue;
    }
    if (!['client', 'mysql', 'client-server', 'client-mariadb'].includes(group)) continue;
    const m = /^password\s*=\s*(.*)$/i.exec(line);
    if (!m) continue;
    const v = m[1].trim();
    found = /^(["']).*\1$/.test(v) ? v.slice(1, -1) : v;
  }
  return found;
}

function home(env: NodeJS.ProcessEnv): string {
  return env['HOME'] || os.homedir();
}

/** A file the client would read: absent, or (like libpq and mysql) ignored when others may read or write it. */
function readPrivate(file: string, othersMask: number): string | null {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    return null;
  }
  if (!st.isFile()) return null;
  if (process.platform !== 'win32' && (st.mode & othersMask) !== 0) return null;
  return fs.readFileSync(file, 'utf8');
}

/** Where the client files are, for messages. */
export function clientFileName(kind: SecretContext['kind'], env: NodeJS.ProcessEnv): string {
  return kind === 'postgres' ? (env['PGPASSFILE'] ?? '~/.pgpass') : '~/.my.cnf';
}

/**
 * The password the database's own client would find in its files for this
 * connection, or null. libpq ignores a .pgpass others can read; mysql ignores
 * a my.cnf others can write.
 */
export function clientFilePassword(ctx: SecretContext, env: NodeJS.ProcessEnv): string | null {
  if (ctx.kind === 'postgres') {
    const text = readPrivate(env['PGPASSFILE'] ?? path.join(home(env), '.pgpass'), 0o077);
    if (text === null) return null;
    const user = ctx.user ?? env['PGUSER'] ?? env['USER'] ?? '';
    return matchPgpass(text, [ctx.host ?? 'localhost', String(ctx.port ?? 5432), ctx.database ?? '', user]);
  }
  if (ctx.kind === 'mysql') {
    const text = readPrivate(path.join(home(env), '.my.cnf'), 0o002);
    return text === null ? null : myCnfPassword(text);
  }
  return null;
}

import { AssayError, type ErrorCode } from '../../../preload/contract/errors';
import { redactText } from '../redact';
import { connectSqlite } from './sqlite';
import { describeConnection, NO_PASSWORD, type ConnectParams, type DbDriver } from './driver';

/**
 * A driver error as the user should see it: what failed, on which source
 * (named without its password), and what to try, with any secret the driver
 * may have echoed removed.
 */
export function sourceError(err: unknown, p: ConnectParams, doing: string): AssayError {
  if (err instanceof AssayError) return new AssayError(err.code, redactText(err.message, [p.password]), err.detail === undefined ? undefined : redactText(err.detail, [p.password]));
  const e = err as { message?: string; code?: string; errno?: number };
  const raw = redactText(String(e.message ?? err), [p.password]);
  const where = describeConnection(p);
  const code = String(e.code ?? '');
  let kind: ErrorCode = 'IO';
  let hint = '';
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT' || code === 'EHOSTUNREACH' || /timeout/i.test(raw)) {
    hint = ' Check the host and port, and that the server is running and reachable.';
  } else if (code === NO_PASSWORD || (p.password === null && p.kind === 'mysql' && code === 'ER_ACCESS_DENIED_ERROR')) {
    kind = 'AUTH';
    hint =
      p.kind === 'postgres'
        ? ' Set $PGPASSWORD, add a line for it to ~/.pgpass (host:port:database:user:password, mode 0600), or name a credentials file.'
        : ' Set $MYSQL_PWD, put it in ~/.my.cnf ([client] password=…, not writable by others), or name a credentials file.';
  } else if (code === '28P01' || code === '28000' || code === 'ER_ACCESS_DENIED_ERROR' || /password authentication failed|access denied/i.test(raw)) {
    kind = 'AUTH';
    hint = ' Check the user name and where the password comes from (environment variable or credentials file).';
  } else if (code === '3D000' || code === 'ER_BAD_DB_ERROR') {
    kind = 'NOT_FOUND';
    hint = ' Check the database name.';
  } else if (code === '42P01' || code === '42703' || code === 'ER_NO_SUCH_TABLE' || code === 'ER_BAD_FIELD_ERROR' || /no such (table|column)/i.test(raw)) {
    kind = 'NOT_FOUND';
  } else if (code === '42601' || code === 'ER_PARSE_ERROR' || /syntax error/i.test(raw)) {
    kind = 'BAD_INPUT';
    hint = ' Check the SQL.';
  }
  return new AssayError(kind, `${doing} ${where} failed: ${raw}.${hint}`);
}

export async function connectDb(p: ConnectParams): Promise<DbDriver> {
  try {
    // The client libraries load on first use (~0.15 s of CPU together): most CLI calls and hosts never connect.
    if (p.kind === 'postgres') return await (await import('./postgres')).connectPostgres(p);
    if (p.kind === 'mysql') return await (await import('./mysql')).connectMysql(p);
    if (p.kind === 'sqlite') return await connectSqlite(p);
  } catch (err) {
    throw sourceError(err, p, 'Connecting to');
  }
  throw new AssayError('BAD_INPUT', `Unknown database kind ${String((p as { kind: unknown }).kind)}: use postgres, mysql or sqlite.`);
}

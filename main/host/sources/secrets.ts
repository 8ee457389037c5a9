/**
 * Where passwords come from. A connection stores a `SecretRef` (which env
 * variable, which credentials file, or the keychain), never the secret; the
 * host resolves it just before a job starts and hands it to the worker over
 * IPC only (never into a run row, a log, lineage or an error).
 */
import fs from 'node:fs';
import { AssayError } from '../../../preload/contract/errors';
import type { DbKind, SecretRef } from '../../../preload/contract/sources';
import { clientFilePassword, matchPgpass } from './client-files';

/** What a secret is for: lets a .pgpass-like file pick the right line. */
export interface SecretContext {
  readonly kind: DbKind | 'http';
  readonly host?: string;
  readonly port?: number;
  readonly database?: string;
  readonly user?: string;
}

export interface SecretStore {
  /** Human words for where the secret came from (never the secret). */
  describe(ref: SecretRef): string;
  get(ref: SecretRef, ctx: SecretContext): string | null;
  /** Stores a secret (only the keychain can: the others are the user's own env and files). */
  set?(ctx: SecretContext, secret: string): void;
}

export function defaultEnvName(kind: SecretContext['kind']): string {
  return kind === 'postgres' ? 'PGPASSWORD' : kind === 'mysql' ? 'MYSQL_PWD' : 'ASSAY_API_SECRET';
}

/** Environment variables of the host process. */
export class EnvSecretStore implements SecretStore {
  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}
  describe(ref: SecretRef): string {
    return ref.kind === 'env' ? `environment ($${ref.name ?? 'default'})` : 'environment';
  }
  get(ref: SecretRef, ctx: SecretContext): string | null {
    if (ref.kind !== 'env') return null;
    return this.env[ref.name ?? defaultEnvName(ctx.kind)] ?? null;
  }
}

/**
 * A credentials file the user names: JSON (`{"password": "…"}`, or
 * `{"secret": "…"}` / `{"token": "…"}` for APIs) or .pgpass lines
 * (`host:port:database:user:password`, `*` matches anything). Like libpq, a
 * file others can read is refused.
 */
export class FileSecretStore implements SecretStore {
  describe(ref: SecretRef): string {
    return ref.kind === 'file' ? `credentials file ${ref.path}` : 'credentials file';
  }
  get(ref: SecretRef, ctx: SecretContext): string | null {
    if (ref.kind !== 'file') return null;
    let st: fs.Stats;
    try {
      st = fs.statSync(ref.path);
    } catch {
      throw new AssayError('NOT_FOUND', `The credentials file ${ref.path} does not exist. Create it (mode 0600) or pick another.`);
    }
    if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) {
      throw new AssayError(
        'FORBIDDEN',
        `The credentials file ${ref.path} can be read by other users (mode ${(st.mode & 0o777).toString(8)}); run: chmod 600 ${ref.path}`,
      );
    }
    const text = fs.readFileSync(ref.path, 'utf8');
    if (text.trimStart().startsWith('{')) {
      let doc: unknown;
      try {
        doc = JSON.parse(text);
      } catch {
        throw new AssayError('BAD_INPUT', `The credentials file ${ref.path} starts like JSON but is not valid JSON.`);
      }
      const o = doc as Record<string, unknown>;
      for (const k of ['password', 'secret', 'token']) if (typeof o[k] === 'string') return o[k] as string;
      throw new AssayError('BAD_INPUT', `The credentials file ${ref.path} has no "password" (or "secret"/"token") field.`);
    }
    const want = [ctx.host ?? '', String(ctx.port ?? ''), ctx.database ?? '', ctx.user ?? ''];
    const password = matchPgpass(text, want);
    if (password !== null) return password;
    throw new AssayError('NOT_FOUND', `No line of ${ref.path} matches ${want.join(':')} (host:port:database:user).`);
  }
}

/** Resolves a SecretRef with the stores at hand (the keychain exists only in the desktop app). */
export class SecretResolver {
  private readonly env: SecretStore;
  private readonly file = new FileSecretStore();
  constructor(
    private readonly keychain: SecretStore | null = null,
    private readonly vars: NodeJS.ProcessEnv = process.env,
  ) {
    this.env = new EnvSecretStore(vars);
  }

  resolve(ref: SecretRef | undefined, ctx: SecretContext): string | null {
    if (!ref || ref.kind === 'none') return null;
    if (ref.kind === 'env') {
      const v = this.env.get(ref, ctx);
      if (v !== null) return v;
      // The default variable unset: do as the database's client does (its password file, or no
      // password: trust, peer and certificate logins need none; the driver says when one is asked for).
      if (ref.name === undefined && ctx.kind !== 'http') return clientFilePassword(ctx, this.vars);
      throw new AssayError('AUTH', `The password is to come from $${ref.name ?? defaultEnvName(ctx.kind)}, which is not set in Assay's environment.`);
    }
    if (ref.kind === 'file') return this.file.get(ref, ctx);
    if (!this.keychain) throw new AssayError('UNSUPPORTED', 'The OS keychain is only available in the desktop app; use an environment variable or a credentials file.');
    return this.keychain.get(ref, ctx);
  }

  describe(ref: SecretRef | undefined): string {
    if (!ref || ref.kind === 'none') return 'no password';
    if (ref.kind === 'env') return this.env.describe(ref);
    if (ref.kind === 'file') return this.file.describe(ref);
    return 'OS keychain';
  }
}

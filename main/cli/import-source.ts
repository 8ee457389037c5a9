/**
 * `assay import` from a database or an API (the file form lives in assay.ts):
 *   assay import FILE.assay postgres://USER@HOST:PORT/DB (--table T [--schema S] | --query SQL)
 *                [--incremental COLUMN [--key COLUMN]] [--name NAME] [--credentials FILE] [--sslmode M] [--ca FILE] [--json]
 *   assay import FILE.assay mysql://USER@HOST:PORT/DB …    (mariadb:// too)
 *   assay import FILE.assay sqlite:PATH (--table T | --query SQL) …
 *   assay import FILE.assay https://… [--records PATH] [--paginate cursor:FIELD|link|page:PARAM|offset:PARAM]
 *                [--auth bearer|basic:USER|header:NAME|query:NAME] [--credentials FILE] [--max-pages N] [--rps N] [--name NAME] [--json]
 * Passwords come from $PGPASSWORD / $MYSQL_PWD (API secrets from $ASSAY_API_SECRET),
 * --credentials FILE (mode 0600) or the clients' own ~/.pgpass / ~/.my.cnf, never from the
 * command line; a server that asks for none gets none. Running the same
 * --incremental import again refreshes the dataset it made (rows past the watermark).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ConnectionConfig, DbImportSpec, HttpAuth, HttpSourceSpec, Pagination, SecretRef, SourceImportResult, SslMode } from '../../preload/contract/sources';
import { requireProject } from '../host/project/access';
import { readRecipeFile } from './recipe-flags';
import { readRulesFile } from './rules';
import { listSourceStates } from '../../native-workers/project/sources';
import { cliHost, positiveNumber, runImportJob, UsageError } from './common';
import { plural } from '../../preload/contract/plural';

export const importSourceUsage = `  assay import FILE.assay postgres://USER@HOST:PORT/DB | mysql://… | sqlite:PATH (--table T | --query SQL)
               [--incremental COLUMN [--key COLUMN]] [--name NAME] [--credentials FILE] [--sslmode disable|require|verify-full] [--ca FILE]
               [--rules rules.json] [--recipe recipe.json] [--json]
  assay import FILE.assay https://… [--records PATH] [--paginate cursor:FIELD|link|page:PARAM|offset:PARAM]
               [--auth bearer|basic:USER|header:NAME|query:NAME] [--credentials FILE] [--max-pages N] [--rps N] [--name NAME]
               [--rules rules.json] [--recipe recipe.json] [--json]
      passwords from $PGPASSWORD / $MYSQL_PWD ($ASSAY_API_SECRET for APIs), --credentials FILE (mode 0600),
      or ~/.pgpass / ~/.my.cnf as the clients read them; none if the server asks for none;
      the same --incremental import run again refreshes its dataset`;

const sourceRe = /^(postgres|postgresql|mysql|mariadb):\/\/|^sqlite:|^https?:\/\//i;

/** Does this `assay import` name a database or API source rather than a file? */
export function isSourceImport(args: readonly string[]): boolean {
  return args.filter((a) => !a.startsWith('--')).some((a) => sourceRe.test(a));
}

export function parseDbUrl(source: string, values: { credentials?: string; sslmode?: string; ca?: string }): ConnectionConfig {
  const secret: SecretRef = values.credentials ? { kind: 'file', path: path.resolve(values.credentials) } : { kind: 'env' };
  if (/^sqlite:/i.test(source)) {
    const file = source.replace(/^sqlite:(\/\/)?/i, '');
    if (!file) throw new UsageError('sqlite:PATH needs the path of the database file');
    return { kind: 'sqlite', database: path.resolve(file) };
  }
  let u: URL;
  try {
    u = new URL(source);
  } catch {
    throw new UsageError(`${source.replace(/:[^:@/]*@/, ':***@')} is not a valid database URL (scheme://USER@HOST:PORT/DB)`);
  }
  if (u.password) throw new UsageError('Do not put the password in the URL (it stays in shell history); set $PGPASSWORD / $MYSQL_PWD or use --credentials FILE');
  const kind = /^postgres/i.test(u.protocol) ? 'postgres' : 'mysql';
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (!database) throw new UsageError(`${u.protocol}//… needs the database name at the end (/DB)`);
  const mode = values.sslmode ?? u.searchParams.get('sslmode') ?? undefined;
  if (mode !== undefined && !['disable', 'require', 'verify-full'].includes(mode)) throw new UsageError('--sslmode must be disable, require or verify-full');
  return {
    kind,
    host: u.hostname || 'localhost',
    ...(u.port ? { port: Number(u.port) } : {}),
    database,
    ...(u.username ? { user: decodeURIComponent(u.username) } : {}),
    ...(mode && mode !== 'disable' ? { ssl: { mode: mode as SslMode, ...(values.ca ? { caFile: path.resolve(values.ca) } : {}) } } : {}),
    secret,
  };
}

export function parsePaginate(value: string | undefined): Pagination {
  if (value === undefined) return { kind: 'none' };
  if (value === 'link') return { kind: 'link' };
  const m = /^(cursor|page|offset):(.+)$/.exec(value);
  if (!m) throw new UsageError('--paginate must be cursor:FIELD, link, page:PARAM or offset:PARAM');
  if (m[1] === 'cursor') return { kind: 'cursor', field: m[2] };
  return { kind: 'page', param: m[2], ...(m[1] === 'offset' ? { offset: true } : {}) };
}

export function parseAuth(value: string | undefined, credentials: string | undefined): HttpAuth {
  if (value === undefined) return { kind: 'none' };
  const secret: SecretRef = credentials ? { kind: 'file', path: path.resolve(credentials) } : { kind: 'env', name: 'ASSAY_API_SECRET' };
  if (value === 'bearer') return { kind: 'bearer', secret };
  const m = /^(basic|header|query):(.+)$/.exec(value);
  if (!m) throw new UsageError('--auth must be bearer, basic:USER, header:NAME or query:NAME');
  if (m[1] === 'basic') return { kind: 'basic', user: m[2], secret };
  return { kind: 'api-key', in: m[1] === 'header' ? 'header' : 'query', name: m[2], secret };
}

function sameSource(a: DbImportSpec, b: DbImportSpec): boolean {
  const c1 = a.connection;
  const c2 = b.connection;
  if (!c1 || !c2) return false;
  return (
    c1.kind === c2.kind &&
    c1.host === c2.host &&
    c1.port === c2.port &&
    c1.database === c2.database &&
    c1.user === c2.user &&
    JSON.stringify(a.select) === JSON.stringify(b.select) &&
    a.incremental?.column === b.incremental?.column &&
    a.incremental?.key === b.incremental?.key
  );
}

export async function cmdImportSource(args: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      table: { type: 'string' },
      schema: { type: 'string' },
      query: { type: 'string' },
      incremental: { type: 'string' },
      key: { type: 'string' },
      name: { type: 'string' },
      credentials: { type: 'string' },
      sslmode: { type: 'string' },
      ca: { type: 'string' },
      records: { type: 'string' },
      paginate: { type: 'string' },
      auth: { type: 'string' },
      'max-pages': { type: 'string' },
      rps: { type: 'string' },
      rules: { type: 'string' },
      recipe: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  if (positionals.length !== 2) throw new UsageError('assay import takes FILE.assay and SOURCE');
  const [project, source] = positionals;
  const isHttp = /^https?:\/\//i.test(source);
  // The same validation and cleansing as a file import; both files are read and checked before anything runs.
  const pipeline = {
    ...(values.rules !== undefined ? { rules: readRulesFile(values.rules) } : {}),
    ...(values.recipe !== undefined ? { recipe: readRecipeFile(values.recipe) } : {}),
  };
  let http: HttpSourceSpec | null = null;
  let db: DbImportSpec | null = null;
  if (isHttp) {
    const maxPages = positiveNumber('--max-pages', values['max-pages']);
    const rps = positiveNumber('--rps', values.rps);
    http = {
      url: source,
      recordsPath: values.records ?? '',
      pagination: parsePaginate(values.paginate),
      auth: parseAuth(values.auth, values.credentials),
      ...(maxPages ? { maxPages } : {}),
      ...(rps ? { maxRps: rps } : {}),
      ...(values.name ? { name: values.name } : {}),
      ...pipeline,
    };
  } else {
    if ((values.table === undefined) === (values.query === undefined)) throw new UsageError('a database import needs exactly one of --table T or --query SQL');
    if (values.key && !values.incremental) throw new UsageError('--key only makes sense with --incremental COLUMN');
    db = {
      connection: parseDbUrl(source, values),
      select: values.query !== undefined ? { query: values.query } : { table: values.table ?? '', ...(values.schema ? { schema: values.schema } : {}) },
      ...(values.incremental ? { incremental: { column: values.incremental, ...(values.key ? { key: values.key } : {}) } } : {}),
      ...(values.name ? { name: values.name } : {}),
      ...pipeline,
    };
  }
  // As a file import: a one-shot import exits once its rows are in (a profile started here would
  // only be cancelled at close, a worker started and stopped for nothing); the app profiles when asked.
  const host = cliHost({ profileImports: false });
  try {
    host.openProject(path.resolve(project));
    const store = requireProject(host.currentProject);
    // Ctrl+C cancels cleanly: a new import leaves nothing, a refresh leaves the dataset as it was.
    let refreshed = false;
    const r = await runImportJob<SourceImportResult>(host, () => {
      if (!db) return host.sources.startHttpImport(http as HttpSourceSpec);
      const spec = db;
      const earlier = spec.incremental ? listSourceStates(store.db).find((s) => s.kind === 'db' && sameSource(s.spec as DbImportSpec, spec)) : undefined;
      refreshed = earlier !== undefined;
      return earlier ? host.sources.refresh(earlier.datasetId) : host.sources.startDbImport(spec);
    });
    if (values.json) {
      process.stdout.write(
        `${JSON.stringify({
          dataset: r.name,
          datasetId: r.datasetId,
          refreshed,
          rowsRead: r.rowsRead,
          rowsStored: r.rowsStored,
          rowsUpdated: r.rowsUpdated,
          rowsQuarantined: r.rowsQuarantined,
          ...(r.rules ? { rules: r.rules } : {}),
          ...(r.rowsChanged !== undefined ? { rowsChanged: r.rowsChanged } : {}),
          watermark: r.watermark,
          ...(r.pages !== undefined ? { pages: r.pages, requests: r.requests } : {}),
          seconds: r.seconds,
          ...(r.warning ? { warning: r.warning } : {}),
        })}\n`,
      );
    } else {
      process.stdout.write(
        refreshed
          ? `refreshed "${r.name}": ${plural(r.rowsStored, 'row')} (${r.rowsUpdated} updated), watermark ${String(r.watermark)}\n`
          : `imported ${plural(r.rowsStored, 'row')} into "${r.name}"${r.rowsQuarantined > 0 ? ` (${plural(r.rowsQuarantined, 'row')} quarantined)` : ''}\n`,
      );
    }
  } finally {
    await host.close();
  }
}

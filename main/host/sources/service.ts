/**
 * Databases and HTTP APIs as data sources: saved connections (no secrets in
 * the project), browsing and previews (answered here: they are a few rows
 * over async I/O), and imports, refreshes and resumed pulls as worker jobs.
 * Scheduled refreshes run on host timers while the project is open and stop
 * when it closes. Secrets are resolved just before a job starts and travel to
 * the worker over IPC only; every error that leaves here is redacted.
 */
import { AssayError } from '../../../preload/contract/errors';
import type {
  PipelineFields,
  ConnectionConfig,
  ConnectionTest,
  DbImportSpec,
  DbSelection,
  HttpPreview,
  HttpSourceSpec,
  SourcePreview,
  SourceState,
  TableEntry,
} from '../../../preload/contract/sources';
import type { Cell, JobInfo } from '../../../preload/contract/types';
import type { ImportPrivacy } from '../../../preload/contract/governance';
import { parseRecipe } from '../../../preload/contract/recipe';
import { parseRuleSet } from '../../../preload/contract/rules';
import { insertRulesVersion } from '../../../native-workers/project/rules';
import { checkSchemaSpec } from '../ingest/schema/infer-schema';
import { connectDb, sourceError, describeConnection, type ConnectParams, previewSql, redactText, redactUrl, firstUrl, nextUrl, checkUrl, fetcherFor, recordsOf, storableUrl, redactValue, type SourceValue } from '../../../native-workers/host-api';
import type { Handlers } from '../dispatch';
import type { PushHub } from '../events';
import type { JobManager } from '../jobs/manager';
import { createImportingDataset, discardDataset, listDatasets, markDatasetFailed } from '../../../native-workers/project/datasets';
import { insertRun } from '../../../native-workers/project/runs';
import type { ProjectStore } from '../../../native-workers/project/store';
import {
  cleanConfig,
  deleteConnection,
  getConnection,
  getSourceState,
  listConnections,
  listSourceStates,
  resumableRows,
  saveConnection,
  setSchedule,
} from '../../../native-workers/project/sources';
import { SecretResolver, type SecretStore } from './secrets';
import { connection, pathsIn } from '../channel-paths';
import type { ProjectAccess } from '../project/access';

export interface SourcesDeps extends ProjectAccess {
  readonly jobs: JobManager;
  readonly push: PushHub;
  /** The OS keychain (Electron safeStorage); null outside the desktop app. */
  readonly keychain?: SecretStore | null;
  readonly env?: NodeJS.ProcessEnv;
  /** The pseudonymisation key for a spec's privacy actions (base64), null when none is needed. */
  readonly privacyKey?: (privacy: ImportPrivacy | undefined) => string | null;
  /** After an import or refresh succeeded (the host profiles the dataset, as it does for files). */
  readonly imported?: (store: ProjectStore, datasetId: number) => void;
}

type ConnRef = { readonly connectionId?: number; readonly connection?: ConnectionConfig };

function toCell(v: SourceValue): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'bigint') return v.toString();
  return v.toISOString();
}

export class SourcesService {
  readonly secrets: SecretResolver;
  private timers = new Map<number, NodeJS.Timeout>();
  /** Dataset id → running refresh job, so a timer never starts a second one. */
  private running = new Map<number, string>();

  constructor(private readonly deps: SourcesDeps) {
    this.secrets = new SecretResolver(deps.keychain ?? null, deps.env ?? process.env);
  }

  /** A connection (saved or inline) with its password resolved, held in memory for one use. */
  private params(ref: ConnRef): ConnectParams {
    const config = ref.connectionId !== undefined ? getConnection(this.deps.store().db, ref.connectionId) : ref.connection ? cleanConfig(ref.connection) : null;
    if (!config) throw new AssayError('BAD_INPUT', 'Say which connection: a saved one (connectionId) or its settings.');
    if (ref.connectionId !== undefined) this.deps.storedPaths(connection(`saved connection ${ref.connectionId}`, config));
    const password = config.kind === 'sqlite' ? null : this.secrets.resolve(config.secret, config);
    return { ...cleanConfig(config), password };
  }

  private async withDriver<T>(ref: ConnRef, doing: string, fn: (d: Awaited<ReturnType<typeof connectDb>>) => Promise<T>): Promise<T> {
    const p = this.params(ref);
    const driver = await connectDb(p);
    try {
      return await fn(driver);
    } catch (err) {
      throw sourceError(err, p, doing);
    } finally {
      await driver.close();
    }
  }

  async test(ref: ConnRef): Promise<ConnectionTest> {
    const t0 = Date.now();
    try {
      const version = await this.withDriver(ref, 'Testing', (d) => d.version());
      return { ok: true, message: `Connected (${version})`, serverVersion: version, ms: Date.now() - t0 };
    } catch (err) {
      const e = err instanceof AssayError ? err : new AssayError('IO', redactText(String(err), []));
      return { ok: false, message: e.message, serverVersion: null, ms: Date.now() - t0 };
    }
  }

  tables(ref: ConnRef): Promise<TableEntry[]> {
    return this.withDriver(ref, 'Listing the tables of', (d) => d.tables());
  }

  preview(ref: ConnRef & { select: DbSelection }): Promise<SourcePreview> {
    return this.withDriver(ref, 'Previewing', async (d) => {
      const reader = await d.open(previewSql(d, ref.select, 50), []);
      try {
        const rows = await reader.read(50);
        return { columns: reader.columns, rows: rows.map((r) => r.map(toCell)) };
      } finally {
        await reader.close();
      }
    });
  }

  /** A first import (targetDatasetId null) or a refresh into a staging dataset folded into the target. */
  startDbImport(spec: DbImportSpec, refreshOf: SourceState | null = null): JobInfo {
    const store = this.deps.store();
    if (!spec.select || (!('table' in spec.select) && !('query' in spec.select))) throw new AssayError('BAD_INPUT', 'Say what to import: a table or a SQL query.');
    if (spec.incremental && !spec.incremental.column?.trim()) throw new AssayError('BAD_INPUT', 'An incremental import needs its watermark column.');
    checkPipeline(spec);
    const privacyKeyBase64 = this.deps.privacyKey?.(spec.privacy) ?? null;
    const p = this.params(spec);
    // The stored spec keeps the connection without its password source's value (only where it is).
    const { password, ...connection } = p;
    const clean: DbImportSpec = {
      ...spec,
      ...(spec.connectionId === undefined ? { connection } : {}),
    };
    const label = 'query' in spec.select ? 'query' : spec.select.table;
    const staging = createImportingDataset(store.db, refreshOf ? `${refreshOf.datasetName} (refresh)` : spec.name?.trim() || label, describeConnection(connection));
    if (!refreshOf) keepRules(store, staging.id, spec);
    const runId = insertRun(store.db, 'db-import', { ...clean, ...(refreshOf ? { refreshOf: refreshOf.datasetId } : {}) });
    const job = this.deps.jobs.submit(
      {
        kind: 'db-import',
        spec: {
          projectPath: store.path,
          datasetId: staging.id,
          targetDatasetId: refreshOf?.datasetId ?? null,
          connection,
          password,
          spec: clean,
          after: refreshOf && spec.incremental ? refreshOf.watermark : null,
          rowEstimate: null,
          ...(privacyKeyBase64 ? { privacyKeyBase64 } : {}),
        },
      },
      `${refreshOf ? 'Refresh' : 'Import'} ${label} from ${describeConnection(connection)}`,
      {
        onResult: (result) => {
          this.changed(store);
          return { datasetId: result.datasetId };
        },
        onAbandon: () => discardDataset(store.db, staging.id),
      },
      runId,
    );
    this.whenImported(store, job);
    return job;
  }

  /** Once the job has ended as succeeded (so its clients hear that first), whatever follows an import starts. */
  private whenImported(store: ProjectStore, job: JobInfo): void {
    void this.deps.jobs.wait(job.id).then((done) => {
      if (done.status === 'succeeded' && done.datasetId !== undefined) this.deps.imported?.(store, done.datasetId);
    });
  }

  startHttpImport(spec: HttpSourceSpec, resumeOf: SourceState | null = null): JobInfo {
    const store = this.deps.store();
    checkUrl(spec.url);
    checkPipeline(spec);
    const privacyKeyBase64 = this.deps.privacyKey?.(spec.privacy) ?? null;
    const secret = this.httpSecret(spec);
    const shown = redactUrl(spec.url);
    const ds = resumeOf ? { id: resumeOf.datasetId } : createImportingDataset(store.db, spec.name?.trim() || new URL(spec.url).pathname.split('/').filter(Boolean).pop() || 'api', shown);
    if (!resumeOf) keepRules(store, ds.id, spec);
    const runId = insertRun(store.db, 'http-import', { ...spec, ...(resumeOf ? { resumeOf: resumeOf.datasetId } : {}) });
    const job = this.deps.jobs.submit(
      {
        kind: 'http-import',
        spec: { projectPath: store.path, datasetId: ds.id, spec, secret, resume: resumeOf?.position ?? null, ...(privacyKeyBase64 ? { privacyKeyBase64 } : {}) },
      },
      `${resumeOf ? 'Resume' : 'Pull'} ${shown}`,
      {
        onResult: (result) => {
          this.changed(store);
          return { datasetId: result.datasetId };
        },
        onAbandon: (status) => {
          // Rows already committed with their position stay (invisible) for a resume; a cancelled first pull leaves nothing.
          if ((status === 'failed' || resumeOf) && resumableRows(store.db, ds.id) > 0) markDatasetFailed(store.db, ds.id);
          else discardDataset(store.db, ds.id);
          this.changed(store);
        },
      },
      runId,
    );
    this.whenImported(store, job);
    return job;
  }

  private httpSecret(spec: HttpSourceSpec): string | null {
    const auth = spec.auth ?? { kind: 'none' };
    return auth.kind === 'none' ? null : this.secrets.resolve(auth.secret, { kind: 'http' });
  }

  async httpPreview(spec: HttpSourceSpec): Promise<HttpPreview> {
    checkUrl(spec.url);
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), 30_000);
    const secret = this.httpSecret(spec);
    try {
      const { fetcher } = fetcherFor({ ...spec, retries: Math.min(spec.retries ?? 2, 2) }, secret, ac.signal);
      const url = firstUrl(spec.url, spec.pagination ?? { kind: 'none' });
      const res = await fetcher.get(url);
      const recs = recordsOf(res.json, spec.recordsPath ?? '', url);
      const columns = [...new Set(recs.flatMap((r) => Object.keys(r)))];
      const next = nextUrl(spec.pagination ?? { kind: 'none' }, url, res.json, res.headers, recs.length);
      // As a job's messages are: the page never receives the secret, whatever field echoed it.
      return redactValue({ columns, rows: recs.slice(0, 50).map((r) => columns.map((c) => r[c] ?? null)), status: res.status, next: next ? redactUrl(storableUrl(spec, secret, next)) : null }, secret ? [secret] : []);
    } catch (err) {
      throw err instanceof AssayError && secret ? new AssayError(err.code, redactText(err.message, [secret]), err.detail === undefined ? undefined : redactText(err.detail, [secret])) : err;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Refresh a database source (rows past the watermark, or everything) or resume a failed API pull. */
  refresh(datasetId: number): JobInfo {
    const state = getSourceState(this.deps.store().db, datasetId);
    const busy = this.running.get(datasetId);
    const busyStatus = busy ? this.deps.jobs.get(busy)?.status : undefined;
    if (busyStatus === 'running' || busyStatus === 'queued') throw new AssayError('BUSY', `${state.datasetName} is being refreshed already.`);
    // The stored spec's files (connection, credentials, key) obey the session's folders as a new import's do.
    this.deps.storedPaths(pathsIn(state.kind === 'http' ? 'source:httpImport' : 'source:import', state.spec));
    let job: JobInfo;
    if (state.kind === 'http') {
      if (state.status !== 'resumable') throw new AssayError('UNSUPPORTED', `${state.datasetName} is complete; pull the API again as a new dataset to get newer records.`);
      job = this.startHttpImport(state.spec as HttpSourceSpec, state);
    } else {
      const spec = state.spec as DbImportSpec;
      if (!spec.incremental) throw new AssayError('UNSUPPORTED', `${state.datasetName} was imported without a watermark column; import it again with one (e.g. updated_at) to refresh it.`);
      job = this.startDbImport(spec, state);
    }
    this.running.set(datasetId, job.id);
    return job;
  }

  schedule(datasetId: number, minutes: number | null): SourceState {
    const store = this.deps.store();
    if (minutes !== null && (!Number.isFinite(minutes) || minutes < 0.05)) throw new AssayError('BAD_INPUT', 'A refresh schedule is a number of minutes (at least 0.05), or none.');
    setSchedule(store.db, datasetId, minutes);
    this.arm(datasetId, minutes);
    this.changed(store);
    return getSourceState(store.db, datasetId);
  }

  private arm(datasetId: number, minutes: number | null): void {
    const old = this.timers.get(datasetId);
    if (old) clearInterval(old);
    this.timers.delete(datasetId);
    if (minutes === null) return;
    const t = setInterval(() => {
      try {
        this.refresh(datasetId);
      } catch {
        // A refresh still running, or the source gone: the next tick tries again.
      }
    }, minutes * 60_000);
    t.unref();
    this.timers.set(datasetId, t);
  }

  /** Timers belong to the open project: re-armed from its source_state, all stopped when it closes. */
  onProjectChanged(store: ProjectStore | null): void {
    for (const t of this.timers.values()) clearInterval(t);
    this.timers.clear();
    this.running.clear();
    if (!store || store.readOnly) return;
    for (const s of listSourceStates(store.db)) if (s.scheduleMinutes !== null) this.arm(s.datasetId, s.scheduleMinutes);
  }

  get scheduled(): number[] {
    return [...this.timers.keys()];
  }

  private changed(store: ProjectStore): void {
    this.deps.push.emit('datasets:changed', listDatasets(store.db));
    this.deps.push.emit('sources:changed', listSourceStates(store.db));
  }

  handlers(): Pick<
    Handlers,
    | 'source:connections'
    | 'source:saveConnection'
    | 'source:deleteConnection'
    | 'source:storeSecret'
    | 'source:test'
    | 'source:tables'
    | 'source:preview'
    | 'source:import'
    | 'source:list'
    | 'source:refresh'
    | 'source:schedule'
    | 'source:httpPreview'
    | 'source:httpImport'
  > {
    return {
      'source:connections': () => listConnections(this.deps.store().db),
      'source:saveConnection': (req) => saveConnection(this.deps.store().db, req),
      'source:deleteConnection': ({ id }) => {
        deleteConnection(this.deps.store().db, id);
        return null;
      },
      'source:storeSecret': ({ connectionId, secret }) => {
        const keychain = this.deps.keychain;
        if (!keychain?.set) throw new AssayError('UNSUPPORTED', 'The OS keychain is only available in the desktop app; use an environment variable or a credentials file.');
        keychain.set(getConnection(this.deps.store().db, connectionId), secret);
        return null;
      },
      'source:test': (req) => this.test(req),
      'source:tables': (req) => this.tables(req),
      'source:preview': (req) => this.preview(req),
      'source:import': (spec) => ({ jobId: this.startDbImport(spec).id }),
      'source:list': () => listSourceStates(this.deps.store().db),
      'source:refresh': ({ datasetId }) => ({ jobId: this.refresh(datasetId).id }),
      'source:schedule': ({ datasetId, minutes }) => this.schedule(datasetId, minutes),
      'source:httpPreview': (spec) => this.httpPreview(spec),
      'source:httpImport': (spec) => ({ jobId: this.startHttpImport(spec).id }),
    };
  }

  close(): void {
    this.onProjectChanged(null);
  }
}

/** As for a file import: the rules a first import ran become the dataset's stored rules (version 1), for its Rules tab and re-validation. */
function keepRules(store: ProjectStore, datasetId: number, spec: PipelineFields): void {
  if (spec.rules && spec.rules.rules.length > 0) insertRulesVersion(store.db, datasetId, parseRuleSet(spec.rules));
}

/** Bad schema overrides, rules or recipes are refused before anything is created, as for files. */
function checkPipeline(spec: PipelineFields): void {
  checkSchemaSpec(spec.schema);
  if (spec.rules !== undefined) parseRuleSet(spec.rules);
  if (spec.recipe !== undefined) parseRecipe(spec.recipe);
}

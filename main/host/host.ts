import os from 'node:os';
import type { DialogPurpose } from '../../preload/contract/channels';
import { AssayError } from '../../preload/contract/errors';
import { parseRecipe } from '../../preload/contract/recipe';
import { jobKinds } from '../../preload/contract/jobs';
import type { AppInfo, AppMode, BackendInfo, ImportResult, ImportSpec, JobInfo, ProjectInfo } from '../../preload/contract/types';
import type { WorkerJob } from '../../native-workers/protocol';
import { createDispatcher, type Dispatch, type Handlers } from './dispatch';
import { PushHub } from './events';
import { checkSchemaSpec, inferPreviewSchema } from './ingest/schema/infer-schema';
import { UploadStore } from './ingest/uploads';
import { previewImport, sourceFile } from './ingest/formats/preview';
import { insertRulesVersion } from '../../native-workers/project/rules';
import { RulesService } from './ingest/rules/service';
import { parseRuleSet } from '../../preload/contract/rules';
import { listLineage } from '../../native-workers/project/lineage';
import type { PrivacyKeyStore } from './ingest/privacy/key-store';
import { PrivacyService } from './ingest/privacy/service';
import { WatchService } from './ingest/watch/service';
import { forkLauncher, type WorkerLauncher } from './jobs/launcher';
import { JobManager } from './jobs/manager';
import { configDir, projectsDir, resolveProjectPath, workerEntry } from './paths';
import {
  createImportingDataset,
  discardDataset,
  getDataset,
  listDatasets,
  loadProfile,
  readRows,
  saveProfile,
} from '../../native-workers/project/datasets';
import { insertRun, listRuns, updateRun } from '../../native-workers/project/runs';
import { ProjectStore } from '../../native-workers/project/store';
import { ExportService } from './export/service';
import { RecipeService } from './ingest/recipe/service';
import { ImagesService } from './images/service';
import { RecentProjects } from './recent';
import { RegistryService } from './registry/service';
import { SensorsService } from './sensors/service';
import { ServingService } from './serving/service';
import { TrainService } from './train/service';
import { SourcesService } from './sources/service';
import type { SecretStore } from './sources/secrets';

export interface HostOptions {
  readonly mode: AppMode;
  readonly version?: string;
  readonly launcher?: WorkerLauncher;
  readonly workerEntry?: string;
  readonly concurrency?: number;
  readonly cancelGraceMs?: number;
  readonly configDir?: string;
  /** Native dialogs exist only under Electron; elsewhere the UI asks for a path itself. */
  readonly pickPath?: (purpose: DialogPurpose) => Promise<string | null>;
  /** The desktop app keeps the pseudonymisation key in the OS keychain; elsewhere a key file. */
  readonly privacyKeyStore?: () => PrivacyKeyStore;
  /** Watched folders: how long a file must stay unchanged before it is read (ms). */
  readonly watchSettleMs?: number;
  /** The OS keychain for source passwords (Electron safeStorage); absent elsewhere. */
  readonly keychain?: SecretStore;
}

/** ASSAY_JOBS caps how many worker processes run at once (default: one per CPU). */
function jobsFromEnv(): number | undefined {
  const n = Number(process.env['ASSAY_JOBS']);
  return Number.isInteger(n) && n >= 1 ? n : undefined;
}

/**
 * Everything Assay does, behind one dispatcher. The same object serves the
 * Electron window, the browser-mode WebSocket and the CLI; it never imports
 * electron.
 */
export class Host {
  readonly push = new PushHub();
  readonly dispatch: Dispatch;
  readonly jobs: JobManager;
  readonly uploads = new UploadStore();
  readonly sensors: SensorsService;
  readonly train: TrainService;
  readonly serving: ServingService;
  readonly registry: RegistryService;
  readonly exports: ExportService;
  readonly rules: RulesService;
  readonly recipes: RecipeService;
  readonly watch: WatchService;
  readonly privacy: PrivacyService;
  readonly sources: SourcesService;
  readonly images: ImagesService;
  private project: ProjectStore | null = null;
  private backend: BackendInfo | null = null;
  private backendProbe: Promise<BackendInfo> | null = null;
  private readonly recent: RecentProjects;
  private readonly opts: HostOptions;

  constructor(opts: HostOptions) {
    this.opts = opts;
    this.recent = new RecentProjects(opts.configDir ?? configDir());
    this.jobs = new JobManager({
      launcher: opts.launcher ?? forkLauncher,
      workerEntry: opts.workerEntry ?? workerEntry(),
      concurrency: opts.concurrency ?? jobsFromEnv() ?? os.cpus().length,
      cancelGraceMs: opts.cancelGraceMs ?? 3000,
      onUpdate: (job) => this.onJobUpdate(job),
      onProgress: (jobId, progress) => this.push.emit('job:progress', { jobId, progress }),
      onLog: (jobId, line) => this.push.emit('job:log', { jobId, line }),
    });
    this.sensors = new SensorsService({ jobs: this.jobs, push: this.push, project: () => this.project });
    this.train = new TrainService({ jobs: this.jobs, push: this.push, project: () => this.project });
    this.serving = new ServingService({ push: this.push, project: () => this.project });
    this.registry = new RegistryService({ push: this.push, project: () => this.project });
    this.exports = new ExportService({ jobs: this.jobs, project: () => this.project });
    this.rules = new RulesService({ jobs: this.jobs, push: this.push, project: () => this.project });
    this.recipes = new RecipeService({ jobs: this.jobs, push: this.push, project: () => this.project });
    this.watch = new WatchService({
      jobs: this.jobs,
      push: this.push,
      project: () => this.project,
      startImport: (spec) => this.startImport(spec),
      ...(opts.watchSettleMs !== undefined ? { settleMs: opts.watchSettleMs } : {}),
    });
    this.privacy = new PrivacyService({
      jobs: this.jobs,
      push: this.push,
      project: () => this.project,
      configDir: opts.configDir ?? configDir(),
      appVersion: opts.version ?? '0.0.0',
      ...(opts.privacyKeyStore ? { keyStore: opts.privacyKeyStore } : {}),
    });
    this.sources = new SourcesService({
      jobs: this.jobs,
      push: this.push,
      project: () => this.project,
      keychain: opts.keychain ?? null,
      privacyKey: (privacy) => this.privacy.importKey(privacy).privacyKeyBase64 ?? null,
    });
    this.images = new ImagesService({ jobs: this.jobs, push: this.push, uploads: this.uploads, project: () => this.project });
    this.dispatch = createDispatcher(this.handlers(), () => this.project?.readOnly === true);
  }

  get currentProject(): ProjectStore | null {
    return this.project;
  }

  private requireProject(): ProjectStore {
    if (!this.project) throw new AssayError('NO_PROJECT', 'No project is open. Create or open a project first.');
    return this.project;
  }

  openProject(file: string, readOnly = false): ProjectInfo {
    const store = ProjectStore.open(resolveProjectPath(file), { readOnly });
    this.swapProject(store);
    return store.info();
  }

  newProject(file: string): ProjectInfo {
    const store = ProjectStore.create(resolveProjectPath(file));
    this.swapProject(store);
    return store.info();
  }

  private swapProject(next: ProjectStore | null): void {
    // The backend probe belongs to no project, so it never holds a switch up.
    if (this.project && this.jobs.hasActive((job) => job.kind !== 'probe-backend')) {
      next?.close();
      throw new AssayError('BUSY', 'Jobs are still running in this project; cancel them or wait before switching projects.');
    }
    // Model servers belong to the project: their logs are flushed into it before it closes.
    void this.serving.stopAll();
    void this.watch.stopAll();
    this.project?.close();
    this.project = next;
    this.sources.onProjectChanged(next);
    if (next) {
      this.recent.add(next.path);
    }
    this.push.emit('project:changed', next?.info() ?? null);
    this.push.emit('datasets:changed', next ? listDatasets(next.db) : []);
  }

  /** The TensorFlow.js backend a worker picks here, probed once in a worker and cached. */
  async probeBackend(): Promise<BackendInfo> {
    if (this.backend) return this.backend;
    this.backendProbe ??= (async () => {
      const job = this.jobs.submit({ kind: 'probe-backend', spec: {} }, 'Checking the ML runtime');
      const done = await this.jobs.wait(job.id);
      if (done.status !== 'succeeded') {
        this.backendProbe = null;
        throw new AssayError('INTERNAL', `Could not start the ML runtime: ${done.error?.message ?? done.status}`);
      }
      this.backend = this.jobs.resultOf(job.id) as BackendInfo;
      this.push.emit('app:backend', this.backend);
      return this.backend;
    })();
    return this.backendProbe;
  }

  startImport(given: ImportSpec): JobInfo {
    const store = this.requireProject();
    const spec: ImportSpec = given.recipe ? { ...given, recipe: parseRecipe(given.recipe) } : given;
    checkSchemaSpec(spec.schema);
    const file = sourceFile(this.uploads, spec.source);
    // An append reads into a hidden staging dataset whose rows move into the target at the very end.
    const appendTo = spec.append ? getDataset(store.db, spec.append.datasetId) : null;
    const wanted = appendTo ? `${appendTo.name} (appending ${file.name})` : spec.name?.trim() || file.name.replace(/\.[^.]+$/, '') || 'dataset';
    // Bad rules are refused before anything is created; columns are checked by the worker once it knows them.
    const rules = spec.rules === undefined ? undefined : parseRuleSet(spec.rules);
    // Before anything is written: a key that cannot be had (loose permissions, no keychain) refuses the import.
    const privacyKey = this.privacy.importKey(spec.privacy);
    const ds = createImportingDataset(store.db, wanted, spec.source.kind === 'path' ? file.path : `upload:${file.name}`);
    // The wizard sends an empty set when no rule was added: nothing to keep then.
    if (rules && rules.rules.length > 0 && !appendTo) insertRulesVersion(store.db, ds.id, rules);
    const runId = insertRun(store.db, 'import', spec);
    const job: WorkerJob = {
      kind: 'import',
      spec: {
        projectPath: store.path,
        datasetId: ds.id,
        filePath: file.path,
        fileName: file.name,
        import: rules ? { ...spec, rules } : spec,
        appVersion: this.opts.version ?? '0.0.0',
        ...privacyKey,
      },
    };
    const cleanupUpload = (): void => {
      if (file.uploadId) this.uploads.remove(file.uploadId);
    };
    return this.jobs.submit(
      job,
      appendTo ? `Append ${file.name} to ${appendTo.name}` : `Import ${file.name}`,
      {
        onResult: (result: ImportResult) => {
          cleanupUpload();
          this.push.emit('datasets:changed', listDatasets(store.db));
          return { datasetId: result.datasetId };
        },
        onAbandon: () => {
          cleanupUpload();
          discardDataset(store.db, ds.id);
        },
      },
      runId,
    );
  }

  startProfile(datasetId: number): JobInfo {
    const store = this.requireProject();
    const ds = getDataset(store.db, datasetId);
    const runId = insertRun(store.db, 'profile', { datasetId });
    return this.jobs.submit(
      { kind: 'profile', spec: { projectPath: store.path, datasetId } },
      `Profile ${ds.name}`,
      {
        onResult: (profile) => {
          saveProfile(store.db, profile);
          this.push.emit('datasets:changed', listDatasets(store.db));
          return { datasetId };
        },
      },
      runId,
    );
  }

  private onJobUpdate(job: JobInfo): void {
    const store = this.project;
    // Some kinds share a run row their service keeps (see jobKinds): those rows are not the job's to write.
    if (job.runId !== null && store && !store.readOnly && jobKinds[job.kind].ownsRunRow) {
      // The worker's result goes into the run row with its final status, for every kind of job.
      const result = job.status === 'succeeded' ? this.jobs.resultOf(job.id) : undefined;
      updateRun(store.db, job.runId, { status: job.status, startedAt: job.startedAt, finishedAt: job.finishedAt, error: job.error, result });
    }
    this.push.emit('job:update', job);
  }

  private appInfo(): AppInfo {
    return {
      version: this.opts.version ?? '0.0.0',
      mode: this.opts.mode,
      project: this.project?.info() ?? null,
      backend: this.backend,
      projectsDir: projectsDir(),
      cpuCount: os.cpus().length,
    };
  }

  private handlers(): Handlers {
    return {
      'app:info': async (): Promise<AppInfo> => {
        // The first window to ask starts the probe; the answer arrives as an 'app:backend' event.
        if (!this.backend) this.probeBackend().catch(() => undefined);
        return this.appInfo();
      },
      'project:new': ({ path: p }) => this.newProject(p),
      'project:open': ({ path: p, readOnly }) => this.openProject(p, readOnly === true),
      'project:saveAs': ({ path: p }) => {
        const store = this.requireProject();
        const copy = store.saveCopy(resolveProjectPath(p));
        return this.openProject(copy, false);
      },
      'project:close': () => {
        this.swapProject(null);
        return null;
      },
      'project:recent': () => this.recent.list(),
      'dialog:pick': async ({ purpose }) => {
        if (!this.opts.pickPath) {
          throw new AssayError('UNSUPPORTED', 'Native file dialogs exist only in the desktop app; type a path instead.');
        }
        return { path: await this.opts.pickPath(purpose) };
      },
      'dataset:list': () => (this.project ? listDatasets(this.project.db) : []),
      'dataset:rows': ({ datasetId, offset, limit }) => readRows(this.requireProject().db, datasetId, offset, limit),
      'dataset:profile': ({ datasetId }) => loadProfile(this.requireProject().db, datasetId),
      'dataset:delete': ({ datasetId }) => {
        const store = this.requireProject();
        getDataset(store.db, datasetId);
        discardDataset(store.db, datasetId);
        this.push.emit('datasets:changed', listDatasets(store.db));
        return null;
      },
      'import:start': (spec) => ({ jobId: this.startImport(spec).id }),
      'import:infer-schema': (sample) => inferPreviewSchema(sample),
      'import:preview': (req) => previewImport(this.uploads, req),
      'profile:start': ({ datasetId }) => ({ jobId: this.startProfile(datasetId).id }),
      'job:list': () => this.jobs.list(),
      'job:cancel': ({ jobId }) => {
        this.jobs.cancel(jobId);
        return null;
      },
      'run:list': () => listRuns(this.requireProject().db),
      ...this.sensors.handlers(),
      ...this.train.handlers(),
      ...this.serving.handlers(),
      ...this.registry.handlers(),
      ...this.exports.handlers(),
      ...this.rules.handlers(),
      ...this.recipes.handlers(),
      ...this.watch.handlers(),
      ...this.privacy.handlers(),
      'lineage:list': ({ datasetId }) => listLineage(this.requireProject().db, datasetId),
      ...this.sources.handlers(),
      ...this.images.handlers(),
    };
  }

  async close(): Promise<void> {
    await this.watch.stopAll();
    this.sources.close();
    await this.sensors.close();
    await this.serving.stopAll();
    await this.jobs.shutdown();
    this.project?.close();
    this.project = null;
    this.uploads.clear();
  }
}

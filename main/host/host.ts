import os from 'node:os';
import path from 'node:path';
import type { DialogPurpose } from '../../preload/contract/channels';
import { AssayError } from '../../preload/contract/errors';
import { jobKinds } from '../../preload/contract/jobs';
import type { AppInfo, AppMode, BackendInfo, DatasetProfile, ImportSpec, JobInfo, ProjectInfo } from '../../preload/contract/types';
import { isGpuBackend } from '../../preload/contract/backend';
import { boostsOnGpu, runsTensorflow } from '../../native-workers/protocol';
import { createDispatcher, type Dispatch, type Handlers } from './dispatch';
import { PushHub } from './events';
import { UploadStore } from './ingest/uploads';
import { DownloadStore } from './datasets/downloads';
import { RulesService } from './ingest/rules/service';
import { IngestService } from './ingest/service';
import type { PrivacyKeyStore } from './ingest/privacy/key-store';
import { PrivacyService } from './ingest/privacy/service';
import { WatchService } from './ingest/watch/service';
import { forkLauncher, type WorkerLauncher } from './jobs/launcher';
import { JobManager } from './jobs/manager';
import { clusterNodeEntry, configDir, projectsDir, resolveProjectPath, workerEntry } from './paths';
import { Executors } from './jobs/executors/registry';
import { appendTiming } from './jobs/executors/cluster';
import { listRuns, updateRun } from '../../native-workers/project/runs';
import { ProjectStore } from '../../native-workers/project/store';
import { DatasetsService, profileRunResult } from './datasets/service';
import { projectAccess, requireProject } from './project/access';
import { ExportService } from './export/service';
import { RecipeService } from './ingest/recipe/service';
import { ImagesService } from './images/service';
import { RecentProjects } from './recent';
import { RegistryService } from './registry/service';
import { RecsService } from './recs/service';
import { SensorsService } from './sensors/service';
import { ServingService, type ServingDeps } from './serving/service';
import { MonitorService } from './monitor/service';
import { RetrainService } from './monitor/retrain';
import { TrainService } from './train/service';
import { BatchScoring } from './scoring/batch-score';
import { ImageEmbedding } from './images/embed-shards';
import { SourcesService } from './sources/service';
import type { SecretStore } from './sources/secrets';
import type { SessionRules } from './session-rules';

export interface HostOptions {
  readonly mode: AppMode;
  readonly version?: string;
  readonly launcher?: WorkerLauncher;
  readonly workerEntry?: string;
  readonly concurrency?: number;
  /** How many TensorFlow.js jobs share the GPU at once when the backend is one (default ASSAY_GPU_JOBS, else 1). */
  readonly gpuJobs?: number;
  readonly cancelGraceMs?: number;
  readonly configDir?: string;
  /** How often cluster executors poll their scheduler and job files (default 250 ms). */
  readonly clusterPollMs?: number;
  /** How long a cluster's engine may be unreachable while jobs are out before they fail (default 60 s). */
  readonly clusterUnreachableMs?: number;
  /** Native dialogs exist only under Electron; elsewhere the UI asks for a path itself. */
  readonly pickPath?: (purpose: DialogPurpose) => Promise<string | null>;
  /** The desktop app keeps the pseudonymisation key in the OS keychain; elsewhere a key file. */
  readonly privacyKeyStore?: () => PrivacyKeyStore;
  /** Watched folders: how long a file must stay unchanged before it is read (ms). */
  readonly watchSettleMs?: number;
  /** The OS keychain for source passwords (Electron safeStorage); absent elsewhere. */
  readonly keychain?: SecretStore;
  /** Whether a successful import starts its profile by itself (default true; the one-shot CLI says false). */
  readonly profileImports?: boolean;
  /** Rules no request can lift (`assay serve --read-only`, `--root`). */
  readonly rules?: SessionRules;
  /**
   * A project another Assay process is writing to: the app and `assay serve` open it read-only
   * and say why ('read-only', the default); a one-shot CLI command waits a while for it, then
   * fails naming that process ('wait').
   */
  readonly whenProjectLocked?: 'read-only' | 'wait';
  /** What this process is (`assay serve`), named to another process that finds a project held. Default by mode. */
  readonly command?: string;
  /** The scheduled alert evaluation while models are served: tests shorten its tick and retries; serve-model reports its runs. */
  readonly alertSchedule?: ServingDeps['alertSchedule'];
}

/** How often a project opened read-only because another process held it checks whether that process let go. */
export const lockPollMs = 2000;

/** How long a one-shot CLI command waits for another process to close the project. */
export const cliLockWaitMs = 15_000;

/** ASSAY_JOBS caps how many CPU worker processes run at once (default: one per CPU); ASSAY_GPU_JOBS the GPU ones (default 1). */
function jobsFromEnv(name = 'ASSAY_JOBS'): number | undefined {
  const n = Number(process.env[name]);
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
  readonly uploads: UploadStore;
  readonly datasets: DatasetsService;
  /** Browser mode's exported files, sent once by the server's /download/ID. */
  readonly downloads: DownloadStore;
  readonly ingest: IngestService;
  readonly sensors: SensorsService;
  readonly train: TrainService;
  /** Batch scoring of a dataset with a registered model (`assay score`), in shards, locally or on a cluster. */
  readonly scoring: BatchScoring;
  /** Embedding extraction of an image set in shards (`assay embed-images`), locally or on a cluster. */
  readonly embedding: ImageEmbedding;
  /** The user's cluster executors (Settings → Compute). */
  readonly executors: Executors;
  readonly serving: ServingService;
  readonly registry: RegistryService;
  readonly monitor: MonitorService;
  readonly retrain: RetrainService;
  readonly exports: ExportService;
  readonly recs: RecsService;
  readonly rules: RulesService;
  readonly recipes: RecipeService;
  readonly watch: WatchService;
  readonly privacy: PrivacyService;
  readonly sources: SourcesService;
  readonly images: ImagesService;
  private project: ProjectStore | null = null;
  /** The project each unfinished job started in: its run row is written there, never into one opened since. */
  private readonly jobProjects = new Map<string, ProjectStore>();
  private backend: BackendInfo | null = null;
  /** Whether the backend probe found a hardware GPU (false until it answers). */
  private hasGpu(): boolean {
    return this.backend !== null && isGpuBackend(this.backend.name);
  }
  private backendProbe: Promise<BackendInfo> | null = null;
  private readonly recent: RecentProjects;
  private readonly opts: HostOptions;
  private lockPoll: NodeJS.Timeout | null = null;

  constructor(opts: HostOptions) {
    this.opts = opts;
    this.recent = new RecentProjects(opts.configDir ?? configDir());
    // In the config folder (private to the user) rather than /tmp, so what a crash left is found and removed at the next start.
    this.uploads = new UploadStore(path.join(opts.configDir ?? configDir(), 'uploads'));
    this.jobs = new JobManager({
      launcher: opts.launcher ?? forkLauncher,
      workerEntry: opts.workerEntry ?? workerEntry(),
      concurrency: opts.concurrency ?? jobsFromEnv() ?? os.cpus().length,
      // Until the backend probe has answered, TensorFlow.js jobs count as CPU jobs (what they are on wasm).
      // Boosting on WebGPU takes a GPU slot too: two fits on one device contend for its memory.
      gpu: { slots: opts.gpuJobs ?? jobsFromEnv('ASSAY_GPU_JOBS') ?? 1, uses: (job) => (runsTensorflow(job) && this.hasGpu()) || boostsOnGpu(job, this.hasGpu()) },
      cancelGraceMs: opts.cancelGraceMs ?? 3000,
      onUpdate: (job) => this.onJobUpdate(job),
      onProgress: (jobId, progress) => this.push.emit('job:progress', { jobId, progress }),
      onLog: (jobId, line) => this.push.emit('job:log', { jobId, line }),
    });
    // Every service reaches the open project, and refuses without one, through the same access.
    const access = projectAccess(() => this.project, opts.rules);
    this.downloads = new DownloadStore(path.join(opts.configDir ?? configDir(), 'downloads'));
    this.datasets = new DatasetsService({ ...access, jobs: this.jobs, push: this.push, profileImports: opts.profileImports ?? true, downloads: this.downloads });
    this.sensors = new SensorsService({ ...access, jobs: this.jobs, push: this.push });
    this.executors = new Executors({
      file: path.join(opts.configDir ?? configDir(), 'compute.json'),
      nodeCommand: [process.execPath, clusterNodeEntry()],
      ...(opts.clusterPollMs !== undefined ? { pollMs: opts.clusterPollMs } : {}),
      ...(opts.clusterUnreachableMs !== undefined ? { unreachableMs: opts.clusterUnreachableMs } : {}),
      // `npm run bench -- cluster` reads each cluster job's way (submitted, started, merged) from here.
      ...(process.env['ASSAY_CLUSTER_TIMINGS'] ? { onTiming: appendTiming(process.env['ASSAY_CLUSTER_TIMINGS']) } : {}),
    });
    this.train = new TrainService({ ...access, jobs: this.jobs, push: this.push, executors: this.executors });
    this.scoring = new BatchScoring({ ...access, jobs: this.jobs, executors: this.executors });
    this.embedding = new ImageEmbedding({ ...access, jobs: this.jobs, executors: this.executors });
    this.serving = new ServingService({
      ...access,
      push: this.push,
      ...(opts.alertSchedule ? { alertSchedule: opts.alertSchedule } : {}),
      onFired: (name) => this.retrain.onAlert(name),
    });
    this.registry = new RegistryService({ ...access, push: this.push });
    this.retrain = new RetrainService({ ...access, push: this.push, train: this.train });
    this.monitor = new MonitorService({ ...access, retrain: this.retrain, jobs: this.jobs });
    this.exports = new ExportService({ ...access, jobs: this.jobs });
    this.recs = new RecsService({ ...access, jobs: this.jobs });
    this.rules = new RulesService({ ...access, jobs: this.jobs, push: this.push });
    this.recipes = new RecipeService({ ...access, jobs: this.jobs, push: this.push });
    this.watch = new WatchService({
      ...access,
      jobs: this.jobs,
      push: this.push,
      startImport: (spec) => this.ingest.startImport(spec),
      ...(opts.watchSettleMs !== undefined ? { settleMs: opts.watchSettleMs } : {}),
    });
    this.privacy = new PrivacyService({
      ...access,
      jobs: this.jobs,
      push: this.push,
      configDir: opts.configDir ?? configDir(),
      appVersion: opts.version ?? '0.0.0',
      ...(opts.privacyKeyStore ? { keyStore: opts.privacyKeyStore } : {}),
    });
    this.ingest = new IngestService({
      ...access,
      jobs: this.jobs,
      push: this.push,
      uploads: this.uploads,
      privacy: this.privacy,
      appVersion: opts.version ?? '0.0.0',
      imported: (store, datasetId) => this.datasets.profileImported(store, datasetId),
    });
    this.sources = new SourcesService({
      ...access,
      jobs: this.jobs,
      push: this.push,
      keychain: opts.keychain ?? null,
      privacyKey: (privacy) => this.privacy.importKey(privacy).privacyKeyBase64 ?? null,
      imported: (store, datasetId) => this.datasets.profileImported(store, datasetId),
    });
    this.images = new ImagesService({ ...access, jobs: this.jobs, push: this.push, uploads: this.uploads, executors: this.executors });
    this.dispatch = createDispatcher(this.handlers(), () => this.project?.readOnly === true, opts.rules);
  }

  /** The session's rules (read-only, folders), fixed at start. */
  get sessionRules(): SessionRules {
    return this.opts.rules ?? {};
  }

  get currentProject(): ProjectStore | null {
    return this.project;
  }

  openProject(file: string, readOnly = false): ProjectInfo {
    const command = this.opts.command ?? (this.opts.mode === 'electron' ? 'the desktop app' : 'assay');
    const store = ProjectStore.open(
      resolveProjectPath(file),
      this.opts.whenProjectLocked === 'wait' ? { readOnly, lockWaitMs: cliLockWaitMs, command } : { readOnly, whenLocked: 'read-only', command },
    );
    this.swapProject(store);
    if (store.readOnlyReason !== null) this.watchLock(store);
    return store.info();
  }

  /**
   * A project held by another process: the page hears (project:changed, writerGone) once that
   * process lets go, and offers to reopen it for editing. Polled: the lock is a file beside the
   * project, and a killed owner never says goodbye.
   */
  private watchLock(store: ProjectStore): void {
    this.lockPoll = setInterval(() => {
      if (this.project !== store || !store.db.open) return this.stopLockPoll();
      const info = store.info();
      if (!info.writerGone) return;
      this.stopLockPoll();
      this.push.emit('project:changed', info);
    }, lockPollMs);
    this.lockPoll.unref();
  }

  private stopLockPoll(): void {
    if (this.lockPoll) clearInterval(this.lockPoll);
    this.lockPoll = null;
  }

  newProject(file: string): ProjectInfo {
    const store = ProjectStore.create(resolveProjectPath(file));
    this.swapProject(store);
    return store.info();
  }

  private swapProject(next: ProjectStore | null): void {
    // The backend probe belongs to no project, and a profile started after an import is cancelled: neither holds a switch up.
    if (this.project && this.jobs.hasActive((job) => job.kind !== 'probe-backend' && !this.datasets.isAutomatic(job.id))) {
      next?.close();
      throw new AssayError('BUSY', 'Jobs are still running in this project; cancel them or wait before switching projects.');
    }
    if (this.project) this.datasets.cancelAutomatic(this.project);
    this.stopLockPoll();
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
    this.push.emit('datasets:changed', this.datasets.list());
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

  /** A file import (as `import:start`); the CLI and tests start theirs here. */
  startImport(spec: ImportSpec): JobInfo {
    return this.ingest.startImport(spec);
  }

  private onJobUpdate(job: JobInfo): void {
    // A job's first update comes from submit itself, while the project it was started in is open.
    if (job.status === 'queued' && this.project) this.jobProjects.set(job.id, this.project);
    const store = this.jobProjects.get(job.id);
    if (job.status === 'succeeded' || job.status === 'failed' || job.status === 'cancelled') this.jobProjects.delete(job.id);
    // Some kinds share a run row their service keeps (see jobKinds): those rows are not the job's to write.
    if (job.runId !== null && store?.db.open && !store.readOnly && jobKinds[job.kind].ownsRunRow) {
      // The worker's result goes into the run row with its final status, for every kind of job (a profile's outline only).
      const raw = job.status === 'succeeded' ? this.jobs.resultOf(job.id) : undefined;
      const result = job.kind === 'profile' && raw !== undefined ? profileRunResult(raw as DatasetProfile) : raw;
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
        const copy = requireProject(this.project).saveCopy(resolveProjectPath(p));
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
      ...this.datasets.handlers(),
      ...this.ingest.handlers(),
      'job:list': () => this.jobs.list(),
      'job:cancel': ({ jobId }) => {
        this.jobs.cancel(jobId);
        return null;
      },
      'run:list': () => listRuns(requireProject(this.project).db),
      'compute:get': () => this.executors.view(),
      'compute:set': (settings) => this.executors.save(settings),
      ...this.sensors.handlers(),
      ...this.train.handlers(),
      ...this.serving.handlers(),
      ...this.registry.handlers(),
      ...this.monitor.handlers(),

      ...this.recs.handlers(),
      ...this.exports.handlers(),
      ...this.rules.handlers(),
      ...this.recipes.handlers(),
      ...this.watch.handlers(),
      ...this.privacy.handlers(),
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
    this.stopLockPoll();
    this.project?.close();
    this.project = null;
    this.uploads.clear();
    this.downloads.clear();
  }
}

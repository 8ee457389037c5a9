import fs from 'node:fs';
import path from 'node:path';
import type { InvokeChannel } from '../../../preload/contract/channels';
import { AssayError } from '../../../preload/contract/errors';
import {
  imageTrainSpecProblems,
  resolveImageTrainSpec,
  type ImageExportResult,
  type ImageImportSpec,
  type ImagePrediction,
  type ImageRunSummary,
  type ImageTrainEstimate,
  type ImageTrainSpec,
} from '../../../preload/contract/images';
import type { ReplayReport } from '../../../preload/contract/train';
import type { JobInfo } from '../../../preload/contract/types';
import type { WorkerJob } from '../../../native-workers/protocol';
import type { Handlers } from '../dispatch';
import type { PushHub } from '../events';
import type { UploadStore } from '../ingest/uploads';
import type { ClusterRun } from '../jobs/executors/cluster';
import type { Executors } from '../jobs/executors/registry';
import type { JobManager } from '../jobs/manager';
import { insertRun } from '../../../native-workers/project/runs';
import { replayOnCopy } from '../project/copy';
import type { Db } from '../../../native-workers/project/open';
import type { ProjectStore } from '../../../native-workers/project/store';
import { compareImageRuns } from '../train/compare';
import {
  createImageRun,
  createImageSet,
  discardImageSet,
  finishImageRun,
  getImageRun,
  getImageSet,
  imageSetPaths,
  listImageRuns,
  listImageSets,
  listImages,
  thumbnails,
} from '../../../native-workers/project/images';
import type { ProjectAccess } from '../project/access';

export type ImagesChannel = Extract<InvokeChannel, `images:${string}`>;

export interface ImagesDeps extends ProjectAccess {
  readonly jobs: JobManager;
  readonly push: PushHub;
  readonly uploads: UploadStore;
  /** Where a training job may run instead of here (Settings → Compute). */
  readonly executors: Executors;
}

/** Folder names become class labels and paths: keep them plain. */
function safeSegment(s: string): string {
  return s.replace(/[^\w.\- ]+/g, '_').replace(/^\.+/, '_').slice(0, 120) || '_';
}

/**
 * Checks a training spec's numbers before a worker starts. The door's schema checks the same table
 * (imageTrainNumbers) for the app; the CLI calls the service directly, so it is checked here too.
 */
export function checkTrainSpec(spec: ImageTrainSpec): void {
  if (!Number.isInteger(spec.imageSetId) || spec.imageSetId < 1) throw new AssayError('BAD_INPUT', `imageSetId must be an image set's id (got ${String(spec.imageSetId)}); list them with images:sets.`);
  const problems = imageTrainSpecProblems(spec);
  if (problems.length > 0) throw new AssayError('BAD_INPUT', `${problems[0]}. Fix the setting and train again.`, problems.length > 1 ? problems.join('\n') : undefined);
}

/** How a training job's end is recorded on its image run (a cancel asked for counts even if the job then failed). */
function runOutcome(ended: JobInfo, cancelled: boolean): { status: 'succeeded' | 'cancelled' | 'failed'; error: string | null } {
  if (ended.status === 'succeeded') return { status: 'succeeded', error: null };
  if (ended.status === 'cancelled' || cancelled) return { status: 'cancelled', error: 'Cancelled.' };
  return { status: 'failed', error: ended.error?.message ?? 'failed' };
}

/**
 * Image classification behind the contract: import a folder/CSV/dropped files
 * as an image set (a job), estimate and run training (a job per run: features,
 * phase 1, phase 2), predict and export (jobs). Runs are `runs` rows of kind
 * `images-train` with their summary in `image_runs`, whose status this
 * service keeps.
 */
/** The session's folders for a job spec, when it has any. */
function roots(r: readonly string[] | null): { roots?: readonly string[] } {
  return r ? { roots: r } : {};
}

export class ImagesService {
  private readonly deps: ImagesDeps;
  private readonly active = new Map<number, { jobId: string; done: Promise<ImageRunSummary>; cancelled: boolean }>();
  /** Replays running, by the stored run's id. */
  private readonly replays = new Map<number, { jobId: string; cancelled: boolean }>();

  constructor(deps: ImagesDeps) {
    this.deps = deps;
  }

  /** Uploaded files are moved into NAME.assay-images/<set>/<label>/ beside the project. */
  private materialiseUploads(store: ProjectStore, files: readonly { uploadId: string; label: string }[], name: string): string {
    if (files.length === 0) throw new AssayError('BAD_INPUT', 'No files were dropped.');
    const root = path.join(`${store.path}-images`, `${safeSegment(name)}-${Date.now()}`);
    for (const f of files) {
      const up = this.deps.uploads.get(f.uploadId);
      const dir = path.join(root, safeSegment(f.label));
      fs.mkdirSync(dir, { recursive: true });
      let target = path.join(dir, safeSegment(up.fileName));
      for (let i = 1; fs.existsSync(target); i++) target = path.join(dir, `${i}-${safeSegment(up.fileName)}`);
      fs.copyFileSync(up.path, target);
      this.deps.uploads.remove(f.uploadId);
    }
    return root;
  }

  startImport(spec: ImageImportSpec): { jobId: string; setId: number; done: Promise<JobInfo> } {
    const store = this.deps.store();
    const src = spec.source;
    const name = spec.name?.trim() || (src.kind === 'uploads' ? 'dropped images' : path.basename(src.path).replace(/\.csv$/i, '')) || 'images';
    const source = src.kind === 'uploads' ? { kind: 'folder' as const, path: this.materialiseUploads(store, src.files, name) } : { ...src, path: path.resolve(src.path) };
    const resolved: ImageImportSpec = { ...spec, source };
    const setId = createImageSet(store.db, name, `${source.kind}:${source.path}`, { ...resolved, seed: spec.seed ?? 42 });
    const runId = insertRun(store.db, 'images-import', resolved);
    const info = this.deps.jobs.submit(
      { kind: 'images-import', spec: { projectPath: store.path, setId, import: resolved, ...roots(this.deps.roots()) } },
      `Import images ${name}`,
      {
        onResult: () => {
          this.deps.push.emit('images:sets', listImageSets(store.db));
        },
        onAbandon: () => discardImageSet(store.db, setId),
      },
      runId,
    );
    return { jobId: info.id, setId, done: this.deps.jobs.wait(info.id) };
  }

  async estimate(spec: ImageTrainSpec): Promise<ImageTrainEstimate> {
    checkTrainSpec(spec);
    const store = this.deps.store();
    getImageSet(store.db, spec.imageSetId);
    this.checkSetPaths(store.db, spec.imageSetId);
    const info = this.deps.jobs.submit({ kind: 'images-estimate', spec: { projectPath: store.path, setId: spec.imageSetId, spec: resolveImageTrainSpec(spec) } }, 'Estimating training cost');
    const done = await this.deps.jobs.wait(info.id);
    if (done.status !== 'succeeded') throw new AssayError(done.error?.code ?? 'INTERNAL', done.error?.message ?? `Estimate ${done.status}.`);
    return this.deps.jobs.resultOf(info.id) as ImageTrainEstimate;
  }

  startTrain(spec: ImageTrainSpec): { runId: number; done: Promise<ImageRunSummary> } {
    checkTrainSpec(spec);
    const store = this.deps.store();
    const set = getImageSet(store.db, spec.imageSetId);
    this.checkSetPaths(store.db, spec.imageSetId);
    const resolved = resolveImageTrainSpec(spec);
    // An unknown executor is refused before a run exists.
    const executor = this.deps.executors.resolve(spec.executor);
    const runId = createImageRun(store.db, resolved, set.name);
    const job: WorkerJob = { kind: 'images-train', spec: { projectPath: store.path, runId } };
    // On a cluster the run is one job there, reading a snapshot of the project; the images and the backbone
    // are read from their paths, which the nodes must see too. Its run and models are merged back in one
    // transaction before the job counts as done.
    let cluster: ClusterRun | null = null;
    try {
      cluster = executor?.openRun(store, runId) ?? null;
    } catch (err) {
      finishImageRun(store.db, runId, 'failed', (err as Error).message);
      throw err;
    }
    const info = this.deps.jobs.submit(job, `Train on images ${set.name}`, {}, runId, cluster ? { launcher: cluster.launcher } : null);
    const entry: { jobId: string; cancelled: boolean; done: Promise<ImageRunSummary> } = { jobId: info.id, cancelled: false, done: Promise.resolve(resolvedSummary(runId, resolved, set.name)) };
    // The worker writes each phase's curve to the run as epochs finish; on its (throttled) progress the
    // run is pushed again, so the run page draws the curves live.
    const offProgress = this.deps.push.subscribe((channel, payload) => {
      if (channel !== 'job:progress' || (payload as { jobId?: string }).jobId !== info.id || !store.db.open) return;
      this.deps.push.emit('images:run', getImageRun(store.db, runId));
    });
    entry.done = this.deps.jobs.wait(info.id).then((ended) => {
      offProgress();
      cluster?.close();
      this.active.delete(runId);
      // The project was closed under a cancelled run: nothing left to record.
      if (!store.db.open) return { ...resolvedSummary(runId, resolved, set.name), status: 'cancelled' };
      const { status, error } = runOutcome(ended, entry.cancelled);
      const s = finishImageRun(store.db, runId, status, error);
      this.deps.push.emit('images:run', s);
      return s;
    });
    this.active.set(runId, entry);
    this.deps.push.emit('images:run', getImageRun(store.db, runId));
    return { runId, done: entry.done };
  }

  cancel(runId: number): void {
    const a = this.active.get(runId);
    if (!a) return;
    a.cancelled = true;
    this.deps.jobs.cancel(a.jobId);
  }

  /**
   * Re-runs a finished image run from its stored spec and seed on a temporary copy of the
   * project (the file is never written: a read-only project can be replayed) and compares
   * every number. The images are read from where the set recorded them, as the run did.
   */
  /** Training reads a set's images again from where they were: under `assay serve --root`, only from its folders. */
  private checkSetPaths(db: Db, setId: number): void {
    if (this.deps.roots() === null) return;
    this.deps.storedPaths(imageSetPaths(db, setId).map((value) => ({ field: `image set ${setId}: an image`, value, kind: 'file' as const })));
  }

  async replay(runId: number): Promise<ReplayReport> {
    const store = this.deps.store();
    const known = listImageRuns(store.db).map((r) => r.runId);
    if (!known.includes(runId)) throw new AssayError('NOT_FOUND', `No image training run ${runId} in this project; its image runs: ${known.join(', ') || 'none'}.`);
    const stored = getImageRun(store.db, runId);
    if (stored.status !== 'succeeded') throw new AssayError('BAD_INPUT', `Run ${runId} ${stored.status}; only a finished run can be replayed.`);
    if (this.replays.has(runId)) throw new AssayError('BAD_INPUT', `Run ${runId} is already being replayed.`);
    this.checkSetPaths(store.db, stored.spec.imageSetId);
    const entry = { jobId: '', cancelled: false };
    this.replays.set(runId, entry);
    try {
      return await replayOnCopy(
        store,
        runId,
        async (copy) => {
          const replayRunId = createImageRun(copy.db, stored.spec, stored.imageSetName);
          const info = this.deps.jobs.submit({ kind: 'images-train', spec: { projectPath: copy.path, runId: replayRunId } }, `Replay image run ${runId}`);
          entry.jobId = info.id;
          if (entry.cancelled) this.deps.jobs.cancel(info.id);
          const { status, error } = runOutcome(await this.deps.jobs.wait(info.id), entry.cancelled);
          return { replayRunId, replayed: finishImageRun(copy.db, replayRunId, status, error) };
        },
        (replayed) => compareImageRuns(stored, replayed),
      );
    } finally {
      this.replays.delete(runId);
    }
  }

  cancelReplay(runId: number): void {
    const r = this.replays.get(runId);
    if (!r) return;
    r.cancelled = true;
    if (r.jobId) this.deps.jobs.cancel(r.jobId);
  }

  wait(runId: number): Promise<ImageRunSummary> {
    return this.active.get(runId)?.done ?? Promise.resolve(getImageRun(this.deps.store().db, runId));
  }

  async predict(runId: number, paths: readonly string[], phase?: 1 | 2): Promise<ImagePrediction[]> {
    const store = this.deps.store();
    if (paths.length === 0) throw new AssayError('BAD_INPUT', 'Give at least one image to predict.');
    const s = getImageRun(store.db, runId);
    if (s.status !== 'succeeded') throw new AssayError('BAD_INPUT', `Run ${runId} is ${s.status}; only a succeeded run has a model to predict with.`);
    const info = this.deps.jobs.submit({ kind: 'images-predict', spec: { projectPath: store.path, runId, paths: paths.map((p) => path.resolve(p)), ...(phase ? { phase } : {}) } }, `Predict ${paths.length} image(s)`);
    const done = await this.deps.jobs.wait(info.id);
    if (done.status !== 'succeeded') throw new AssayError(done.error?.code ?? 'INTERNAL', done.error?.message ?? `Prediction ${done.status}.`);
    return [...(this.deps.jobs.resultOf(info.id) as ImagePrediction[])];
  }

  startExport(runId: number, folder: string, phase?: 1 | 2): { jobId: string; done: Promise<ImageExportResult> } {
    const store = this.deps.store();
    const s = getImageRun(store.db, runId);
    if (s.status !== 'succeeded') throw new AssayError('BAD_INPUT', `Run ${runId} is ${s.status}; only a succeeded run can be exported.`);
    const info = this.deps.jobs.submit({ kind: 'images-export', spec: { projectPath: store.path, runId, folder: path.resolve(folder), ...(phase ? { phase } : {}) } }, `Export image model of run ${runId}`);
    const done = this.deps.jobs.wait(info.id).then((ended) => {
      if (ended.status !== 'succeeded') throw new AssayError(ended.error?.code ?? 'INTERNAL', ended.error?.message ?? `Export ${ended.status}.`);
      return this.deps.jobs.resultOf(info.id) as ImageExportResult;
    });
    done.catch(() => undefined);
    return { jobId: info.id, done };
  }

  handlers(): Pick<Handlers, ImagesChannel> {
    return {
      'images:import': (spec) => {
        const { jobId, setId } = this.startImport(spec);
        return { jobId, setId };
      },
      'images:sets': () => (this.deps.project() ? listImageSets(this.deps.store().db) : []),
      'images:list': ({ setId, offset, limit, filter }) => listImages(this.deps.store().db, setId, offset, limit, filter ?? 'all'),
      'images:thumbnails': ({ imageIds }) => thumbnails(this.deps.store().db, imageIds),
      'images:delete': ({ setId }) => {
        const db = this.deps.store().db;
        getImageSet(db, setId);
        discardImageSet(db, setId);
        this.deps.push.emit('images:sets', listImageSets(db));
        return null;
      },
      'images:estimate': (spec) => this.estimate(spec),
      'images:train': (spec) => ({ runId: this.startTrain(spec).runId }),
      'images:cancel': ({ runId }) => {
        this.cancel(runId);
        return null;
      },
      'images:runs': () => (this.deps.project() ? listImageRuns(this.deps.store().db) : []),
      'images:run': ({ runId }) => getImageRun(this.deps.store().db, runId),
      'images:replay': ({ runId }) => this.replay(runId),
      'images:cancelReplay': ({ runId }) => {
        this.cancelReplay(runId);
        return null;
      },
      'images:predict': async ({ runId, phase, paths, uploadIds }) => {
        const ups = (uploadIds ?? []).map((id) => this.deps.uploads.get(id));
        try {
          const res = await this.predict(runId, [...(paths ?? []), ...ups.map((u) => u.path)], phase);
          // Uploads are temp copies: report the name the user dropped.
          const names = new Map(ups.map((u) => [path.resolve(u.path), u.fileName]));
          return res.map((r) => ({ ...r, path: names.get(r.path) ?? r.path }));
        } finally {
          for (const u of ups) this.deps.uploads.remove(u.id);
        }
      },
      'images:export': ({ runId, folder, phase }) => ({ jobId: this.startExport(runId, folder, phase).jobId }),
    };
  }
}

function resolvedSummary(runId: number, spec: ReturnType<typeof resolveImageTrainSpec>, setName: string): ImageRunSummary {
  return { runId, imageSetId: spec.imageSetId, imageSetName: setName, status: 'running', spec, backbone: null, classes: [], phases: [], notes: [], createdAt: new Date().toISOString(), seconds: null, error: null };
}

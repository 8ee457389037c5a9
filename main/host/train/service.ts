import type { InvokeChannel } from '../../../preload/contract/channels';
import { AssayError } from '../../../preload/contract/errors';
import { resolveTrainSpec, type ReplayReport, type TrainRunSummary, type TrainSpec } from '../../../preload/contract/train';
import type { JobInfo } from '../../../preload/contract/types';
import type { TrainFoldJobSpec, TrainJobSpec, WorkerJob } from '../../../native-workers/protocol';
import { bestCandidate, foldCandidates, foldSeed, writeRunColumns } from '../../../native-workers/host-api';
import type { ClusterExecutor, ClusterRun } from '../jobs/executors/cluster';
import type { Executors } from '../jobs/executors/registry';
import type { RemotePlacement } from '../jobs/manager';
import type { Handlers } from '../dispatch';
import type { PushHub } from '../events';
import type { JobManager } from '../jobs/manager';
import { getDataset } from '../../../native-workers/project/datasets';
import { replayOnCopy } from '../project/copy';
import type { ProjectStore } from '../../../native-workers/project/store';
import { compareRuns } from './compare';
import { createTrainRun, finishTrainRun, getTrainDetail, getTrainSummary, listTrainRuns, readFold, writeFoldResult } from '../../../native-workers/project/train';
import type { ProjectAccess } from '../project/access';

/** Marks a fold failed (or cancelled, with no error) in the project, as a local fold job does itself. */
function failFold(store: ProjectStore, runId: number, fold: number, error: string | null): void {
  const summary = readFold(store.db, runId, fold).summary;
  writeFoldResult(store.db, runId, { ...summary, status: error === null ? 'cancelled' : 'failed', error }, null, null);
}

export type TrainChannel = Extract<InvokeChannel, `train:${string}`>;

export interface TrainDeps extends ProjectAccess {
  readonly jobs: JobManager;
  readonly push: PushHub;
  readonly executors: Executors;
}

interface RunState {
  readonly jobIds: Set<string>;
  cancelled: boolean;
  /** Where the run's summary goes as it changes: train:update, or a replay's progress. */
  readonly emit: (summary: TrainRunSummary) => void;
}

/**
 * Runs a training run as jobs: one plan job (task, features, splits, lint),
 * then one job per fold and a refit on all training rows, in parallel up to
 * the CPU count, then a final job (metrics across folds, threshold, the test
 * split scored, plot data).
 */
export class TrainService {
  private readonly deps: TrainDeps;
  private readonly active = new Map<number, { readonly state: RunState; readonly done: Promise<TrainRunSummary> }>();
  /** Replays running, by the stored run's id. */
  private readonly replays = new Map<number, RunState>();

  constructor(deps: TrainDeps) {
    this.deps = deps;
  }

  start(spec: TrainSpec): { runId: number; done: Promise<TrainRunSummary> } {
    const store = this.deps.store();
    if (typeof spec.target !== 'string' || spec.target === '') throw new AssayError('BAD_INPUT', 'Pick a target column to predict.');
    const ds = getDataset(store.db, spec.datasetId);
    // An unknown executor is refused before the run exists.
    const executor = this.deps.executors.resolve(spec.executor);
    const resolved = resolveTrainSpec(spec);
    const runId = createTrainRun(store.db, resolved, ds.name);
    const state: RunState = { jobIds: new Set(), cancelled: false, emit: (s) => this.deps.push.emit('train:update', s) };
    const done = this.execute(store, runId, state, executor).finally(() => this.active.delete(runId));
    this.active.set(runId, { state, done });
    state.emit(getTrainSummary(store.db, runId));
    return { runId, done };
  }

  cancel(runId: number): void {
    const state = this.active.get(runId)?.state;
    if (state) this.stop(state);
  }

  /**
   * Re-runs a finished run from its stored spec on a temporary copy of the project, so the
   * file itself never changes (a reviewer's copy stays as it was, read-only or not), and
   * compares every number with the stored ones.
   */
  async replay(runId: number): Promise<ReplayReport> {
    const store = this.deps.store();
    const known = listTrainRuns(store.db).map((r) => r.runId);
    if (!known.includes(runId)) throw new AssayError('NOT_FOUND', `No training run ${runId} in this project; its training runs: ${known.join(', ') || 'none'}.`);
    const stored = getTrainSummary(store.db, runId);
    if (stored.status !== 'succeeded') throw new AssayError('BAD_INPUT', `Run ${runId} ${stored.status}; only a finished run can be replayed.`);
    if (this.replays.has(runId)) throw new AssayError('BAD_INPUT', `Run ${runId} is already being replayed.`);
    const state: RunState = {
      jobIds: new Set(),
      cancelled: false,
      emit: (s) => {
        const folds = s.folds.filter((f) => f.fold >= 0);
        this.deps.push.emit('train:replayProgress', { runId, foldsDone: folds.filter((f) => f.status === 'succeeded' || f.status === 'failed').length, foldsTotal: folds.length });
      },
    };
    this.replays.set(runId, state);
    try {
      return await replayOnCopy(
        store,
        runId,
        async (copy) => {
          const replayRunId = createTrainRun(copy.db, resolveTrainSpec(stored.spec), getDataset(copy.db, stored.spec.datasetId).name);
          return { replayRunId, replayed: await this.execute(copy, replayRunId, state, null) };
        },
        (replayed) => compareRuns(stored, replayed),
      );
    } finally {
      this.replays.delete(runId);
    }
  }

  cancelReplay(runId: number): void {
    const state = this.replays.get(runId);
    if (state) this.stop(state);
  }

  private stop(state: RunState): void {
    state.cancelled = true;
    for (const id of state.jobIds) this.deps.jobs.cancel(id);
  }

  /** Resolves when the run has ended (any status). */
  wait(runId: number): Promise<TrainRunSummary> {
    const active = this.active.get(runId);
    if (active) return active.done;
    return Promise.resolve(getTrainSummary(this.deps.store().db, runId));
  }

  handlers(): Pick<Handlers, TrainChannel> {
    return {
      'train:start': (spec) => ({ runId: this.start(spec).runId }),
      'train:cancel': ({ runId }) => {
        this.cancel(runId);
        return null;
      },
      'train:list': () => listTrainRuns(this.deps.store().db),
      'train:get': ({ runId }) => getTrainDetail(this.deps.store().db, runId),
      'train:replay': ({ runId }) => this.replay(runId),
      'train:cancelReplay': ({ runId }) => {
        this.cancelReplay(runId);
        return null;
      },
    };
  }

  private async execute(store: ProjectStore, runId: number, run: RunState, executor: ClusterExecutor | null): Promise<TrainRunSummary> {
    // An MLP trains on the TensorFlow.js backend: a GPU job when that is a GPU (the job manager's GPU slots);
    // so is boosting that asked for a WebGPU device.
    const spec = getTrainSummary(store.db, runId).spec;
    const device = spec.params?.['device'];
    const base: TrainJobSpec = {
      projectPath: store.path, runId,
      ...(spec.model === 'mlp' ? { tensorflow: true } : {}),
      ...(spec.model === 'gbdt' && (device === 'gpu' || device === 'auto') ? { gpuDevice: device } : {}),
    };
    const ended = (status: 'failed' | 'cancelled', error: string | null): TrainRunSummary => {
      const s = finishTrainRun(store.db, runId, run.cancelled ? 'cancelled' : status, run.cancelled ? 'Cancelled.' : error);
      run.emit(s);
      return s;
    };
    const t0 = Date.now();
    let cluster: ClusterRun | null = null;
    try {
      const plan = await this.job(store, run, { kind: 'train-plan', spec: base }, 'Preparing training');
      const t1 = Date.now();
      if (plan.status !== 'succeeded') return ended(plan.status === 'cancelled' ? 'cancelled' : 'failed', plan.error?.message ?? null);
      const summary = getTrainSummary(store.db, runId);
      const folds = summary.folds.filter((f) => f.fold >= 0);
      // On a cluster the folds (and a search's trials) go there, with one snapshot of the project and the run's
      // columns as Arrow (read by every job instead of the dataset's rows); the refit stays here.
      cluster = executor?.openRun(store, runId) ?? null;
      await cluster?.writeColumns((file) => writeRunColumns(store.db, runId, file));
      const remote = cluster ? { launcher: cluster.launcher } : null;
      const foldJob = async (fold: number): Promise<Pick<JobInfo, 'status' | 'error'>> => {
        const spec: TrainFoldJobSpec = { ...base, fold, ...(remote ? await this.trials(store, run, base, summary, fold, remote) : {}) };
        if (run.cancelled) return { status: 'cancelled', error: null };
        const done = await this.job(store, run, { kind: 'train-fold', spec }, `Training fold ${fold + 1} of ${folds.length}`, remote);
        // A fold that failed on a cluster wrote its failure only into the node's copy: say it in the project's row too.
        if (remote && done.status !== 'succeeded') failFold(store, runId, fold, done.status === 'cancelled' ? null : done.error?.message ?? 'failed');
        return done;
      };
      // The refit needs nothing from the folds, so it runs beside them: one more job for the CPUs to share.
      const [refit, ...results] = await Promise.all([
        this.job(store, run, { kind: 'train-refit', spec: base }, 'Final model on all training rows'),
        ...folds.map((f) =>
          foldJob(f.fold).catch((err: Error) => {
            failFold(store, runId, f.fold, err.message);
            return { status: 'failed' as const, error: { code: 'CLUSTER' as const, message: err.message } };
          }),
        ),
      ]);
      if (run.cancelled) return ended('cancelled', null);
      if (results.every((r) => r.status !== 'succeeded')) {
        const reason = results.find((r) => r.error)?.error?.message ?? 'every fold failed';
        return ended('failed', `No fold could be trained: ${reason}`);
      }
      if (refit!.status !== 'succeeded') return ended('failed', `The final model could not be fitted: ${refit!.error?.message ?? refit!.status}`);
      const t2 = Date.now();
      const final = await this.job(store, run, { kind: 'train-final', spec: base }, 'Metrics and plots');
      if (final.status !== 'succeeded') return ended(final.status === 'cancelled' ? 'cancelled' : 'failed', final.error?.message ?? null);
      const timings = { plan: (t1 - t0) / 1000, folds: (t2 - t1) / 1000, final: (Date.now() - t2) / 1000 };
      const s = finishTrainRun(store.db, runId, 'succeeded', null, timings);
      run.emit(s);
      return s;
    } catch (err) {
      // The project may have been closed under a cancelled run; nothing left to record then.
      if (!store.db.open) throw err;
      return ended('failed', err instanceof Error ? err.message : String(err));
    } finally {
      cluster?.close();
    }
  }

  /**
   * A search on a cluster: each candidate of the fold is a trial job of its own, and the fold then fits with
   * the best one, picked as the fold's own loop picks it (same candidates, same scores, first on a tie).
   */
  private async trials(
    store: ProjectStore,
    run: RunState,
    base: { projectPath: string; runId: number },
    summary: TrainRunSummary,
    fold: number,
    remote: RemotePlacement,
  ): Promise<Pick<TrainFoldJobSpec, 'params'>> {
    const spec = summary.spec;
    if (!spec.search) return {};
    const list = foldCandidates(spec, foldSeed(spec.seed, fold));
    const done = await Promise.all(
      list.map(async (params, candidate) => {
        const info = await this.job(store, run, { kind: 'train-trial', spec: { ...base, fold, candidate } }, `Trial ${candidate + 1}/${list.length}, fold ${fold + 1}`, remote);
        const result = info.status === 'succeeded' ? (this.deps.jobs.resultOf(info.id) as { value: number | null }) : null;
        return { params, value: result?.value ?? null, error: info.error };
      }),
    );
    if (run.cancelled) return {};
    if (done.every((d) => d.value === null) && done.some((d) => d.error)) throw new Error(`No trial of fold ${fold + 1} could be scored: ${done.find((d) => d.error)!.error!.message}`);
    return { params: bestCandidate(summary.task!, done) };
  }

  private async job(store: ProjectStore, run: RunState, job: WorkerJob, title: string, remote: RemotePlacement | null = null): Promise<Pick<JobInfo, 'id' | 'status' | 'error'>> {
    if (run.cancelled) return { id: '', status: 'cancelled', error: null };
    const info = this.deps.jobs.submit(job, title, {}, 'runId' in job.spec ? job.spec.runId : null, remote);
    run.jobIds.add(info.id);
    const done = await this.deps.jobs.wait(info.id);
    run.jobIds.delete(info.id);
    if (store.db.open && 'runId' in job.spec) run.emit(getTrainSummary(store.db, job.spec.runId));
    return done;
  }
}

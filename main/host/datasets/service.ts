import path from 'node:path';
import type { InvokeChannel } from '../../../preload/contract/channels';
import { AssayError } from '../../../preload/contract/errors';
import type { DatasetProfile, DatasetSummary, JobInfo } from '../../../preload/contract/types';
import { discardDataset, getDataset, listDatasets, loadProfile, readRows, saveProfile } from '../../../native-workers/project/datasets';
import { listLineage } from '../../../native-workers/project/lineage';
import { insertRun, updateRun } from '../../../native-workers/project/runs';
import type { Db } from '../../../native-workers/project/open';
import { exportFormatOf } from '../../../native-workers/project/dataset-export';
import type { ProjectStore } from '../../../native-workers/project/store';
import type { Handlers } from '../dispatch';
import type { PushHub } from '../events';
import type { JobManager } from '../jobs/manager';
import type { ProjectAccess } from '../project/access';
import type { DownloadStore } from './downloads';
import type { DatasetExportFormat, DatasetExportStarted } from '../../../preload/contract/dataset-export';

export type DatasetsChannel = Extract<InvokeChannel, `dataset:${string}` | 'profile:start' | 'lineage:list'>;

export interface DatasetsDeps extends ProjectAccess {
  readonly jobs: JobManager;
  readonly push: PushHub;
  /** Whether a successful import is profiled by itself (the one-shot CLI leaves that to the app). */
  readonly profileImports: boolean;
  /** Where a browser-mode export is written before it is downloaded. */
  readonly downloads: DownloadStore;
}

/**
 * The open project's datasets: list, rows, deletion, lineage and profiles. A profile is a
 * job; after every import the host starts one itself, so every client (the app window,
 * browser mode) finds the new dataset profiled without asking for it.
 */
export class DatasetsService {
  /** Profile jobs started after an import, not ended yet, with their project and dataset. */
  private readonly automatic = new Map<string, { readonly store: ProjectStore; readonly datasetId: number }>();

  constructor(private readonly deps: DatasetsDeps) {}

  list(): DatasetSummary[] {
    const store = this.deps.project();
    return store ? listDatasets(store.db) : [];
  }

  startProfile(datasetId: number): JobInfo {
    const store = this.deps.store();
    const ds = getDataset(store.db, datasetId);
    const changedAt = lastChange(store.db, datasetId);
    const runId = insertRun(store.db, 'profile', { datasetId });
    return this.deps.jobs.submit(
      { kind: 'profile', spec: { projectPath: store.path, datasetId } },
      `Profile ${ds.name}`,
      {
        onResult: (profile) => {
          // A change committed while the rows were read (privacy, a recipe, an append…) dropped the stored
          // profile: saving this one would bring back values that are gone. Checked and saved under one write lock.
          store.db
            .transaction(() => {
              if (lastChange(store.db, datasetId) !== changedAt) {
                throw new AssayError('FILE_CHANGED', `${ds.name} changed while it was being profiled; profile it again.`);
              }
              saveProfile(store.db, profile);
            })
            .immediate();
          this.changed(store);
          return { datasetId };
        },
      },
      runId,
    );
  }

  /** After an import into `store` succeeded: profile the dataset, unless the project has changed since. */
  profileImported(store: ProjectStore, datasetId: number): void {
    if (!this.deps.profileImports || this.deps.project() !== store) return;
    for (const [id, a] of this.automatic) {
      if (a.store !== store || a.datasetId !== datasetId) continue;
      // One still queued reads the rows when it starts, these included (a watched folder's burst of files);
      // one already reading them would describe rows from before.
      if (this.deps.jobs.get(id).status === 'queued') return;
      this.deps.jobs.cancel(id);
    }
    let job: JobInfo;
    try {
      job = this.startProfile(datasetId);
    } catch {
      // The dataset is gone already, or the run could not be recorded (a full disk): the import
      // itself succeeded, and the Profile tab still offers to profile it.
      return;
    }
    this.automatic.set(job.id, { store, datasetId });
    void this.deps.jobs.wait(job.id).then(() => this.automatic.delete(job.id));
  }

  /** Automatic profiles never hold a project switch up: they are cancelled instead (see cancelAutomatic). */
  isAutomatic(jobId: string): boolean {
    return this.automatic.has(jobId);
  }

  /**
   * Before `store` closes: its automatic profiles are cancelled (the Profile tab starts one again).
   * One already running ends after the file is closed, so its run is recorded as cancelled now.
   */
  cancelAutomatic(store: ProjectStore): void {
    for (const [id, a] of this.automatic) {
      if (a.store !== store) continue;
      this.deps.jobs.cancel(id);
      const job = this.deps.jobs.get(id);
      const ended = job.status === 'succeeded' || job.status === 'failed' || job.status === 'cancelled';
      if (job.runId !== null && !ended) updateRun(store.db, job.runId, { status: 'cancelled', finishedAt: new Date().toISOString() });
    }
  }

  /**
   * Writes a dataset to `to` (its extension must name `format`), or, without `to`, to a download
   * (browser mode). A job: progress and cancel; nothing is written to the project, so a read-only
   * project exports too. A failed or cancelled export leaves no file (the writer renames at the end).
   */
  startExport(datasetId: number, format: DatasetExportFormat, to: string | undefined): DatasetExportStarted {
    const store = this.deps.store();
    const ds = getDataset(store.db, datasetId);
    if (to !== undefined && exportFormatOf(to) !== format) {
      throw new AssayError('BAD_INPUT', `${path.basename(to)} does not end in .${format}: name the file .${format}, or pick the format its name has.`);
    }
    const download = to === undefined ? this.deps.downloads.reserve(`${ds.name}.${format}`) : null;
    const file = to === undefined ? download!.file : path.resolve(to);
    const job = this.deps.jobs.submit({ kind: 'dataset-export', spec: { projectPath: store.path, datasetId, file } }, `Export ${ds.name} (${format})`, {
      onResult: (r) => ({ exported: { rows: r.rows, misfits: r.misfits } }),
      onAbandon: () => {
        if (download) this.deps.downloads.remove(download.id);
      },
    });
    return { jobId: job.id, file: download ? download.name : file, download: download ? `/download/${download.id}` : null };
  }

  handlers(): Pick<Handlers, DatasetsChannel> {
    return {
      'dataset:list': () => this.list(),
      'dataset:rows': ({ datasetId, offset, limit }) => readRows(this.deps.store().db, datasetId, offset, limit),
      'dataset:profile': ({ datasetId }) => loadProfile(this.deps.store().db, datasetId),
      'dataset:delete': ({ datasetId }) => {
        const store = this.deps.store();
        getDataset(store.db, datasetId);
        discardDataset(store.db, datasetId);
        this.changed(store);
        return null;
      },
      'dataset:export': ({ datasetId, format, to }) => this.startExport(datasetId, format, to),
      'profile:start': ({ datasetId }) => ({ jobId: this.startProfile(datasetId).id }),
      'lineage:list': ({ datasetId }) => listLineage(this.deps.store().db, datasetId),
    };
  }

  private changed(store: ProjectStore): void {
    this.deps.push.emit('datasets:changed', listDatasets(store.db));
  }
}

/** Every change to a dataset's rows adds to its lineage in the same transaction: its last event marks the rows' version. */
function lastChange(db: Db, datasetId: number): number {
  return listLineage(db, datasetId).at(-1)?.id ?? 0;
}

/**
 * What a profile's run row keeps: its outline, never its values. Those (top values are raw
 * cells) stay in `profiles` only, which pseudonymisation and every change to the rows clear.
 */
export function profileRunResult(profile: DatasetProfile): { datasetId: number; rowCount: number; columns: number; createdAt: string } {
  return { datasetId: profile.datasetId, rowCount: profile.rowCount, columns: profile.columns.length, createdAt: profile.createdAt };
}

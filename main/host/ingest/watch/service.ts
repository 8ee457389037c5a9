import fs from 'node:fs';
import path from 'node:path';
import { AssayError } from '../../../../preload/contract/errors';
import type { ImportResult, ImportSpec, JobInfo } from '../../../../preload/contract/types';
import type { SourceFileInfo, WatchedFolder } from '../../../../preload/contract/watch';
import type { Handlers } from '../../dispatch';
import type { PushHub } from '../../events';
import type { JobManager } from '../../jobs/manager';
import { getDataset } from '../../../../native-workers/project/datasets';
import type { ProjectStore } from '../../../../native-workers/project/store';
import { formatOf, listFiles, sha256File, type FileStat } from './fingerprint';
import { folderRow, getSourceFile, listFolders, putSourceFile, removeFolder, setFolderDataset, upsertFolder, type SourceFileRow } from '../../../../native-workers/project/watch';
import type { ProjectAccess } from '../../project/access';
import { plural } from '../../../../preload/contract/plural';

export interface WatchDeps extends ProjectAccess {
  readonly push: PushHub;
  readonly jobs: JobManager;
  readonly startImport: (spec: ImportSpec) => JobInfo;
  /** A file must keep its size and mtime this long before it is read (default 1 s). */
  readonly settleMs?: number;
  /** Rescans on this interval too, for file systems whose change events are unreliable (default 2 s). */
  readonly pollMs?: number;
}

function envMs(name: string): number | undefined {
  const n = Number(process.env[name]);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/**
 * Watches one folder: fs.watch events trigger a rescan, and a polling timer covers file
 * systems that send none (network shares, some containers). A file is read once its size and
 * mtime stayed put for `settleMs`; one with a known fingerprint is skipped with the reason.
 * Files are ingested one at a time, in name order, the first creating the folder's dataset
 * and the rest appending to it.
 */
class FolderWatcher {
  private fsWatcher: fs.FSWatcher | null = null;
  private poll: NodeJS.Timeout | null = null;
  private settleTimer: NodeJS.Timeout | null = null;
  private scanning = false;
  private again = false;
  private stopped = false;
  /** Last seen size/mtime of each file and since when, to tell a settled file from a growing one. */
  private readonly seen = new Map<string, { size: number; mtimeMs: number; since: number }>();
  private running: Promise<void> = Promise.resolve();

  constructor(
    readonly id: number,
    readonly dir: string,
    private readonly svc: WatchService,
    /** The project this folder belongs to, held so a late import never writes into another one opened since. */
    private readonly project: ProjectStore,
    private readonly settleMs: number,
    private readonly pollMs: number,
  ) {}

  start(): void {
    try {
      this.fsWatcher = fs.watch(this.dir, () => this.kick());
      this.fsWatcher.on('error', () => {
        // The folder went away or the platform gave up: polling carries on alone.
        this.fsWatcher?.close();
        this.fsWatcher = null;
      });
    } catch {
      this.fsWatcher = null;
    }
    this.poll = setInterval(() => this.kick(), this.pollMs);
    this.kick();
  }

  /** Waits for the scan in progress (and the imports it started) to end. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.fsWatcher?.close();
    if (this.poll) clearInterval(this.poll);
    if (this.settleTimer) clearTimeout(this.settleTimer);
    await this.running;
  }

  kick(): void {
    if (this.stopped) return;
    if (this.scanning) {
      this.again = true;
      return;
    }
    this.scanning = true;
    this.running = this.scan()
      .catch((err: unknown) => this.svc.report(this.id, { name: '.', bytes: 0, modifiedAt: new Date().toISOString(), sha256: null, status: 'failed', reason: String(err instanceof Error ? err.message : err), at: new Date().toISOString() }))
      .finally(() => {
        this.scanning = false;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  private async scan(): Promise<void> {
    let files: FileStat[];
    try {
      files = listFiles(this.dir);
    } catch (err) {
      throw new AssayError('IO', `Cannot read the watched folder ${this.dir}: ${(err as Error).message}`);
    }
    const now = Date.now();
    let waitMore = Infinity;
    for (const f of files) {
      if (this.stopped) return;
      const store = this.project;
      const known = getSourceFile(store.db, this.id, f.name);
      const sameAsKnown = known !== null && known.size === f.size && known.mtimeMs === f.mtimeMs && known.status !== 'waiting' && known.status !== 'importing';
      if (sameAsKnown) {
        this.seen.delete(f.name);
        continue;
      }
      const last = this.seen.get(f.name);
      if (!last || last.size !== f.size || last.mtimeMs !== f.mtimeMs) {
        this.seen.set(f.name, { size: f.size, mtimeMs: f.mtimeMs, since: now });
        if (!last || known?.status !== 'waiting') this.put(f, known, 'waiting', 'still being written: waiting for it to settle');
        waitMore = Math.min(waitMore, this.settleMs);
        continue;
      }
      const settledFor = now - last.since;
      if (settledFor < this.settleMs) {
        waitMore = Math.min(waitMore, this.settleMs - settledFor);
        continue;
      }
      this.seen.delete(f.name);
      await this.handleSettled(f, known);
    }
    if (waitMore !== Infinity && !this.stopped) {
      if (this.settleTimer) clearTimeout(this.settleTimer);
      this.settleTimer = setTimeout(() => this.kick(), waitMore + 20);
    }
  }

  private put(f: FileStat, known: SourceFileRow | null, status: SourceFileRow['status'], reason: string | null, sha256?: string | null, datasetId: number | null = null): void {
    const info = putSourceFile(this.project.db, this.id, { name: f.name, size: f.size, mtimeMs: f.mtimeMs, sha256: sha256 === undefined ? (known?.sha256 ?? null) : sha256, status, reason }, datasetId);
    this.svc.report(this.id, info);
  }

  private async handleSettled(f: FileStat, known: SourceFileRow | null): Promise<void> {
    const format = formatOf(f.name);
    if (!format) {
      this.put(f, known, 'skipped', `not a supported format (${path.extname(f.name) || 'no extension'})`);
      return;
    }
    const sha256 = await sha256File(f.path);
    // The stored hash is always that of the content last ingested (waiting/failed rows keep it).
    const ingestedBefore = known !== null && known.sha256 === sha256;
    if (ingestedBefore) {
      this.put(f, known, 'skipped', 'unchanged (same content as when it was ingested)', sha256);
      return;
    }
    const store = this.project;
    const folder = folderRow(store.db, this.id);
    let target = folder?.datasetId ?? null;
    if (target !== null) {
      try {
        getDataset(store.db, target);
      } catch {
        target = null; // The dataset was deleted: the next file starts a new one.
      }
    }
    this.put(f, known, 'importing', null);
    const job = this.svc.deps.startImport({
      source: { kind: 'path', path: f.path },
      name: path.basename(this.dir),
      ...(target !== null ? { append: { datasetId: target } } : {}),
    });
    const done = await this.svc.deps.jobs.wait(job.id);
    if (done.status !== 'succeeded') {
      this.put(f, known, 'failed', done.status === 'cancelled' ? 'cancelled' : (done.error?.message ?? done.status), known?.sha256 ?? null);
      return;
    }
    const result = this.svc.deps.jobs.resultOf(job.id) as ImportResult;
    if (target === null) setFolderDataset(store.db, this.id, result.datasetId);
    const counts = `${plural(result.rowsStored, 'row')}${result.rowsQuarantined ? `, ${result.rowsQuarantined} quarantined` : ''}`;
    this.put(f, known, target === null ? 'ingested' : 'appended', counts, result.sha256, result.datasetId);
  }
}

/** Watched folders of the open project (host service: the app, `assay serve` and `assay watch`). */
export class WatchService {
  private readonly watchers = new Map<number, FolderWatcher>();

  constructor(readonly deps: WatchDeps) {}

  report(folderId: number, file: SourceFileInfo): void {
    this.deps.push.emit('watch:file', { folderId, file });
    this.deps.push.emit('watch:changed', this.list());
  }

  list(): WatchedFolder[] {
    const s = this.deps.project();
    return s ? listFolders(s.db, (id) => this.watchers.has(id)) : [];
  }

  /** Starts watching (again); an existing folder keeps its dataset and fingerprints. */
  add(dir: string, datasetId?: number): WatchedFolder {
    const store = this.deps.store();
    const abs = path.resolve(dir);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch {
      throw new AssayError('NOT_FOUND', `The folder ${abs} does not exist; create it or pick another.`);
    }
    if (!st.isDirectory()) throw new AssayError('BAD_INPUT', `${abs} is a file, not a folder; pick the folder that holds the files to watch.`);
    if (datasetId !== undefined) getDataset(store.db, datasetId);
    const id = upsertFolder(store.db, abs, datasetId ?? null);
    if (!this.watchers.has(id)) {
      const w = new FolderWatcher(id, abs, this, store, this.deps.settleMs ?? envMs('ASSAY_WATCH_SETTLE_MS') ?? 1000, this.deps.pollMs ?? envMs('ASSAY_WATCH_POLL_MS') ?? 2000);
      this.watchers.set(id, w);
      w.start();
    }
    const folders = this.list();
    this.deps.push.emit('watch:changed', folders);
    const out = folders.find((f) => f.id === id);
    if (!out) throw new AssayError('INTERNAL', 'The watched folder vanished while it was added.');
    return out;
  }

  async remove(folderId: number): Promise<void> {
    await this.watchers.get(folderId)?.stop();
    this.watchers.delete(folderId);
    removeFolder(this.deps.store().db, folderId);
    this.deps.push.emit('watch:changed', this.list());
  }

  /** Stops every watcher (project closing, app quitting), letting running imports end. */
  async stopAll(): Promise<void> {
    const all = [...this.watchers.values()];
    this.watchers.clear();
    await Promise.all(all.map((w) => w.stop()));
  }

  handlers(): Pick<Handlers, 'watch:add' | 'watch:list' | 'watch:remove'> {
    return {
      'watch:add': ({ path: p, datasetId }) => this.add(p, datasetId),
      'watch:list': () => this.list(),
      'watch:remove': async ({ folderId }) => {
        await this.remove(folderId);
        return null;
      },
    };
  }
}

import type { InvokeChannel } from '../../../preload/contract/channels';
import { AssayError, reviveError } from '../../../preload/contract/errors';
import {
  emptyPipeline,
  type DetectResult,
  type PipelineSpec,
  type RecordingInfo,
  type StreamConfig,
  type StreamSource,
  type StreamState,
  type StreamStatus,
  type StreamSummary,
} from '../../../preload/contract/sensors';
import type { JobInfo } from '../../../preload/contract/types';
import type { StreamJobSpec } from '../../../native-workers/protocol';
import { Pipeline } from '../../../native-workers/ml/stream/pipeline';
import type { Handlers } from '../dispatch';
import type { PushHub } from '../events';
import type { JobManager } from '../jobs/manager';
import { datasetColumns, listDatasets, requireReadyDataset } from '../../../native-workers/project/datasets';
import type { Db } from '../../../native-workers/project/open';
import { windowFieldProblems, windowProblems } from '../../../native-workers/ml/stream/windows';
import { insertRun } from '../../../native-workers/project/runs';
import fs from 'node:fs';
import { notRegular } from '../../../native-workers/host-api';
import { streamSource as streamSourcePaths } from '../channel-paths';
import { exportRecordings } from './export';
import { planExport } from './export-plan';
import { recordingReplay } from './replay-recording';
import { readHistory } from './history';
import { PortWatcher } from './ports';
import {
  getRecording,
  getStream,
  insertRecording,
  insertStream,
  listRecordings,
  listStreamRows,
  setDetected,
  setPipeline,
  stopRecording,
  sourcePassword,
  withoutSecrets,
  type StreamRow,
} from '../../../native-workers/project/streams';
import type { ProjectAccess } from '../project/access';

export type SensorChannel = Extract<InvokeChannel, `sensors:${string}` | `stream:${string}` | `recording:${string}`>;

export interface SensorsDeps extends ProjectAccess {
  readonly jobs: JobManager;
  readonly push: PushHub;
}

export interface StartOptions {
  /** Start a recording with this label at once (assay record --label). */
  readonly recordingLabel?: string;
  /** Stop by itself after this many seconds. */
  readonly durationSeconds?: number;
  /** Called once when the source is open, before any data need have arrived. */
  readonly onOpened?: () => void;
  /**
   * Nothing draws the stream (assay record): the worker builds no live-plot frames. At a backlog's
   * rate they were ~10 % of the stream thread (decimating each frame for a plot no one sees).
   */
  readonly headless?: boolean;
  /** Called when the stream's state changes (reconnecting after a broker restart, live again), with its last error. */
  readonly onState?: (state: StreamState, lastError: string | null) => void;
}

interface ActiveStream {
  readonly streamId: number;
  readonly jobId: string;
  readonly projectPath: string;
  status: StreamStatus | null;
  waiters: ((status: StreamStatus) => void)[];
}

const defaultDetectSeconds = 3;
/** How long recording:start waits for a stream that is still connecting. */
const liveWaitMs = 3000;

function isExisting(req: StreamConfig | { streamId: number; password?: string }): req is { streamId: number; password?: string } {
  return 'streamId' in req;
}

/**
 * Live sensors and streams in the host: starts detect and stream jobs, relays
 * their frames and status as push events, keeps MQTT passwords in memory only,
 * and serves history, recordings and their export from the project.
 */
export class SensorsService {
  private readonly deps: SensorsDeps;
  private readonly active = new Map<number, ActiveStream>();
  /** Per project file and stream id; never written to the project. */
  private readonly passwords = new Map<string, string>();
  private readonly ports: PortWatcher;

  constructor(deps: SensorsDeps) {
    this.deps = deps;
    this.ports = new PortWatcher((ports) => deps.push.emit('sensors:ports', ports));
  }

  /** The running stream of the open project with this id, if any. */
  private running(streamId: number): ActiveStream | undefined {
    const a = this.active.get(streamId);
    return a && a.projectPath === this.deps.project()?.path ? a : undefined;
  }

  async detect(source: StreamSource, seconds = defaultDetectSeconds): Promise<DetectResult> {
    const job = this.deps.jobs.submit({ kind: 'stream-detect', spec: { source, seconds } }, `Detect ${source.kind} data`);
    const done = await this.deps.jobs.wait(job.id);
    if (done.status === 'cancelled') throw new AssayError('CANCELLED', 'Detection cancelled.');
    if (done.status !== 'succeeded') throw reviveError(done.error);
    return this.deps.jobs.resultOf(job.id) as DetectResult;
  }

  async start(
    req: StreamConfig | { streamId: number; password?: string },
    options: StartOptions = {},
  ): Promise<{ streamId: number; jobId: string; recordingId: number | null }> {
    const store = this.deps.store();
    let row: StreamRow;
    let source: StreamSource;
    if (isExisting(req)) {
      row = getStream(store.db, req.streamId);
      if (this.running(row.id)) throw new AssayError('BUSY', `Stream "${row.name}" is already running.`);
      const password = req.password ?? this.passwords.get(`${store.path}#${row.id}`);
      source = withPassword(row.source, password);
      // A stored source obeys the session's folders as a new one does, and a replay file must still be a regular file
      // (a serial port may be unplugged for now: the stream waits for it).
      this.deps.storedPaths(streamSourcePaths(source));
      if (source.kind === 'replay') checkReachable(source);
    } else {
      if (!req.name?.trim()) throw new AssayError('BAD_INPUT', 'A stream needs a name.');
      source = req.source;
      checkReachable(source);
      let { protocol, fields } = req;
      const pipeline = req.pipeline ?? emptyPipeline;
      const unknown = !protocol || !fields || fields.length === 0;
      // A pipeline names fields, so it can only be checked once they are known: detect first then.
      // Otherwise the stream worker detects from its own first messages and stores them too.
      if (unknown && !isEmptyPipeline(pipeline)) {
        const detected = await this.detect(source);
        protocol ??= detected.protocol;
        fields = fields && fields.length > 0 ? fields : detected.fields;
      }
      if (fields && fields.length > 0) checkPipeline(pipeline, fields, store.db);
      const id = insertStream(store.db, { ...req, ...(protocol ? { protocol } : {}), ...(fields ? { fields } : {}), pipeline });
      const password = sourcePassword(source);
      if (password !== undefined) this.passwords.set(`${store.path}#${id}`, password);
      row = getStream(store.db, id);
    }
    const recording = options.recordingLabel !== undefined ? insertRecording(store.db, row.id, options.recordingLabel) : null;
    const spec: StreamJobSpec = {
      projectPath: store.path,
      streamId: row.id,
      config: {
        name: row.name,
        source,
        ...(row.protocol ? { protocol: row.protocol } : {}),
        ...(row.fields.length > 0 ? { fields: row.fields } : {}),
        pipeline: row.pipeline,
        ...(row.deviceTimeField ? { deviceTimeField: row.deviceTimeField } : {}),
      },
      recording: recording ? { id: recording.id, label: recording.label } : null,
      ...(options.durationSeconds ? { durationSeconds: options.durationSeconds } : {}),
      ...(options.headless ? { frames: false } : {}),
    };
    const runId = insertRun(store.db, 'stream', { ...spec, config: { ...spec.config, source: withoutSecrets(source) } });
    const streamId = row.id;
    let entry: ActiveStream | null = null;
    /** The source is open: from the worker's 'opened' (while it detects) or its first 'live' status. */
    let opened = false;
    let lastState: StreamState | null = null;
    const forget = (): void => {
      if (entry && this.active.get(streamId) === entry) this.active.delete(streamId);
    };
    let windowListAt = 0;
    const datasetsChanged = (): void => {
      if (store.db.open && (spec.config.pipeline.windows?.length || entry?.status?.windowRows)) this.deps.push.emit('datasets:changed', listDatasets(store.db));
    };
    /**
     * The job is over. A worker that could not say so itself (killed at the stop's deadline, crashed)
     * left its last pushed state running: the screen would show the stream live for good.
     */
    const ended = (state: 'stopped' | 'failed'): void => {
      forget();
      datasetsChanged();
      const last = entry?.status;
      if (last && last.state !== 'stopped' && last.state !== 'failed') this.deps.push.emit('stream:status', { ...last, state });
    };
    const job = this.deps.jobs.submit(
      { kind: 'stream', spec },
      `Stream ${row.name}`,
      {
        onData: (data) => {
          if (data.kind === 'opened' || (data.kind === 'status' && data.status.state === 'live' && !opened)) {
            if (!opened) options.onOpened?.();
            opened = true;
            if (data.kind === 'opened') return;
          }
          if (data.kind === 'detected') {
            if (!store.readOnly && store.db.open) setDetected(store.db, streamId, data.protocol, data.fields);
            return;
          }
          if (data.kind === 'frame') {
            this.deps.push.emit('stream:frame', data.frame);
            return;
          }
          if (data.status.state !== lastState) {
            lastState = data.status.state;
            options.onState?.(data.status.state, data.status.lastError);
          }
          // Window results land in datasets: the list (and its row counts) follows, at most every 5 s.
          const rows = data.status.windowRows ?? 0;
          if (rows !== (entry?.status?.windowRows ?? 0) && Date.now() - windowListAt > windowListEveryMs) {
            windowListAt = Date.now();
            datasetsChanged();
          }
          if (entry) {
            entry.status = data.status;
            for (const w of entry.waiters.splice(0)) w(data.status);
          }
          this.deps.push.emit('stream:status', data.status);
        },
        // A stop stores every reading received before the job ends (the worker retries a busy project for
        // up to ~10 s); killed at the default 3 s (seen on a loaded machine) it loses them and its last status.
        stopGraceMs: 15_000,
        onResult: () => ended('stopped'),
        onAbandon: (status) => ended(status === 'failed' ? 'failed' : 'stopped'),
      },
      runId,
    );
    entry = { streamId, jobId: job.id, projectPath: store.path, status: null, waiters: [] };
    this.active.set(streamId, entry);
    return { streamId, jobId: job.id, recordingId: recording?.id ?? null };
  }

  /** Stops a running stream and waits until everything it received is stored. */
  async stop(streamId: number): Promise<JobInfo | null> {
    const a = this.running(streamId);
    if (!a) return null;
    this.deps.jobs.cancel(a.jobId);
    return this.deps.jobs.wait(a.jobId);
  }

  list(): StreamSummary[] {
    const store = this.deps.project();
    if (!store) return [];
    return listStreamRows(store.db).map(({ deviceTimeField: _d, tableName: _t, ...summary }) => {
      const a = this.running(summary.id);
      return { ...summary, status: a?.status ?? null, jobId: a?.jobId ?? null };
    });
  }

  /** Resolves with the next status that satisfies `accept`, or null after `timeoutMs`. */
  private waitStatus(a: ActiveStream, accept: (s: StreamStatus) => boolean, timeoutMs: number): Promise<StreamStatus | null> {
    if (a.status && accept(a.status)) return Promise.resolve(a.status);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(null), timeoutMs);
      const listener = (s: StreamStatus): void => {
        if (accept(s)) {
          clearTimeout(timer);
          resolve(s);
        } else a.waiters.push(listener);
      };
      a.waiters.push(listener);
    });
  }

  async startRecording(streamId: number, label: string): Promise<RecordingInfo> {
    const store = this.deps.store();
    const stream = getStream(store.db, streamId);
    const a = this.running(streamId);
    if (!a) throw new AssayError('BAD_INPUT', `Stream "${stream.name}" is not running; start it before recording.`);
    const live = await this.waitStatus(a, (s) => s.state === 'live', liveWaitMs);
    if (!live) throw new AssayError('BUSY', `Stream "${stream.name}" is not live (${a.status?.state ?? 'starting'}); recording needs live data.`);
    if (live.recordingId !== null) throw new AssayError('BUSY', `Stream "${stream.name}" is already recording (recording ${live.recordingId}).`);
    const trimmed = label.trim();
    if (!trimmed) throw new AssayError('BAD_INPUT', 'A recording needs a label (e.g. "idle" or "fault").');
    const rec = insertRecording(store.db, streamId, trimmed);
    this.deps.jobs.control(a.jobId, { kind: 'recording-start', recordingId: rec.id, label: trimmed });
    // So that a stop right after the start sees this recording as current.
    await this.waitStatus(a, (s) => s.recordingId === rec.id, liveWaitMs);
    return rec;
  }

  async stopRecording(streamId: number): Promise<RecordingInfo> {
    const store = this.deps.store();
    const a = this.running(streamId);
    const current = a?.status?.recordingId ?? null;
    if (!a || current === null) throw new AssayError('BAD_INPUT', `Stream ${streamId} is not recording.`);
    stopRecording(store.db, current);
    this.deps.jobs.control(a.jobId, { kind: 'recording-stop' });
    // The worker stores the recording's readings before it reports recordingId null.
    await this.waitStatus(a, (s) => s.recordingId === null, 5000);
    return getRecording(store.db, current);
  }

  setPipeline(streamId: number, pipeline: PipelineSpec): void {
    const store = this.deps.store();
    const stream = getStream(store.db, streamId);
    checkPipeline(pipeline, stream.fields, store.db);
    setPipeline(store.db, streamId, pipeline);
    const a = this.running(streamId);
    if (a) this.deps.jobs.control(a.jobId, { kind: 'pipeline', pipeline });
  }

  handlers(): Pick<Handlers, SensorChannel> {
    return {
      'sensors:ports': () => this.ports.ports(),
      'stream:detect': ({ source, seconds }) => this.detect(source, seconds ?? defaultDetectSeconds),
      'stream:start': async (req) => {
        const { streamId, jobId } = await this.start(req);
        return { streamId, jobId };
      },
      'stream:stop': async ({ streamId }) => {
        await this.stop(streamId);
        return null;
      },
      'stream:list': () => this.list(),
      'stream:pipeline': ({ streamId, pipeline }) => {
        this.setPipeline(streamId, pipeline);
        return null;
      },
      'stream:history': ({ streamId, from, to, maxPoints }) => {
        const db = this.deps.store().db;
        return readHistory(db, getStream(db, streamId), {
          ...(from !== undefined ? { from } : {}),
          ...(to !== undefined ? { to } : {}),
          ...(maxPoints !== undefined ? { maxPoints } : {}),
        });
      },
      'recording:start': ({ streamId, label }) => this.startRecording(streamId, label),
      'recording:stop': ({ streamId }) => this.stopRecording(streamId),
      'recording:list': ({ streamId } = {}) => {
        const store = this.deps.project();
        return store ? listRecordings(store.db, streamId) : [];
      },
      'recording:replay': async ({ recordingId, speed }) => {
        const { config, file } = await recordingReplay(this.deps.store().db, recordingId, speed ?? 1);
        try {
          const { streamId, jobId } = await this.start(config);
          // The temporary copy goes with the stream's job, however it ends.
          void this.deps.jobs.wait(jobId).finally(() => fs.rmSync(file, { force: true }));
          return { streamId, jobId };
        } catch (err) {
          fs.rmSync(file, { force: true });
          throw err;
        }
      },
      'recording:export-plan': ({ recordingIds }) => planExport(this.deps.store().db, recordingIds).plan,
      'recording:export': async ({ recordingIds, name, columns }) => {
        const store = this.deps.store();
        const datasetId = await exportRecordings(store.db, recordingIds, name, columns);
        this.deps.push.emit('datasets:changed', listDatasets(store.db));
        return { datasetId };
      },
    };
  }

  /** Stops every stream (flushing what they received) and the port polling. */
  async close(): Promise<void> {
    this.ports.close();
    await Promise.all([...this.active.values()].map((a) => {
      this.deps.jobs.cancel(a.jobId);
      return this.deps.jobs.wait(a.jobId);
    }));
    this.active.clear();
  }
}

const windowListEveryMs = 5000;

/** A pipeline that cannot be built (unknown field, bad expression) is refused before it reaches a stream. */
/**
 * Refuses at once, before anything is stored, a source that cannot exist: a
 * replay file or a serial device path that is not there. (Whether a device
 * sends, or a broker answers, only the stream itself can tell.)
 */
/** A stored source with the password the host kept (stored sources never carry one). */
function withPassword(source: StreamSource, password: string | undefined): StreamSource {
  if (password === undefined) return source;
  switch (source.kind) {
    case 'mqtt':
    case 'nats':
    case 'redis':
    case 'kafka':
      return { ...source, password };
    default:
      return source;
  }
}

function checkReachable(source: StreamSource): void {
  const file = source.kind === 'replay' ? source.path : source.kind === 'serial' && source.path.startsWith('/') ? source.path : null;
  if (file === null) return;
  let ok = false;
  let what: string | null = null;
  try {
    fs.accessSync(file, fs.constants.R_OK);
    // stat never blocks; a FIFO or a device opened for replay would hold the stream worker forever.
    what = source.kind === 'replay' ? notRegular(fs.statSync(file)) : null;
    ok = true;
  } catch {
    ok = false;
  }
  if (what) throw new AssayError('BAD_INPUT', `Cannot replay ${file}: it is ${what}, not a regular file.`, 'Replay reads a recorded CSV file: save the data to a file and replay that.');
  if (!ok) {
    throw new AssayError(
      'NOT_FOUND',
      source.kind === 'replay' ? `Cannot replay ${file}: there is no readable file there.` : `There is no serial port ${file}: is the device plugged in?`,
    );
  }
}

function isEmptyPipeline(p: PipelineSpec): boolean {
  return p.validation.length === 0 && p.transforms.length === 0 && p.analytics.length === 0 && (p.windows ?? []).length === 0;
}

function checkPipeline(pipeline: PipelineSpec, fields: StreamRow['fields'], db: Db): void {
  let outputs: readonly string[];
  try {
    outputs = new Pipeline(pipeline, fields).outputFields();
  } catch (err) {
    throw new AssayError('BAD_INPUT', `The pipeline is not valid: ${err instanceof Error ? err.message : String(err)}`);
  }
  const available = [...fields.map((f) => f.name), ...outputs];
  for (const w of pipeline.windows ?? []) {
    const enriched = w.enrich ? datasetColumns(db, requireReadyDataset(db, w.enrich.datasetId).id).map((c) => c.name) : [];
    const problem = windowProblems(w) ?? windowFieldProblems(w, available, enriched);
    if (problem) throw new AssayError('BAD_INPUT', problem);
  }
  const names = (pipeline.windows ?? []).map((w) => w.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new AssayError('BAD_INPUT', `Two windows are called "${twice}": each names its results dataset, so give them different names.`);
}

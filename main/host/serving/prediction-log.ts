/**
 * Every served prediction goes to the project's `predictions` table, off the
 * request path: rows are buffered and handed every `flushMs` (200 ms) to a
 * worker thread that writes them in one transaction, so a request never waits
 * on SQLite and the serving thread never pauses for a write (measured: writing
 * on the serving thread doubled p99 latency at 1,000 requests/s). The buffer is
 * bounded; beyond it predictions are counted as dropped rather than growing
 * memory without end. The log itself is capped (`maxBytes` of input and output
 * text in the project, 256 MiB by default): past it predictions are skipped and
 * counted, so a busy server cannot fill the disk. A read-only project gets no
 * log (`enabled` false).
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LoggedPrediction, ServingEvent } from '../../../native-workers/project/predictions';
import type { RecsEventBatch } from '../../../native-workers/project/recs-events';
import { distDir } from '../paths';

/** Slots of the counters shared with the log thread. */
export const LOG_CTRL = { done: 0, written: 1, dropped: 2, skipped: 3, size: 4 } as const;

export interface LogBatch {
  readonly seq: number;
  readonly rows: readonly LoggedPrediction[];
  /** Refused or failed requests, kept for the operations history. */
  readonly events: readonly ServingEvent[];
  /** A served recommender's /events (HTTP or MQTT), kept for the next retraining. */
  readonly recs: readonly RecsEventBatch[];
}

export interface LogThreadData {
  readonly file: string;
  readonly ctrl: Int32Array;
  readonly maxBytes: number;
}

export interface PredictionLogOptions {
  readonly flushMs?: number;
  readonly maxPending?: number;
  /** Bytes of input and output text the project's log may hold; past it, predictions are skipped. Default 256 MiB. */
  readonly maxBytes?: number;
}

export const defaultMaxLogBytes = 256 * 1024 * 1024;

/** How long a synchronous flush waits for the log thread before giving up (the rows then count as dropped). */
const flushWaitMs = 10_000;

export class PredictionLog {
  readonly enabled: boolean;
  private pending: LoggedPrediction[] = [];
  private events: ServingEvent[] = [];
  private recs: RecsEventBatch[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly maxPending: number;
  private readonly thread: Worker | null;
  /** Settles once the log thread has exited, its connection to the project closed. */
  private readonly exited: Promise<void>;
  private readonly ctrl = new Int32Array(new SharedArrayBuffer(LOG_CTRL.size * 4));
  private seq = 0;
  private closing = false;
  private sent = 0;
  private lost = 0;

  /** `file`: the project to log into (its own connection, in the log thread); null for no log. */
  constructor(file: string | null, opts: PredictionLogOptions = {}) {
    this.enabled = file !== null;
    this.maxPending = opts.maxPending ?? 200_000;
    if (file) {
      const data: LogThreadData = { file, ctrl: this.ctrl, maxBytes: opts.maxBytes ?? defaultMaxLogBytes };
      this.thread = new Worker(path.join(distDir(), 'workers', 'prediction-log-thread.js'), { workerData: data });
      this.thread.unref();
      // A thread that dies takes only the log with it: what it had not written counts as dropped.
      this.thread.on('error', () => undefined);
      const thread = this.thread;
      this.exited = new Promise((resolve) => thread.once('exit', () => resolve()));
      this.timer = setInterval(() => this.send(), opts.flushMs ?? 200);
      this.timer.unref();
    } else {
      this.thread = null;
      this.exited = Promise.resolve();
    }
  }

  get dropped(): number {
    return this.lost + Atomics.load(this.ctrl, LOG_CTRL.dropped);
  }

  /** Predictions not logged because the log had reached its cap. */
  get skipped(): number {
    return Atomics.load(this.ctrl, LOG_CTRL.skipped);
  }

  get written(): number {
    return Atomics.load(this.ctrl, LOG_CTRL.written);
  }

  /** Buffered here or handed to the thread and not yet written. */
  get pendingCount(): number {
    return this.pending.length + this.sent - this.written - this.skipped - Atomics.load(this.ctrl, LOG_CTRL.dropped);
  }

  /**
   * The inputs and outputs of one request (same length), stamped with its latency
   * and ids: `pids[i]` names row i (what feedback refers to), `requestId` the request.
   */
  add(name: string, version: number, inputs: readonly (object | string)[], outputs: readonly unknown[], latencyMs: number, ids?: { requestId: string; pids: readonly string[] }): void {
    if (!this.enabled) return;
    const room = this.maxPending - this.pendingCount;
    const n = Math.max(0, Math.min(inputs.length, room));
    if (n < inputs.length) this.lost += inputs.length - n;
    const at = Date.now();
    for (let i = 0; i < n; i++) {
      this.pending.push({ name, version, at, input: inputs[i]!, output: outputs[i], latencyMs, pid: ids?.pids[i] ?? null, requestId: ids?.requestId ?? null });
    }
  }

  /** A refused or failed request, for the operations history (bounded like predictions: past the buffer it is dropped). */
  event(e: ServingEvent): void {
    if (!this.enabled || this.events.length >= this.maxPending) return;
    this.events.push(e);
  }

  /**
   * A recommender's events (one request's), for recs_events. Written by the log's thread like
   * predictions: a synchronous insert here cost the serving thread a commit per /events request,
   * and every /recommend queued behind it waited as long. Bounded like predictions.
   */
  recsEvents(batch: RecsEventBatch): void {
    if (!this.enabled || this.recs.length >= this.maxPending) return;
    this.recs.push(batch);
  }

  private send(): void {
    if (!this.thread || (this.pending.length === 0 && this.events.length === 0 && this.recs.length === 0)) return;
    const batch: LogBatch = { seq: ++this.seq, rows: this.pending, events: this.events, recs: this.recs };
    this.pending = [];
    this.events = [];
    this.recs = [];
    this.sent += batch.rows.length;
    this.thread.postMessage(batch);
  }

  /** Hands over what is buffered and waits until the thread has written everything (a shutdown, or a test, needs it on disk). */
  flush(): void {
    this.send();
    const deadline = Date.now() + flushWaitMs;
    while (Atomics.load(this.ctrl, LOG_CTRL.done) < this.seq && Date.now() < deadline) {
      Atomics.wait(this.ctrl, LOG_CTRL.done, Atomics.load(this.ctrl, LOG_CTRL.done), Math.max(1, deadline - Date.now()));
    }
  }

  /**
   * Writes what is buffered (synchronously: the caller may close the project next), then lets the
   * thread go; the promise settles once its connection is closed, so nothing writes into the
   * project's folder after a server has stopped (a folder removed right after could not be, CI saw it).
   */
  close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.thread && !this.closing) {
      this.closing = true;
      this.flush();
      this.thread.postMessage('close');
    }
    return this.exited;
  }
}

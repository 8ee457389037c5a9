/**
 * Storing a platform stream's rows on a second thread (#19): the stream thread reads, parses and
 * runs the pipeline, then hands each flush's rows to the delivery thread
 * (delivery-writer-thread.ts), which stores them exactly once over its own connection
 * (DeliveryWriter). The consumer keeps reading while rows are written; positions are handed to
 * `onDurable` (ack, XACK, offset commit) only when the thread reports their transaction committed.
 * Rows cross packed (row-batch.ts: typed arrays transferred, strings joined into one): structured-
 * cloning them as arrays, with a position object each, was ~7 µs a row on the stream thread, the
 * thread the throughput goal is limited by (#19.1).
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { bundledThreadFile } from './thread-file';
import type { OffsetRange } from '../../preload/contract/stream-platforms';
import type { Checkpoint, RowPosition } from '../project/stream-offsets';
import type { StreamEventKind, StreamReading } from '../project/streams';
import { RowBatchEncoder, type RowBatch } from './row-batch';

/** What the thread needs to open its writer. */
export interface DeliveryThreadSetup {
  readonly dbPath: string;
  readonly streamId: number;
  readonly fieldCount: number;
  readonly topic: string;
  readonly resume: readonly Checkpoint[];
  readonly busyMs: number;
}

/**
 * One flush handed to the thread. Each packed row is the reading's values followed by its
 * partition and offset. Events travel as objects: the thread serialises them.
 */
export interface DeliveryBatch {
  readonly id: number;
  readonly rows: RowBatch;
  readonly settled: readonly RowPosition[];
  readonly events: readonly { readonly at: number; readonly kind: StreamEventKind; readonly detail: Record<string, unknown> }[];
}

/** The thread's answer to each batch: every batch up to `upTo` is committed, or the write failed (the thread keeps the rows and retries with the next batch). */
export type DeliveryReport =
  | { readonly kind: 'done'; readonly upTo: number; readonly stored: number; readonly duplicatesSkipped: number; readonly offsets: readonly OffsetRange[]; readonly recordingCounts: readonly (readonly [number, number])[] }
  | { readonly kind: 'failed'; readonly message: string };

/** Slot of the shared control block: batches sent, not yet answered. */
const inFlightSlot = 0;
/**
 * Batches handed over at most at once; while the thread is this far behind, rows gather here and go
 * as one bigger batch (one transaction each: many small ones would slow it further).
 */
const maxInFlight = 2;

/**
 * The bundled thread entry beside the worker's bundle (dist/workers/), or null to store on the
 * stream thread: when running from source, or with ASSAY_STREAM_THREAD=0 (the bench's one-thread
 * comparison).
 */
export function deliveryThreadFile(): string | null {
  return bundledThreadFile('delivery-writer-thread.js', 'ASSAY_STREAM_THREAD');
}

/**
 * The thread, started before the stream knows its fields: it loads its code and SQLite while the
 * first messages are read and the format detected, instead of after. Those messages waited for
 * both: the slowest 1 % of the bench's publish → stored latencies were all the stream's first
 * messages (#19.1).
 */
export interface StartedDeliveryThread {
  readonly worker: Worker;
  readonly ctrl: Int32Array;
  readonly reports: MessagePort;
  /** The thread's error before a DeliveryThread took it over. */
  failure: string | null;
}

export function startDeliveryThread(file: string): StartedDeliveryThread {
  const ctrl = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(file, { workerData: { ctrl, reports: port2 }, transferList: [port2] });
  const started: StartedDeliveryThread = { worker, ctrl, reports: port1, failure: null };
  worker.on('error', (err) => (started.failure = `the storage thread stopped: ${err.message}`));
  return started;
}

/** The stream thread's side: the same surface as DeliveryWriter, with storage done by the thread. */
export class DeliveryThread {
  private readonly ctrl: Int32Array;
  private readonly reports: MessagePort;
  private readonly thread: Worker;
  private readonly rows: RowBatchEncoder;
  /** Reading values per row: the packed row's partition and offset follow them. */
  private readonly width: number;
  private positions: RowPosition[] = [];
  private settled: RowPosition[] = [];
  private events: DeliveryBatch['events'][number][] = [];
  /** Sent, not yet committed: what to acknowledge when they are, and how many rows they hold. */
  private readonly unconfirmed = new Map<number, { positions: RowPosition[]; rows: number }>();
  private unconfirmedRows = 0;
  private nextId = 1;
  private failure: string | null = null;
  private latestOffsets: readonly OffsetRange[] = [];
  private closed = false;
  stored = 0;
  /** Never more than 0: nothing is dropped (sources stop pulling while the backlog is long). */
  readonly dropped = 0;
  duplicatesSkipped = 0;
  /** Positions whose rows or events are committed: acknowledge them now. */
  onDurable: ((positions: readonly RowPosition[]) => void) | null = null;
  /** Rows committed per recording, as [recordingId, rows]. */
  onRecordingCounts: ((counts: readonly (readonly [number, number])[]) => void) | null = null;

  /** `thread`: the thread's file, or a thread already started with startDeliveryThread. */
  constructor(thread: string | StartedDeliveryThread, setup: DeliveryThreadSetup) {
    this.width = 4 + setup.fieldCount;
    this.rows = new RowBatchEncoder(this.width + 2);
    const started = typeof thread === 'string' ? startDeliveryThread(thread) : thread;
    this.ctrl = started.ctrl;
    this.reports = started.reports;
    this.thread = started.worker;
    this.failure = started.failure;
    this.reports.on('message', (report: DeliveryReport) => this.receive(report));
    this.thread.on('error', (err) => (this.failure = `the storage thread stopped: ${err.message}`));
    // The first message: what to open. Batches follow it.
    this.thread.postMessage(setup);
  }

  /** Rows queued here, plus rows the thread holds that are not committed yet: the source's backlog. */
  get pending(): number {
    return this.positions.length + this.settled.length + this.unconfirmedRows;
  }

  /** Rows queued here, not yet handed to the thread: what decides an early flush. */
  get queued(): number {
    return this.positions.length + this.settled.length;
  }

  add(row: StreamReading, position: RowPosition): void {
    const rows = this.rows;
    const width = this.width;
    for (let c = 0; c < width; c++) rows.set(c, row[c]);
    rows.set(width, position.partition);
    rows.set(width + 1, position.offset);
    rows.commitRow();
    this.positions.push(position);
  }

  settle(position: RowPosition): void {
    this.settled.push(position);
  }

  event(kind: StreamEventKind, detail: Record<string, unknown>, at = Date.now()): void {
    this.events.push({ at, kind, detail });
  }

  offsets(): OffsetRange[] {
    return [...this.latestOffsets];
  }

  /**
   * Hands what is queued to the thread unless it is maxInFlight batches behind (never blocks); with
   * nothing queued but rows still held after a failure, asks the thread to retry. Throws the thread's
   * last failure once, as DeliveryWriter's flush throws, so the job reports it.
   */
  flush(): number {
    const failure = this.failure;
    this.failure = null;
    if (Atomics.load(this.ctrl, inFlightSlot) < maxInFlight) this.sendQueued(failure !== null);
    if (failure !== null) throw new Error(failure);
    return 0;
  }

  /**
   * Sends what is queued, then waits (blocking, at most `timeoutMs`) until the thread has answered
   * every batch, and takes its answers now: a recording's final count, the last acks before the
   * connection closes. True when nothing is left uncommitted.
   */
  drain(timeoutMs: number): boolean {
    this.sendQueued(this.failure !== null);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const now = Atomics.load(this.ctrl, inFlightSlot);
      const left = deadline - Date.now();
      if (now === 0 || left <= 0) break;
      Atomics.wait(this.ctrl, inFlightSlot, now, left);
    }
    for (let m = receiveMessageOnPort(this.reports); m; m = receiveMessageOnPort(this.reports)) this.receive(m.message as DeliveryReport);
    return this.unconfirmed.size === 0;
  }

  /** Lets the thread close its connection and end; call drain() first. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.reports.close();
    const exited = new Promise((resolve) => this.thread.once('exit', resolve));
    this.thread.postMessage(null);
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2_000))]);
    await this.thread.terminate();
  }

  private sendQueued(retry: boolean): void {
    const hasWork = this.positions.length > 0 || this.settled.length > 0 || this.events.length > 0;
    if (hasWork || (retry && this.unconfirmed.size > 0)) this.send();
  }

  private send(): void {
    const rows = this.rows.take();
    const batch: DeliveryBatch = { id: this.nextId++, rows, settled: this.settled, events: this.events };
    const ack = batch.settled.length > 0 ? this.positions.concat(batch.settled) : this.positions;
    this.unconfirmed.set(batch.id, { positions: ack, rows: rows.rows + batch.settled.length });
    this.unconfirmedRows += rows.rows + batch.settled.length;
    this.positions = [];
    this.settled = [];
    this.events = [];
    Atomics.add(this.ctrl, inFlightSlot, 1);
    this.thread.postMessage(batch, [rows.tags.buffer, rows.nums.buffer, rows.lens.buffer]);
  }

  private receive(report: DeliveryReport): void {
    if (report.kind === 'failed') {
      this.failure = report.message;
      return;
    }
    this.stored = report.stored;
    this.duplicatesSkipped = report.duplicatesSkipped;
    this.latestOffsets = report.offsets;
    if (report.recordingCounts.length > 0) this.onRecordingCounts?.(report.recordingCounts);
    const durable: RowPosition[] = [];
    for (const [id, batch] of this.unconfirmed) {
      if (id > report.upTo) break;
      this.unconfirmed.delete(id);
      this.unconfirmedRows -= batch.rows;
      for (const p of batch.positions) durable.push(p);
    }
    if (durable.length > 0) this.onDurable?.(durable);
  }
}

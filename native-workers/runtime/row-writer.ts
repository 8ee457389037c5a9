/**
 * Storing an import's rows on a second thread: the import thread parses, converts and
 * validates, packs each batch (row-batch.ts) and hands it over; the row-writer thread
 * (row-writer-thread.ts) inserts it over its own connection. The import thread waits only
 * when the writer is `maxInFlight` batches behind, so memory stays bounded.
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { bundledThreadFile } from './thread-file';
import type { Bindable } from '../project/batch-insert';
import type { DatasetStorage } from '../project/columns/chunk-store';
import { RowBatchEncoder, type QuarantineArgs } from './row-batch';
import { ColumnBatchEncoder, transferables, type ColumnBatch } from './column-batch';
import { walCheckpointThreadFile, WalCheckpointer } from './wal-checkpointer';

/** Slots of the shared control block. */
export const CTRL = { inFlight: 0, failed: 1 } as const;

export interface RowWriterSetup {
  readonly dbPath: string;
  readonly table: string;
  readonly width: number;
  readonly datasetId: number;
  /** Rows into the row table, or column chunks (the thread buffers a chunk's worth per column). */
  readonly storage: DatasetStorage;
}

/** What the thread reports when a batch cannot be stored (e.g. SQLITE_FULL). */
export interface ThreadFailure {
  readonly message: string;
  readonly code?: string;
}

const maxInFlight = 2;

/**
 * The bundled thread entry beside the worker's bundle (dist/workers/), or null to store on
 * the import thread: when running from source (tests of the writer itself) or with
 * ASSAY_IMPORT_THREAD=0 (the benchmark's one-thread comparison).
 */
export function rowWriterThreadFile(): string | null {
  return bundledThreadFile('row-writer-thread.js', 'ASSAY_IMPORT_THREAD');
}

export class RowWriterThread {
  private readonly ctrl = new Int32Array(new SharedArrayBuffer(8));
  private readonly errors: MessagePort;
  private readonly thread: Worker;
  /** Rows into a row table: packed per batch. */
  private readonly encoder: RowBatchEncoder | null;
  /** Column chunks: filled here, a whole chunk handed over at a time (column-batch.ts). */
  private readonly columns: ColumnBatchEncoder | null;
  /** Copies the WAL into the file while rows are written (wal-checkpointer.ts); null when running from source. */
  private readonly checkpointer: WalCheckpointer | null;
  private failure: Error | null = null;
  private closed = false;

  constructor(file: string, setup: RowWriterSetup) {
    const { port1, port2 } = new MessageChannel();
    this.errors = port1;
    this.errors.unref();
    const checkpointFile = walCheckpointThreadFile();
    this.checkpointer = checkpointFile ? new WalCheckpointer(checkpointFile, setup.dbPath) : null;
    this.thread = new Worker(file, {
      workerData: { ...setup, ctrl: this.ctrl, errors: port2, walCtrl: this.checkpointer?.ctrl ?? null },
      transferList: [port2],
      // The process's larger young generation (workerV8Flags) would apply here too; this thread's strings die within a batch.
      resourceLimits: { maxYoungGenerationSizeMb: 16 },
    });
    this.thread.unref();
    this.columns = setup.storage === 'columns' ? new ColumnBatchEncoder(setup.width) : null;
    this.encoder = this.columns ? null : new RowBatchEncoder(setup.width);
  }

  set(column: number, value: Bindable | undefined): void {
    (this.columns ?? this.encoder!).set(column, value);
  }

  /** Column chunks only: a finite number (ColumnBatchEncoder.setNumber). */
  setNumber(column: number, value: number): void {
    this.columns!.setNumber(column, value);
  }

  /** Column chunks only: a text value as UTF-8 bytes, copied without a string (ColumnBatchEncoder.setBytes). */
  setBytes(column: number, src: Buffer, start: number, end: number): void {
    this.columns!.setBytes(column, src, start, end);
  }

  /** True when rows go into column chunks (setBytes may be used). */
  get columnar(): boolean {
    return this.columns !== null;
  }

  commitRow(): void {
    if (this.columns) {
      this.columns.commitRow();
      if (this.columns.full) this.post(this.columns.take());
    } else this.encoder!.commitRow();
  }

  keep(args: QuarantineArgs): void {
    (this.columns ?? this.encoder!).keep(args);
  }

  /**
   * Hands what was set so far to the thread; blocks while the thread is too far behind. Column
   * chunks go over as each fills (commitRow), so here only the quarantined rows do.
   */
  send(): void {
    this.check();
    if (this.columns) {
      if (this.columns.pendingQuarantine > 0) this.post(this.columns.takeQuarantine());
      return;
    }
    const encoder = this.encoder!;
    if (encoder.pendingRows === 0 && encoder.pendingQuarantine === 0) return;
    const batch = encoder.take();
    Atomics.add(this.ctrl, CTRL.inFlight, 1);
    this.thread.postMessage(batch, [batch.tags.buffer, batch.nums.buffer, batch.lens.buffer]);
    this.waitBelow(maxInFlight + 1);
    this.checkpointer?.maybeStart();
  }

  private post(batch: ColumnBatch): void {
    this.check();
    Atomics.add(this.ctrl, CTRL.inFlight, 1);
    this.thread.postMessage(batch, transferables(batch));
    this.waitBelow(maxInFlight + 1);
    this.checkpointer?.maybeStart();
  }

  /** Blocks until everything sent is stored (a columnar writer's partial chunk too); throws what the thread failed with, if it did. */
  drain(): void {
    // Column chunks: the partial chunk goes over as it is (only when it holds rows not handed over:
    // inside the caller's write transaction the thread's write would wait for that transaction).
    if (this.columns && this.columns.pendingRows > 0) this.post(this.columns.take());
    this.send();
    this.waitBelow(1);
  }

  /** Drains, then lets the thread close its connection and end. */
  close(): void {
    if (this.closed) return;
    try {
      this.drain();
    } finally {
      this.closed = true;
      this.thread.postMessage(null);
      this.errors.close();
      this.checkpointer?.stop();
    }
  }

  /** Stops the thread without waiting (the import failed or was cancelled; its rows are discarded). */
  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    void this.thread.terminate();
    this.errors.close();
    this.checkpointer?.dispose();
  }

  private waitBelow(n: number): void {
    for (;;) {
      this.check();
      const now = Atomics.load(this.ctrl, CTRL.inFlight);
      if (now < n) return;
      Atomics.wait(this.ctrl, CTRL.inFlight, now, 1000);
    }
  }

  private check(): void {
    if (this.failure === null && Atomics.load(this.ctrl, CTRL.failed) !== 0) {
      const m = receiveMessageOnPort(this.errors)?.message as ThreadFailure | undefined;
      this.failure = Object.assign(new Error(m?.message ?? 'Storing the rows failed.'), m?.code ? { code: m.code } : {});
    }
    if (this.failure) throw this.failure;
  }
}

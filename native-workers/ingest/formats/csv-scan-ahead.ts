/**
 * A CSV file's reading, checking, hashing and record finding moved to a thread of its own, one
 * chunk ahead of the import thread, which then only converts fields and fills column chunks: on the
 * 100 MB import bench these took ~0.5 of the import thread's ~2.1 s (`--cpu-prof`: the scan ~0.29,
 * the SHA-256 ~0.12, the read stream ~0.07), while the row-writer thread idled half the time.
 * The thread fills shared slots (no copy crosses): a slot is handed back when the import thread asks
 * for the next chunk. For plain (not gzip) UTF-8 files read as bytes (see readSource).
 */
import { Worker } from 'node:worker_threads';
import { AssayError, type ErrorCode } from '../../../preload/contract/errors';
import type { CsvDialect } from '../../ml/csv-dialect';
import { bundledThreadFile } from '../../runtime/thread-file';
import type { RecordSource } from './csv-bytes';
import { FREE, SCAN, STOP, type ScanFailure, type ScannedMessage, type ScanSetup } from './csv-scan-loop';
import type { ScanHandler } from './csv-scan';
import { ScanIndexReader } from './scan-index';
import { readChunkBytes } from './text-input';

/** A chunk the scan thread read: bytes (the unfinished record before it first, `carry` bytes), and its records. */
export interface ScannedChunk {
  readonly buf: Buffer;
  readonly carry: number;
  readonly ints: Int32Array;
  readonly length: number;
  readonly whys: readonly string[];
}

/**
 * Files smaller than this are scanned by the import thread itself: starting a thread costs ~50 ms
 * of CPU, and a 20,000-row (1.3 MB) import took 0.79 s with one against 0.73 s without.
 */
const minBytes = 16 << 20;

/** The scan thread's bundle for a file of `size` bytes, or null: a small file, no bundle (from source), or ASSAY_CSV_SCAN_THREAD=0. */
export function csvScanThreadFile(size: number): string | null {
  return size >= minBytes || process.env['ASSAY_CSV_SCAN_THREAD'] === '1' ? bundledThreadFile('csv-scan-thread.js', 'ASSAY_CSV_SCAN_THREAD') : null;
}

/** Three slots: one the import thread reads, one waiting, one being filled. */
const slots = 3;

export class ScanAhead implements AsyncIterable<ScannedChunk>, RecordSource<ScannedChunk> {
  private readonly worker: Worker;
  private readonly ctrl: Int32Array;
  private readonly bufs: SharedArrayBuffer[];
  private readonly indexes: SharedArrayBuffer[];
  private readonly reader: ScanIndexReader;
  private readonly inbox: (ScannedMessage | ScanFailure)[] = [];
  private wake: (() => void) | null = null;
  private failure: Error | null = null;
  private held = false;
  private done = false;
  private read = 0;
  private digest = '';
  /** Resolves once the thread has exited (after the end of the file, a failure or destroy()). */
  readonly closed: Promise<void>;

  constructor(file: string, path: string, fileName: string, bomBytes: number, dialect: CsvDialect, readBytes = readChunkBytes) {
    this.ctrl = new Int32Array(new SharedArrayBuffer(12));
    this.ctrl[FREE] = slots;
    this.ctrl[SCAN] = 1;
    this.bufs = Array.from({ length: slots }, () => new SharedArrayBuffer(readBytes + 65_536));
    // ~20 Int32s per 100 bytes of a typical file's records; grown by the thread where a chunk needs more.
    this.indexes = Array.from({ length: slots }, () => new SharedArrayBuffer(4 * Math.max(1024, readBytes >> 2)));
    this.reader = new ScanIndexReader(dialect.quote);
    const setup: ScanSetup = { path, fileName, bomBytes, delimiter: dialect.delimiter, quote: dialect.quote, readBytes, bufs: this.bufs, indexes: this.indexes, ctrl: this.ctrl.buffer as SharedArrayBuffer };
    this.worker = new Worker(file, { workerData: setup, resourceLimits: { maxYoungGenerationSizeMb: 8 } });
    this.worker.on('message', (msg: ScannedMessage | ScanFailure) => this.deliver(msg));
    this.worker.on('error', (err) => this.fail(err));
    this.closed = new Promise((resolve) =>
      this.worker.on('exit', (code) => {
        if (!this.done) this.fail(new Error(`The CSV scan thread stopped (exit code ${code}) before the end of the file.`));
        resolve();
      }),
    );
  }

  bytesRead(): number {
    return this.read;
  }

  sha256(): string {
    return this.digest;
  }

  /** Stops the thread (read to the end, cancelled or failed alike). */
  destroy(): void {
    this.done = true;
    Atomics.store(this.ctrl, STOP, 1);
    Atomics.notify(this.ctrl, FREE);
    void this.worker.terminate();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<ScannedChunk> {
    try {
      for (;;) {
        this.release();
        const msg = await this.next();
        if ('error' in msg) {
          const e = msg.error;
          throw e.code !== undefined ? new AssayError(e.code as ErrorCode, e.message, e.detail) : new Error(e.message);
        }
        if (msg.buf) this.bufs[msg.slot] = msg.buf;
        if (msg.index) this.indexes[msg.slot] = msg.index;
        this.read = msg.bytesRead;
        this.held = true;
        yield { buf: Buffer.from(this.bufs[msg.slot]!, 0, msg.length), carry: msg.carry, ints: new Int32Array(this.indexes[msg.slot]!), length: msg.ints, whys: msg.whys };
        if (msg.last) {
          this.digest = msg.sha256 ?? '';
          this.done = true;
          return;
        }
      }
    } finally {
      this.release();
    }
  }

  scan(chunk: ScannedChunk | null, on: ScanHandler): void {
    // The last chunk's records were read to the end by the thread: nothing is left for the end.
    if (chunk !== null) this.reader.replay(chunk.buf, chunk.ints, chunk.length, chunk.whys, on);
  }

  restBefore(chunk: ScannedChunk | null): Buffer | null {
    // CsvParser reads on from here: the thread need only read.
    Atomics.store(this.ctrl, SCAN, 0);
    return chunk === null ? null : chunk.buf.subarray(0, chunk.carry);
  }

  bytes(chunk: ScannedChunk): Buffer {
    return chunk.buf.subarray(chunk.carry);
  }

  /** Hands the slot of the chunk last read back to the thread. */
  private release(): void {
    if (!this.held) return;
    this.held = false;
    Atomics.add(this.ctrl, FREE, 1);
    Atomics.notify(this.ctrl, FREE);
  }

  private next(): Promise<ScannedMessage | ScanFailure> {
    const ready = this.inbox.shift();
    // Through the event loop even when the thread is ahead (see wakeSoon).
    if (ready) return new Promise((resolve) => setImmediate(() => resolve(ready)));
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.wake = () => {
        const msg = this.inbox.shift();
        if (msg) resolve(msg);
        else reject(this.failure ?? new Error('the CSV scan thread woke with nothing'));
      };
    });
  }

  private deliver(msg: ScannedMessage | ScanFailure): void {
    this.inbox.push(msg);
    this.wakeSoon();
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.wakeSoon();
  }

  /**
   * Hands the next chunk on in a callback of its own, never from the message event: Node delivers a
   * port's messages in one go while more keep coming, so a reader woken from there would read the
   * whole file inside it, and a cancel (IPC) or a timer would wait for the end (measured: the cancel of
   * a 60 MB import arrived 0.7 s late, after the last chunk). The same for a chunk already waiting.
   */
  private wakeSoon(): void {
    const wake = this.wake;
    if (wake === null) return;
    this.wake = null;
    setImmediate(wake);
  }
}

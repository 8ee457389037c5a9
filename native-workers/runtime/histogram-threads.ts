/**
 * A histogram builder that splits each pass's features between this thread and worker threads
 * over SharedArrayBuffers. The tree grower is synchronous, so workers are driven through
 * Atomics (notify/wait on a shared control block) instead of messages; new shared buffers are
 * announced on a MessagePort that workers drain synchronously with receiveMessageOnPort.
 * Each feature's sums are computed by one thread with the same kernel as the sequential
 * builder, so results are identical to it.
 */
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import {
  fillFeatures, gather, type ArrayAllocator, type HistogramBuilder, type HistogramTask,
} from '../ml/tabular/trees/histogram';

/** Control block layout (Int32 slots). */
export const CTRL = {
  seq: 0, done: 1, codes: 2, values: 3, rows: 4, hist: 5, start: 6, end: 7, contiguous: 8, base: 9,
  channels: 10, nRows: 11, offsets: 12, from: 13, to: 14, features: 15, nFeatures: 16, size: 64,
} as const;
/** Features handed to a worker are copied after the header, then their bin offsets. */
export const MAX_FEATURES = 4096;

export interface BufferAnnouncement {
  readonly id: number;
  readonly buffer: SharedArrayBuffer;
}

interface Thread {
  readonly worker: Worker;
  readonly port: MessagePort;
  readonly ctrl: Int32Array;
}

export class ThreadedHistogramBuilder implements HistogramBuilder {
  readonly allocator: ArrayAllocator;
  private readonly threads: Thread[] = [];
  private readonly ids = new Map<ArrayBufferLike, number>();
  private ordered: Float64Array = new Float64Array(0);
  private readonly featureList: Int32Array;
  private readonly offsetList: Int32Array;
  private seq = 0;

  /** `workerFile`: the bundled histogram-thread entry; `threads`: workers besides this thread. */
  constructor(workerFile: string, threads: number) {
    const share = <T>(make: (b: SharedArrayBuffer) => T, bytes: number): T => {
      const buffer = new SharedArrayBuffer(Math.max(8, bytes));
      this.announce(buffer);
      return make(buffer);
    };
    this.allocator = {
      float64: (n) => share((b) => new Float64Array(b, 0, n), n * 8),
      int32: (n) => share((b) => new Int32Array(b, 0, n), n * 4),
      uint8: (n) => share((b) => new Uint8Array(b, 0, n), n),
    };
    const lists = new SharedArrayBuffer(MAX_FEATURES * 8);
    this.featureList = new Int32Array(lists, 0, MAX_FEATURES);
    this.offsetList = new Int32Array(lists, MAX_FEATURES * 4, MAX_FEATURES);
    for (let t = 0; t < threads; t++) {
      const ctrl = new Int32Array(new SharedArrayBuffer(CTRL.size * 4));
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(workerFile, { workerData: { ctrl, port: port2, lists }, transferList: [port2] });
      worker.unref();
      this.threads.push({ worker, port: port1, ctrl });
    }
    // Buffers allocated before the threads existed (none yet) would be announced here.
  }

  private announce(buffer: SharedArrayBuffer): number {
    const id = this.ids.size + 1;
    this.ids.set(buffer, id);
    const msg: BufferAnnouncement = { id, buffer };
    for (const t of this.threads) t.port.postMessage(msg);
    return id;
  }

  build(task: HistogramTask): void {
    const { binned, rowValues, channels, rows, start, end, features, nFeatures, hist } = task;
    const n = end - start;
    if (n <= 0) return;
    const first = rows[start]!;
    const contiguous = rows[end - 1]! - first === n - 1;
    let values = rowValues;
    let base = first * channels;
    if (!contiguous) {
      if (this.ordered.length < n * channels) this.ordered = this.allocator.float64(Math.max(n * channels, this.ordered.length * 2));
      values = this.ordered;
      base = 0;
      gather(rowValues, channels, rows, start, end, values);
    }
    const ids = [binned.codes.buffer, values.buffer, rows.buffer, hist.buffer].map((b) => this.ids.get(b));
    // Small nodes or arrays not in shared memory: not worth (or not possible) to hand out.
    if (this.threads.length === 0 || n * nFeatures < 200_000 || ids.some((id) => id === undefined) || nFeatures > MAX_FEATURES) {
      fillFeatures(binned.codes, binned.rows, binned.binOffset, channels, rows, start, end, contiguous, values, base, features, 0, nFeatures, hist);
      return;
    }
    // Groups of four features (the kernel's unit) dealt out: this thread takes the first share.
    const parts = this.threads.length + 1;
    const groups = Math.ceil(nFeatures / 4);
    const cut = (p: number): number => Math.min(nFeatures, Math.round((groups * p) / parts) * 4);
    this.featureList.set(features.subarray(0, nFeatures));
    for (let k = 0; k < nFeatures; k++) this.offsetList[k] = binned.binOffset[features[k]!]!;
    this.seq++;
    this.threads.forEach((t, i) => {
      const c = t.ctrl;
      c[CTRL.codes] = ids[0]!;
      c[CTRL.values] = ids[1]!;
      c[CTRL.rows] = ids[2]!;
      c[CTRL.hist] = ids[3]!;
      c[CTRL.start] = start;
      c[CTRL.end] = end;
      c[CTRL.contiguous] = contiguous ? 1 : 0;
      c[CTRL.base] = base;
      c[CTRL.channels] = channels;
      c[CTRL.nRows] = binned.rows;
      c[CTRL.from] = cut(i + 1);
      c[CTRL.to] = cut(i + 2);
      c[CTRL.nFeatures] = nFeatures;
      Atomics.store(c, CTRL.seq, this.seq);
      Atomics.notify(c, CTRL.seq);
    });
    fillFeatures(binned.codes, binned.rows, binned.binOffset, channels, rows, start, end, contiguous, values, base, features, 0, cut(1), hist);
    for (const t of this.threads) {
      for (;;) {
        const done = Atomics.load(t.ctrl, CTRL.done);
        if (done === this.seq) break;
        if (done < 0) throw new Error('A histogram thread failed.');
        Atomics.wait(t.ctrl, CTRL.done, done, 1000);
      }
    }
  }

  /** Stops the threads (they are unref'd, so an exiting process need not call this). */
  async close(): Promise<void> {
    for (const t of this.threads) {
      Atomics.store(t.ctrl, CTRL.seq, -1);
      Atomics.notify(t.ctrl, CTRL.seq);
    }
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
    this.threads.length = 0;
  }
}

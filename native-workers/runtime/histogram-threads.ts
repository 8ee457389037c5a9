/**
 * A histogram builder that splits each pass's features between this thread and worker threads
 * over SharedArrayBuffers. The tree grower is synchronous, so workers are driven through
 * Atomics (notify/wait on a shared control block) instead of messages; new shared buffers are
 * announced on a MessagePort that workers drain synchronously with receiveMessageOnPort.
 * Feature groups are claimed from a shared counter rather than dealt out in advance: on a busy
 * machine a descheduled worker then costs at most the group it holds (a static half-and-half
 * split measured slower than one thread under load). Each feature's sums are computed by one
 * thread with the same kernel as the sequential builder, so results are identical to it.
 */
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import {
  fillFeatures, fillPacked, gather, type ArrayAllocator, type HistogramBuilder, type HistogramTask, type PackedNode,
} from '../ml/tabular/trees/histogram';

/**
 * Control block layout (Int32 slots). `claim` holds (seq & 0x7fff) << 16 | next group, so a
 * worker that read the parameters of an older task cannot claim work of a newer one.
 */
export const CTRL = {
  seq: 0, completed: 1, claim: 2, failed: 3, codes: 4, values: 5, rows: 6, hist: 7, start: 8, end: 9,
  contiguous: 10, base: 11, channels: 12, nRows: 13, nFeatures: 14,
  /** Packed tasks: stride (0 for a column task), values' record offset and step, the spare region. */
  stride: 15, valueAt: 16, valueStride: 17, spare: 18, size: 20,
} as const;
export const GROUP = 4;
/** Features per claim in the packed layout: the kernel passes sixteen at a time. */
export const PACKED_GROUP = 16;

/** Claims the next group of task `seq`, or returns -1 when none is left (or the task moved on). */
export function claimGroup(ctrl: Int32Array, seq: number, groups: number): number {
  const tag = (seq & 0x7fff) << 16;
  for (;;) {
    const c = Atomics.load(ctrl, CTRL.claim);
    if ((c & ~0xffff) !== tag) return -1;
    const g = c & 0xffff;
    if (g >= groups) return -1;
    if (Atomics.compareExchange(ctrl, CTRL.claim, c, c + 1) === c) return g;
  }
}
/** Features handed to a worker are copied after the header, then their bin offsets. */
export const MAX_FEATURES = 4096;

export interface BufferAnnouncement {
  readonly id: number;
  readonly buffer: SharedArrayBuffer;
}

interface Thread {
  readonly worker: Worker;
  readonly port: MessagePort;
}

export class ThreadedHistogramBuilder implements HistogramBuilder {
  readonly allocator: ArrayAllocator;
  private readonly threads: Thread[] = [];
  private readonly ids = new Map<ArrayBufferLike, number>();
  private ordered: Float64Array = new Float64Array(0);
  private readonly featureList: Int32Array;
  private readonly offsetList: Int32Array;
  private seq = 0;
  private readonly ctrl = new Int32Array(new SharedArrayBuffer(CTRL.size * 4));

  /**
   * `workerFile`: the bundled histogram-thread entry (dist/workers/histogram-thread.js);
   * `threads`: workers besides this thread; passes smaller than `minWork` rows × features stay
   * on this thread (waking a worker costs more than they do).
   */
  constructor(workerFile: string, threads: number, private readonly minWork = 200_000) {
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
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(workerFile, { workerData: { ctrl: this.ctrl, port: port2, lists }, transferList: [port2] });
      worker.unref();
      this.threads.push({ worker, port: port1 });
    }
  }

  private announce(buffer: SharedArrayBuffer): number {
    const id = this.ids.size + 1;
    this.ids.set(buffer, id);
    const msg: BufferAnnouncement = { id, buffer };
    for (const t of this.threads) t.port.postMessage(msg);
    return id;
  }

  build(task: HistogramTask): void {
    const { binned, rowValues, channels, rows, start, end, features, nFeatures, hist, packed } = task;
    const n = end - start;
    if (n <= 0) return;
    if (packed) {
      this.buildPacked(task, packed);
      return;
    }
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
    if (this.threads.length === 0 || n * nFeatures < this.minWork || ids.some((id) => id === undefined) || nFeatures > MAX_FEATURES) {
      fillFeatures(binned.codes, binned.rows, binned.binOffset, channels, rows, start, end, contiguous, values, base, features, 0, nFeatures, hist);
      return;
    }
    const c = this.ctrl;
    const groups = Math.ceil(nFeatures / GROUP);
    this.featureList.set(features.subarray(0, nFeatures));
    for (let k = 0; k < nFeatures; k++) this.offsetList[k] = binned.binOffset[features[k]!]!;
    this.seq = (this.seq + 1) & 0x7fff;
    const seq = this.seq;
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
    c[CTRL.nFeatures] = nFeatures;
    c[CTRL.stride] = 0;
    Atomics.store(c, CTRL.completed, 0);
    // Publishing the claim counter makes the parameters above the current task.
    Atomics.store(c, CTRL.claim, seq << 16);
    Atomics.store(c, CTRL.seq, seq);
    Atomics.notify(c, CTRL.seq);
    for (let g = claimGroup(c, seq, groups); g >= 0; g = claimGroup(c, seq, groups)) {
      fillFeatures(binned.codes, binned.rows, binned.binOffset, channels, rows, start, end, contiguous, values, base, features, g * GROUP, Math.min(nFeatures, (g + 1) * GROUP), hist);
      Atomics.add(c, CTRL.completed, 1);
    }
    for (;;) {
      if (Atomics.load(c, CTRL.failed) !== 0) throw new Error('A histogram thread failed.');
      const done = Atomics.load(c, CTRL.completed);
      if (done === groups) break;
      Atomics.wait(c, CTRL.completed, done, 100);
    }
  }

  private buildPacked(task: HistogramTask, packed: PackedNode): void {
    const { binned, start, end, features, nFeatures, hist } = task;
    const spare = binned.binOffset[binned.cols]! * 2;
    const ids = [packed.data.buffer, packed.values.buffer, hist.buffer].map((b) => this.ids.get(b));
    if (this.threads.length === 0 || (end - start) * nFeatures < this.minWork || ids.some((id) => id === undefined) || nFeatures > MAX_FEATURES) {
      fillPacked(packed, binned.binOffset, spare, start, end, features, 0, nFeatures, hist);
      return;
    }
    const groups = Math.ceil(nFeatures / PACKED_GROUP);
    const seq = this.publish(features, nFeatures, binned.binOffset, () => {
      const c = this.ctrl;
      c[CTRL.codes] = ids[0]!;
      c[CTRL.values] = ids[1]!;
      c[CTRL.hist] = ids[2]!;
      c[CTRL.start] = start;
      c[CTRL.end] = end;
      c[CTRL.stride] = packed.stride;
      c[CTRL.valueAt] = packed.valueAt;
      c[CTRL.valueStride] = packed.valueStride;
      c[CTRL.spare] = spare;
      c[CTRL.nFeatures] = nFeatures;
    });
    for (let g = claimGroup(this.ctrl, seq, groups); g >= 0; g = claimGroup(this.ctrl, seq, groups)) {
      fillPacked(packed, binned.binOffset, spare, start, end, features, g * PACKED_GROUP, Math.min(nFeatures, (g + 1) * PACKED_GROUP), hist);
      Atomics.add(this.ctrl, CTRL.completed, 1);
    }
    this.await(groups);
  }

  /** Writes a task's features and parameters, then releases it to the workers; returns its sequence number. */
  private publish(features: Int32Array, nFeatures: number, binOffset: Int32Array, write: () => void): number {
    const c = this.ctrl;
    this.featureList.set(features.subarray(0, nFeatures));
    for (let k = 0; k < nFeatures; k++) this.offsetList[k] = binOffset[features[k]!]!;
    this.seq = (this.seq + 1) & 0x7fff;
    write();
    Atomics.store(c, CTRL.completed, 0);
    // Publishing the claim counter makes the parameters above the current task.
    Atomics.store(c, CTRL.claim, this.seq << 16);
    Atomics.store(c, CTRL.seq, this.seq);
    Atomics.notify(c, CTRL.seq);
    return this.seq;
  }

  private await(groups: number): void {
    const c = this.ctrl;
    for (;;) {
      if (Atomics.load(c, CTRL.failed) !== 0) throw new Error('A histogram thread failed.');
      const done = Atomics.load(c, CTRL.completed);
      if (done === groups) break;
      Atomics.wait(c, CTRL.completed, done, 100);
    }
  }

  /** Stops the threads (they are unref'd, so an exiting process need not call this). */
  async close(): Promise<void> {
    Atomics.store(this.ctrl, CTRL.seq, -1);
    Atomics.notify(this.ctrl, CTRL.seq);
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
    this.threads.length = 0;
  }
}

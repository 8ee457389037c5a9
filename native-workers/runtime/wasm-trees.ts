/**
 * Boosting's hot loops in WebAssembly (SIMD), from the AssemblyScript in
 * ml/tabular/trees/wasm/kernels.ts: one shared WebAssembly.Memory holds the binned codes, the
 * packed records, gradient pairs, row indices, scores and histograms (everything the grower
 * allocates goes through this builder's allocator), so a node's histogram pass, a split's
 * partition and a leaf's addition are calls with addresses and copy nothing. Histogram passes
 * and large splits can be shared with a worker thread that runs the same module on the same
 * memory (wasm-histogram-thread.ts). Every loop visits rows in the JS order: identical trees.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { fillFeatures, gather, type ArrayAllocator, type HistogramBuilder, type HistogramTask, type PackedNode } from '../ml/tabular/trees/histogram';
import type { BinnedMatrix } from '../ml/tabular/trees/binning';
import type { PackedKernels, SplitChoice } from '../ml/tabular/trees/packed-kernels';
import { claimGroup } from './histogram-threads';

/** The compiled kernels' file name beside the bundled worker (build.mjs writes it). */
export const KERNELS_FILE = 'gbdt-kernels.wasm';

export interface KernelExports {
  histogram(data: number, stride: number, values: number, valueStride: number, n: number, plan: number, nPlan: number): void;
  partition(src: number, dst: number, stride: number, start: number, end: number, feature: number, goLeft: number): number;
  partitionSpan(src: number, dst: number, stride: number, start: number, end: number, feature: number, goLeft: number, l: number, r: number): number;
  countLeft(src: number, stride: number, start: number, end: number, feature: number, goLeft: number): number;
  partitionTemplate(src: number, dst: number, stride: number, codeBytes: number, rowValues: number, start: number, end: number, feature: number, goLeft: number): number;
  partitionTemplateSpan(
    src: number, dst: number, stride: number, codeBytes: number, rowValues: number, start: number, end: number, feature: number, goLeft: number, l: number, r: number,
  ): number;
  partitionRows(src: number, stride: number, rowByte: number, start: number, end: number, feature: number, goLeft: number, rows: number): number;
  settle(src: number, stride: number, rowByte: number, start: number, end: number, rows: number): void;
  gatherRoot(template: number, dst: number, stride: number, codeBytes: number, rowValues: number, rows: number, n: number): void;
  addLeaf(rows: number, start: number, end: number, raw: number, K: number, k: number, value: number): void;
  searchGradient(
    hist: number, features: number, nFeatures: number, valueBins: number, binOffset: number,
    pg: number, ph: number, lambda: number, minChildWeight: number, out: number,
  ): void;
}

const PAGE = 65536;
/** 4 GiB, wasm32's whole address space: a shared memory must declare its maximum (only reserved, not committed). */
const MAX_PAGES = 65536;

/** Compiles the kernels (synchronously), or says why they cannot run here: the caller falls back to the JS loops. */
export function compileKernels(file: string): WebAssembly.Module | string {
  if (typeof WebAssembly === 'undefined') return 'WebAssembly is not available';
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return `the compiled kernels are missing (${file}); run npm run build`;
  }
  try {
    return new WebAssembly.Module(bytes);
  } catch (e) {
    // An engine without SIMD or threads refuses the module at compile time.
    return `this engine cannot compile the kernels (WebAssembly SIMD and threads needed): ${(e as Error).message}`;
  }
}

export function instantiate(module: WebAssembly.Module, memory: WebAssembly.Memory): KernelExports {
  return new WebAssembly.Instance(module, { env: { memory, abort: () => { throw new Error('wasm abort'); } } }).exports as unknown as KernelExports;
}

/**
 * A bump allocator over the memory. Views made before a grow stay valid (a shared memory's
 * buffer is never detached); their buffers are remembered so an address can be checked.
 */
class Arena {
  readonly memory = new WebAssembly.Memory({ initial: 2, maximum: MAX_PAGES, shared: true });
  private readonly buffers = new Set<ArrayBufferLike>();
  private top: number;
  /** Allocations below this survive begin() (the builder's own scratch). */
  private floor: number;
  /** Bytes above this were never handed out: a grown memory is zero there already. */
  private used: number;

  constructor() {
    // Page 0 is left to the module's own data.
    this.top = this.floor = this.used = PAGE;
  }

  /** Bytes at a 16-aligned address, zeroed (as a new typed array would be). */
  bytes(n: number): Uint8Array {
    const at = this.top;
    const end = at + Math.max(16, (n + 15) & ~15);
    if (end > MAX_PAGES * PAGE) throw new Error(`Gradient boosting needs more than 4 GiB of working memory here (${Math.ceil(end / 2 ** 20)} MB); use fewer rows or features.`);
    const have = this.memory.buffer.byteLength;
    if (end > have) this.memory.grow(Math.ceil((end - have) / PAGE));
    this.top = end;
    const buffer = this.memory.buffer;
    this.buffers.add(buffer);
    const out = new Uint8Array(buffer, at, n);
    if (at < this.used) out.fill(0, 0, Math.min(n, this.used - at));
    this.used = Math.max(this.used, end);
    return out;
  }

  keep(): void {
    this.floor = this.top;
  }

  reset(): void {
    this.top = this.floor;
  }

  /** The address of a view into this memory. */
  at(view: ArrayBufferView): number {
    if (!this.buffers.has(view.buffer)) throw new Error('An array handed to the WebAssembly kernels is not in their memory.');
    return view.byteOffset;
  }
}

/**
 * Control block (Int32 slots): seq, completed, claim and failed as histogram-threads' CTRL
 * (claimGroup reads claim there); `kind` says which task the parameters after it describe.
 */
export const WCTRL = {
  seq: 0, completed: 1, claim: 2, failed: 3, kind: 4,
  /** A histogram pass. */
  data: 5, stride: 6, values: 7, valueStride: 8, n: 9, plan: 10, nPlan: 11, group: 12,
  /** A partition (stride above): the two halves start..mid and mid..end; result: where the right child starts. */
  src: 13, dst: 14, start: 15, end: 16, mid: 17, feature: 18, goLeft: 19, codeBytes: 20, rowValues: 21, result: 22,
  size: 24,
} as const;

export const TASK = { histogram: 0, partition: 1, partitionTemplate: 2 } as const;

/**
 * One half of a shared partition, run by whichever thread claims it. Half 0 (start..mid) writes
 * from the node's ends as one thread would; half 1 first counts half 0's left rows to know where
 * its own rows go after them, so neither waits for the other and records land exactly where a
 * single-threaded partition puts them. Half 1 leaves where the right child starts in `result`.
 */
export function partitionHalf(k: KernelExports, c: Int32Array, half: number): void {
  const [src, dst, stride, start, end, mid, feature, goLeft] =
    [c[WCTRL.src]!, c[WCTRL.dst]!, c[WCTRL.stride]!, c[WCTRL.start]!, c[WCTRL.end]!, c[WCTRL.mid]!, c[WCTRL.feature]!, c[WCTRL.goLeft]!];
  let [from, to, l, r] = [start, mid, start, end - 1];
  if (half === 1) {
    const left0 = k.countLeft(src, stride, start, mid, feature, goLeft);
    [from, to, l, r] = [mid, end, start + left0, end - 1 - (mid - start - left0)];
  }
  const after = c[WCTRL.kind] === TASK.partitionTemplate
    ? k.partitionTemplateSpan(src, dst, stride, c[WCTRL.codeBytes]!, c[WCTRL.rowValues]!, from, to, feature, goLeft, l, r)
    : k.partitionSpan(src, dst, stride, from, to, feature, goLeft, l, r);
  if (half === 1) c[WCTRL.result] = after;
}

export interface WasmTreeOptions {
  /** Worker threads besides this one for histogram passes and splits (0: none). */
  readonly threads?: number;
  /** The bundled wasm-histogram-thread entry; required with threads. */
  readonly workerFile?: string;
  /**
   * Passes of fewer rows × features stay on this thread: waking a worker costs more than they
   * do (default 200,000, as for the JS histogram threads; the crossover could not be measured on the
   * shared 2-core machine, whose load kept the second core busy).
   */
  readonly minWork?: number;
  /** Features per pass over a node's records (and per claim with threads). */
  readonly group?: number;
  /**
   * Splits of fewer rows stay on this thread (default 32,768: a split moves each record once,
   * far less work per row than a histogram pass over 30 features).
   */
  readonly minPartition?: number;
}

const MAX_FEATURES = 4096;

/** One fit's memory and what lives on it: dropped at end(), so a fitted model keeps none of it. */
class Session {
  readonly arena = new Arena();
  readonly k: KernelExports;
  readonly plan: Uint32Array;
  readonly workers: Worker[] = [];
  /** The threads' control block: a session's own, so a thread being stopped can never claim another session's work. */
  readonly ctrl = new Int32Array(new SharedArrayBuffer(WCTRL.size * 4));
  seq = 0;
  /** The split search's inputs beside the histogram: features, the matrix's bin tables (copied once), the result. */
  search: { binned: BinnedMatrix; features: Int32Array; valueBins: Int32Array; binOffset: Int32Array; out: Float64Array; outInt: Int32Array } | null = null;

  constructor(module: WebAssembly.Module) {
    this.k = instantiate(module, this.arena.memory);
    const p = this.arena.bytes(MAX_FEATURES * 8);
    this.plan = new Uint32Array(p.buffer, p.byteOffset, MAX_FEATURES * 2);
    this.arena.keep();
  }

  float64(n: number): Float64Array {
    const b = this.arena.bytes(n * 8);
    return new Float64Array(b.buffer, b.byteOffset, n);
  }

  int32(n: number): Int32Array {
    const b = this.arena.bytes(n * 4);
    return new Int32Array(b.buffer, b.byteOffset, n);
  }
}

export class WasmTreeBuilder implements HistogramBuilder {
  readonly allocator: ArrayAllocator;
  readonly kernels: PackedKernels;
  private current: Session | null = null;
  private readonly minWork: number;
  private readonly minPartition: number;
  private readonly group: number;
  private readonly threads: number;
  private ordered = new Float64Array(0);

  constructor(private readonly module: WebAssembly.Module, private readonly opts: WasmTreeOptions = {}) {
    this.minWork = opts.minWork ?? 200_000;
    this.group = opts.group ?? 16;
    this.minPartition = opts.minPartition ?? 32_768;
    this.threads = opts.threads ?? 0;
    if (this.threads > 0 && !opts.workerFile) throw new Error('WasmTreeBuilder: threads need the bundled wasm-histogram-thread entry (workerFile).');
    this.allocator = {
      float64: (n) => this.session.float64(n),
      int32: (n) => this.session.int32(n),
      uint8: (n) => this.session.arena.bytes(n),
    };
    const at = (v: ArrayBufferView): number => this.session.arena.at(v);
    const k = (): KernelExports => this.session.k;
    this.kernels = {
      partition: (src, dst, stride, start, end, feature, goLeft) =>
        this.sharesPartition(end - start)
          ? this.sharePartition(TASK.partition, at(src), at(dst), stride, 0, 0, start, end, feature, at(goLeft))
          : k().partition(at(src), at(dst), stride, start, end, feature, at(goLeft)),
      partitionTemplate: (src, dst, stride, codeBytes, rowValues, start, end, feature, goLeft) =>
        this.sharesPartition(end - start)
          ? this.sharePartition(TASK.partitionTemplate, at(src), at(dst), stride, codeBytes, at(rowValues), start, end, feature, at(goLeft))
          : k().partitionTemplate(at(src), at(dst), stride, codeBytes, at(rowValues), start, end, feature, at(goLeft)),
      partitionRows: (src, stride, rowByte, start, end, feature, goLeft, rows) => k().partitionRows(at(src), stride, rowByte, start, end, feature, at(goLeft), at(rows)),
      settle: (src, stride, rowByte, start, end, rows) => k().settle(at(src), stride, rowByte, start, end, at(rows)),
      gatherRoot: (template, dst, stride, codeBytes, rowValues, rows, n) => k().gatherRoot(at(template), at(dst), stride, codeBytes, at(rowValues), at(rows), n),
      addLeaf: (rows, start, end, raw, K, kk, value) => k().addLeaf(at(rows), start, end, at(raw), K, kk, value),
      searchGradient: (hist, binned, features, nFeatures, parent, lambda, minChildWeight, best) =>
        this.searchGradient(hist, binned, features, nFeatures, parent, lambda, minChildWeight, best),
    };
  }

  private get session(): Session {
    return (this.current ??= new Session(this.module));
  }

  /** Histogram passes offered to threads so far (threads start with the first pass big enough to share). */
  sharedPasses = 0;
  /** Splits offered to threads so far. */
  sharedPartitions = 0;

  /** Worker threads it may start besides this one. */
  get maxThreads(): number {
    return this.threads;
  }

  begin(): void {
    this.end();
  }

  /** Lets the fit's memory go and stops its threads. */
  end(): void {
    const s = this.current;
    if (!s) return;
    this.current = null;
    if (s.workers.length > 0) {
      Atomics.store(s.ctrl, WCTRL.seq, -1);
      Atomics.notify(s.ctrl, WCTRL.seq);
      for (const w of s.workers) void w.terminate();
    }
  }

  /** Stops the threads (they are unref'd, so an exiting process need not call this). */
  async close(): Promise<void> {
    const workers = this.current?.workers ?? [];
    this.end();
    await Promise.all(workers.map((w) => w.terminate()));
  }

  private searchGradient(
    hist: Float64Array, binned: BinnedMatrix, features: Int32Array, nFeatures: number, parent: Float64Array, lambda: number, minChildWeight: number, best: SplitChoice,
  ): void {
    const session = this.session;
    let s = session.search;
    if (!s || s.binned !== binned) {
      const out = session.float64(7);
      s = session.search = {
        binned, features: session.int32(binned.cols), valueBins: session.int32(binned.cols), binOffset: session.int32(binned.cols + 1),
        out, outInt: new Int32Array(out.buffer, out.byteOffset, 14),
      };
      s.valueBins.set(binned.valueBins);
      s.binOffset.set(binned.binOffset);
    }
    const at = (v: ArrayBufferView): number => session.arena.at(v);
    s.features.set(features.subarray(0, nFeatures));
    session.k.searchGradient(at(hist), at(s.features), nFeatures, at(s.valueBins), at(s.binOffset), parent[0]!, parent[1]!, lambda, minChildWeight, at(s.out));
    const { out, outInt } = s;
    best.gain = out[0]!;
    best.feature = outInt[10]!;
    best.bin = outInt[11]!;
    best.missingLeft = outInt[12] === 1;
    best.left[0] = out[1]!;
    best.left[1] = out[2]!;
    best.right[0] = out[3]!;
    best.right[1] = out[4]!;
  }

  build(task: HistogramTask): void {
    const { binned, start, end, features, nFeatures, hist, packed } = task;
    if (end <= start) return;
    if (!packed) {
      buildColumns(task, this);
      return;
    }
    if (nFeatures > MAX_FEATURES) throw new Error(`At most ${MAX_FEATURES} features per tree, got ${nFeatures}.`);
    const session = this.session;
    const { plan, arena } = session;
    const h = arena.at(hist);
    for (let i = 0; i < nFeatures; i++) {
      const f = features[i]!;
      plan[2 * i] = f;
      plan[2 * i + 1] = h + binned.binOffset[f]! * 16;
    }
    const data = arena.at(packed.data) + start * packed.stride;
    const values = arena.at(packed.values) + (start * packed.valueStride + packed.valueAt) * 8;
    const vstride = packed.valueStride * 8;
    const n = end - start;
    const planAt = arena.at(plan);
    const G = this.group;
    if (this.threads === 0 || n * nFeatures < this.minWork) {
      for (let g = 0; g < nFeatures; g += G) session.k.histogram(data, packed.stride, values, vstride, n, planAt + g * 8, Math.min(G, nFeatures - g));
      return;
    }
    this.share(session, packed, data, values, vstride, n, planAt, nFeatures);
  }

  /**
   * Hands the pass's feature groups out to the threads and this one alike, claimed from a
   * counter: a descheduled thread holds up one group at most, and until a new thread is up
   * this one claims them all.
   */
  private share(session: Session, packed: PackedNode, data: number, values: number, vstride: number, n: number, planAt: number, nFeatures: number): void {
    this.sharedPasses++;
    const G = this.group;
    const groups = Math.ceil(nFeatures / G);
    const seq = this.publish(session, TASK.histogram, (c) => {
      c[WCTRL.data] = data;
      c[WCTRL.stride] = packed.stride;
      c[WCTRL.values] = values;
      c[WCTRL.valueStride] = vstride;
      c[WCTRL.n] = n;
      c[WCTRL.plan] = planAt;
      c[WCTRL.nPlan] = nFeatures;
      c[WCTRL.group] = G;
    });
    const c = session.ctrl;
    for (let g = claimGroup(c, seq, groups); g >= 0; g = claimGroup(c, seq, groups)) {
      session.k.histogram(data, packed.stride, values, vstride, n, planAt + g * G * 8, Math.min(G, nFeatures - g * G));
      Atomics.add(c, WCTRL.completed, 1);
    }
    this.awaitGroups(session, groups);
  }

  private sharesPartition(n: number): boolean {
    return this.threads > 0 && n >= this.minPartition;
  }

  /** A split in two halves claimed like histogram groups (see partitionHalf): both cores move records. */
  private sharePartition(
    kind: number, src: number, dst: number, stride: number, codeBytes: number, rowValues: number, start: number, end: number, feature: number, goLeft: number,
  ): number {
    const session = this.session;
    this.sharedPartitions++;
    const seq = this.publish(session, kind, (c) => {
      c[WCTRL.src] = src;
      c[WCTRL.dst] = dst;
      c[WCTRL.stride] = stride;
      c[WCTRL.codeBytes] = codeBytes;
      c[WCTRL.rowValues] = rowValues;
      c[WCTRL.start] = start;
      c[WCTRL.end] = end;
      // Half 1 also counts half 0's rows, so half 0 gets a little more.
      c[WCTRL.mid] = start + Math.floor((end - start) * 0.55);
      c[WCTRL.feature] = feature;
      c[WCTRL.goLeft] = goLeft;
    });
    const c = session.ctrl;
    for (let h = claimGroup(c, seq, 2); h >= 0; h = claimGroup(c, seq, 2)) {
      partitionHalf(session.k, c, h);
      Atomics.add(c, WCTRL.completed, 1);
    }
    this.awaitGroups(session, 2);
    return c[WCTRL.result]!;
  }

  /** Starts the threads if need be and publishes a task; returns its seq. */
  private publish(session: Session, kind: number, set: (c: Int32Array) => void): number {
    while (session.workers.length < this.threads) {
      const worker = new Worker(this.opts.workerFile!, { workerData: { module: this.module, memory: session.arena.memory, ctrl: session.ctrl } });
      worker.unref();
      session.workers.push(worker);
    }
    const c = session.ctrl;
    session.seq = (session.seq % 0x7fff) + 1;
    const seq = session.seq;
    c[WCTRL.kind] = kind;
    set(c);
    Atomics.store(c, WCTRL.completed, 0);
    // Publishing the claim counter makes the parameters above the current task.
    Atomics.store(c, WCTRL.claim, seq << 16);
    Atomics.store(c, WCTRL.seq, seq);
    Atomics.notify(c, WCTRL.seq);
    return seq;
  }

  private awaitGroups(session: Session, groups: number): void {
    const c = session.ctrl;
    for (;;) {
      if (Atomics.load(c, WCTRL.failed) !== 0) throw new Error('A GBDT worker thread failed; run again with ASSAY_GBDT_THREADS=0 to train on one thread.');
      const done = Atomics.load(c, WCTRL.completed);
      if (done === groups) break;
      Atomics.wait(c, WCTRL.completed, done, 100);
    }
  }

  /** Column-layout passes (not boosting's packed records) run the JS kernel on this memory. */
  gathered(n: number): Float64Array {
    if (this.ordered.length < n) this.ordered = new Float64Array(Math.max(n, this.ordered.length * 2));
    return this.ordered;
  }
}

function buildColumns(task: HistogramTask, b: WasmTreeBuilder): void {
  const { binned, rowValues, channels, rows, start, end, features, nFeatures, hist } = task;
  const n = end - start;
  const first = rows[start]!;
  const contiguous = rows[end - 1]! - first === n - 1;
  let values = rowValues;
  let base = first * channels;
  if (!contiguous) {
    values = b.gathered(n * channels);
    base = 0;
    gather(rowValues, channels, rows, start, end, values);
  }
  fillFeatures(binned.codes, binned.rows, binned.binOffset, channels, rows, start, end, contiguous, values, base, features, 0, nFeatures, hist);
}

/** Worker threads worth starting: one when a second core exists (ASSAY_GBDT_THREADS overrides). */
export function defaultThreads(): number {
  const forced = process.env.ASSAY_GBDT_THREADS;
  if (forced !== undefined && /^\d+$/.test(forced)) return Number(forced);
  return os.availableParallelism() > 1 ? 1 : 0;
}

export const kernelsBeside = (dir: string): string => path.join(dir, KERNELS_FILE);

const compiled = new Map<string, WebAssembly.Module | string>();

/**
 * The builder a training job lends GBDT: the kernels beside the bundled worker
 * (dist/workers), one histogram thread where a second core exists. Without them (not built, an
 * engine without WebAssembly SIMD) the JS loops run: `reason` says why.
 */
export function jobTreeBuilder(dir = __dirname): { builder?: WasmTreeBuilder; reason?: string } {
  const file = kernelsBeside(dir);
  const module = compiled.get(file) ?? compileKernels(file);
  compiled.set(file, module);
  if (typeof module === 'string') return { reason: module };
  const threads = defaultThreads();
  return { builder: new WasmTreeBuilder(module, threads > 0 ? { threads, workerFile: path.join(dir, 'wasm-histogram-thread.js') } : {}) };
}

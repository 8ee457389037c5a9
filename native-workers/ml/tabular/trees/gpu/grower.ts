/**
 * Grows boosting trees on a WebGPU device: histograms and row moves run as the shaders of kernels.ts,
 * level by level (every node of a depth in one histogram pass, every split of it in one partition
 * pass); split search reads the level's histograms back and runs grow.ts' own SplitSearch, so the
 * rules (admissible children, empty bins, missing values, minimum gain) are the CPU learner's.
 * The tree comes back numbered, and its gains added, in the CPU grower's depth-first order, so the
 * two give the same FlatTree: the same splits and thresholds; leaf values and gains differ only by
 * the fixed-point rounding of each row's gradient pair (fixed-point.ts: at most n · 2^-(bits+1) in a sum).
 */
import type { BinnedMatrix } from '../binning';
import type { GradientCriterion } from '../criteria';
import type { FlatTree } from '../flat-tree';
import { binThreshold, SplitSearch } from '../grow';
import { jsKernels } from '../packed-kernels';
import { decodeFixed, encodeFixed, fixedPointBits } from './fixed-point';
import { dispatchGrid, HISTOGRAM_WGSL, packCodes, PARAM_WORDS, PARTITION_WGSL, privateHistogramWgsl, SPLIT_WORDS, TILE_ROWS } from './kernels';
import { BufferUsage, MAP_READ, type GpuBindGroupLike, type GpuBufferLike, type GpuDeviceLike, type GpuPipelineLike } from './webgpu-types';

export interface GpuGrowerOptions {
  /** Privatized histograms where they fit workgroup memory (default true; false: global atomics only, the reference). */
  readonly privateHistograms?: boolean;
  /**
   * Caps below the device's own: at most this many nodes' histograms a pass, this many workgroups a dispatch
   * dimension. Tests use them so a level takes several passes and dispatches use y on any device; lower
   * limits are always safe to obey.
   */
  readonly limits?: GpuGrowerLimits;
}

export interface GpuGrowerLimits {
  readonly slotsPerPass?: number;
  readonly workgroupsPerDimension?: number;
}

/** Histogram passes a grower ran each way (tests and benches read them). */
export interface GpuPassCounts {
  private: number;
  global: number;
}

export interface GpuGrowOptions {
  readonly criterion: GradientCriterion;
  readonly maxDepth: number;
  readonly minGain: number;
  /** Features this tree may split on, ascending. */
  readonly features: Int32Array;
}

export interface GpuGrownTree {
  readonly tree: FlatTree;
  readonly splitBin: Int32Array;
  /** The leaf (a node of `tree`) each row ended in; -1 for rows left out of this tree. */
  readonly leafOfRow: Int32Array;
}

const STORAGE = BufferUsage.STORAGE | BufferUsage.COPY_DST | BufferUsage.COPY_SRC;

/** Nodes of one grown tree in the order the GPU made them (level by level). */
class LevelNodes {
  readonly sums: Float64Array[] = [];
  readonly depth: number[] = [];
  readonly feature: number[] = [];
  readonly bin: number[] = [];
  readonly missingLeft: boolean[] = [];
  readonly left: number[] = [];
  readonly right: number[] = [];
  readonly gain: number[] = [];

  add(sums: Float64Array, depth: number): number {
    this.sums.push(Float64Array.from(sums));
    this.depth.push(depth);
    this.feature.push(-1);
    this.bin.push(-1);
    this.missingLeft.push(false);
    this.left.push(-1);
    this.right.push(-1);
    this.gain.push(0);
    return this.sums.length - 1;
  }
}

export class GpuTreeGrower {
  private readonly histogram: GpuPipelineLike;
  private readonly privateHistogram: GpuPipelineLike | null;
  /** u32 words of workgroup memory the private kernel has (0: it is off). */
  private readonly localWords: number;
  private readonly privateGrid: { x: number; y: number };
  private readonly featureBins: number;
  private readonly partition: GpuPipelineLike;
  private readonly params: GpuBufferLike;
  private readonly codes: GpuBufferLike;
  private readonly gh: GpuBufferLike;
  private readonly rowNode: GpuBufferLike;
  private readonly binOffset: GpuBufferLike;
  private nodeCapacity = 0;
  private slotBuffer: GpuBufferLike | null = null;
  private split: GpuBufferLike | null = null;
  private hist: GpuBufferLike | null = null;
  private counts: GpuBufferLike | null = null;
  private readonly words: number;
  private readonly totalBins: number;
  /** Nodes whose histograms fit one pass (the histogram buffer within the device's binding limit). */
  private readonly slotsPerPass: number;
  private readonly grid: { x: number; y: number; strideY: number };
  private readonly ghWords: Uint32Array;
  /** This tree's node → histogram slot (-1: none this level) and split table, as uploaded each level. */
  private slotOf = new Int32Array(0);
  private splitTable = new Int32Array(0);

  private constructor(
    private readonly device: GpuDeviceLike, private readonly binned: BinnedMatrix, opts: GpuGrowerOptions, private readonly passes: GpuPassCounts,
  ) {
    const { rows: n, cols } = binned;
    const packed = packCodes(binned.codes, n, cols);
    this.words = packed.words;
    this.totalBins = binned.binOffset[cols]!;
    const limit = device.limits.maxStorageBufferBindingSize;
    const slotBytes = this.totalBins * 16;
    // The largest buffers: the codes, one node's histogram, the rows' fixed-point gradient pairs.
    const largest = Math.max(packed.data.byteLength, slotBytes, n * 16);
    if (largest > limit) {
      throw new Error(
        `The binned table needs ${mb(largest)} in one GPU buffer and this adapter allows ${mb(limit)}; train on the CPU (device cpu) or with fewer rows.`,
      );
    }
    this.slotsPerPass = Math.max(1, Math.min(64, opts.limits?.slotsPerPass ?? 64, Math.floor(limit / slotBytes)));
    const perDimension = Math.min(device.limits.maxComputeWorkgroupsPerDimension, opts.limits?.workgroupsPerDimension ?? Infinity);
    this.grid = dispatchGrid(n, perDimension);
    this.histogram = pipeline(device, HISTOGRAM_WGSL);
    let featureBins = 1;
    for (let f = 0; f < cols; f++) featureBins = Math.max(featureBins, binned.binOffset[f + 1]! - binned.binOffset[f]!);
    this.featureBins = featureBins;
    // 32 KB where the adapter has it (most GPUs), else WebGPU's guaranteed 16 KB: more nodes per private pass.
    this.localWords = opts.privateHistograms === false ? 0 : Math.floor(Math.min(device.limits.maxComputeWorkgroupStorageSize ?? 16384, 32768) / 4);
    this.privateHistogram = this.localWords >= featureBins * 4 ? pipeline(device, privateHistogramWgsl(this.localWords)) : null;
    const tiles = dispatchGrid(Math.ceil(n / TILE_ROWS), perDimension);
    this.privateGrid = { x: tiles.x, y: tiles.y };
    this.partition = pipeline(device, PARTITION_WGSL);
    this.params = device.createBuffer({ size: PARAM_WORDS * 4, usage: BufferUsage.UNIFORM | BufferUsage.COPY_DST });
    this.codes = this.upload(packed.data);
    this.ghWords = new Uint32Array(4 * n);
    this.gh = device.createBuffer({ size: this.ghWords.byteLength, usage: STORAGE });
    this.rowNode = device.createBuffer({ size: Math.max(4, n * 4), usage: STORAGE });
    this.binOffset = this.upload(Uint32Array.from(binned.binOffset.subarray(0, cols + 1)));
  }

  /** Compiles the shaders and uploads the binned codes; fails with what the device refused. */
  static async create(device: GpuDeviceLike, binned: BinnedMatrix, opts: GpuGrowerOptions = {}, passes: GpuPassCounts = { private: 0, global: 0 }): Promise<GpuTreeGrower> {
    device.pushErrorScope('out-of-memory');
    device.pushErrorScope('validation');
    let grower: GpuTreeGrower | null = null;
    let thrown: unknown = null;
    try {
      grower = new GpuTreeGrower(device, binned, opts, passes);
    } catch (err) {
      thrown = err;
    }
    const invalid = await device.popErrorScope();
    const oom = await device.popErrorScope();
    if (thrown) throw thrown;
    if (oom) throw new Error(`The GPU ran out of memory for the binned table (${oom.message}); train on the CPU (device cpu).`);
    if (invalid) throw new Error(`The GPU refused the boosting kernels (${invalid.message}); train on the CPU (device cpu).`);
    return grower!;
  }

  destroy(): void {
    for (const b of [this.params, this.codes, this.gh, this.rowNode, this.binOffset, this.slotBuffer, this.split, this.hist, this.counts]) b?.destroy();
  }

  /**
   * Grows one tree on rows (ascending; null: all rows) whose gradient pairs are gh[2r], gh[2r + 1], and
   * adds each split's gain to gainByFeature in the CPU grower's order.
   */
  async grow(gh: Float64Array, rows: Int32Array | null, opts: GpuGrowOptions, gainByFeature: Float64Array): Promise<GpuGrownTree> {
    const { binned, device } = this;
    const n = binned.rows;
    const crit = opts.criterion;
    const nRows = rows ? rows.length : n;
    const rootSums = new Float64Array(2);
    let maxAbs = 0;
    // The root's sums as the CPU grower adds them (row order, float64), so the root is the same.
    for (let i = 0; i < nRows; i++) {
      const o = (rows ? rows[i]! : i) * 2;
      rootSums[0] += gh[o]!;
      rootSums[1] += gh[o + 1]!;
      maxAbs = Math.max(maxAbs, Math.abs(gh[o]!), Math.abs(gh[o + 1]!));
    }
    const bits = fixedPointBits(nRows, maxAbs);
    encodeFixed(gh, bits, this.ghWords);
    device.queue.writeBuffer(this.gh, 0, this.ghWords);
    const startNode = new Int32Array(n);
    if (rows) {
      startNode.fill(-1);
      for (let i = 0; i < rows.length; i++) startNode[rows[i]!] = 0;
    }
    device.queue.writeBuffer(this.rowNode, 0, startNode);
    this.reserveNodes(Math.min(2 ** Math.min(opts.maxDepth + 1, 16), 2 * nRows + 1));
    this.splitTable.fill(-1);

    const nodes = new LevelNodes();
    nodes.add(rootSums, 0);
    const search = new SplitSearch(2, crit, jsKernels);
    let level = [0];
    while (level.length > 0) {
      // What the CPU grower's canSplit asks before any histogram: depth and hessian (rows: below).
      const candidates = level.filter((id) => nodes.depth[id]! < opts.maxDepth && nodes.sums[id]![1]! >= 2 * crit.minChildWeight);
      if (candidates.length === 0) break;
      this.reserveNodes(nodes.sums.length + 2 * candidates.length);
      const slotOf = this.slotOf.fill(-1);
      candidates.forEach((id, s) => (slotOf[id] = s));
      device.queue.writeBuffer(this.slotBuffer!, 0, slotOf);
      const next: number[] = [];
      for (let base = 0; base < candidates.length; base += this.slotsPerPass) {
        const count = Math.min(this.slotsPerPass, candidates.length - base);
        const { hist, counts } = await this.histograms(base, count);
        for (let s = 0; s < count; s++) {
          const id = candidates[base + s]!;
          if (counts[s]! < 2) continue;
          const best = search.run(this.decodeSlot(hist, s, bits), binned, opts.features, opts.features.length, nodes.sums[id]!);
          if (best.feature < 0 || !(best.gain > opts.minGain)) continue;
          const l = nodes.add(best.left, nodes.depth[id]! + 1);
          const r = nodes.add(best.right, nodes.depth[id]! + 1);
          nodes.feature[id] = best.feature;
          nodes.bin[id] = best.bin;
          nodes.missingLeft[id] = best.missingLeft;
          nodes.left[id] = l;
          nodes.right[id] = r;
          nodes.gain[id] = best.gain;
          this.splitTable.set([best.feature, best.bin, binned.valueBins[best.feature]!, best.missingLeft ? 1 : 0, l, r], id * SPLIT_WORDS);
          next.push(l, r);
        }
      }
      if (next.length === 0) break;
      device.queue.writeBuffer(this.split!, 0, this.splitTable);
      this.runPartition();
      level = next;
    }
    const leafOfGpuNode = await this.readRowNodes();
    return this.finish(nodes, leafOfGpuNode, gainByFeature, crit);
  }

  private upload(data: Uint32Array): GpuBufferLike {
    const buffer = this.device.createBuffer({ size: Math.max(4, data.byteLength), usage: STORAGE });
    this.device.queue.writeBuffer(buffer, 0, data);
    return buffer;
  }

  /** Node tables for at least `capacity` nodes, the split table so far carried over (both are uploaded whole each level). */
  private reserveNodes(capacity: number): void {
    if (capacity <= this.nodeCapacity) return;
    const cap = Math.max(capacity, this.nodeCapacity * 2);
    this.slotBuffer?.destroy();
    this.split?.destroy();
    this.slotBuffer = this.device.createBuffer({ size: cap * 4, usage: STORAGE });
    this.split = this.device.createBuffer({ size: cap * SPLIT_WORDS * 4, usage: STORAGE });
    const table = new Int32Array(cap * SPLIT_WORDS).fill(-1);
    table.set(this.splitTable);
    this.splitTable = table;
    this.slotOf = new Int32Array(cap);
    this.nodeCapacity = cap;
  }

  private setParams(slotBase: number, slotCount: number): void {
    const p = new Uint32Array(PARAM_WORDS);
    p.set([this.binned.rows, this.words, this.binned.cols, this.totalBins, slotBase, slotCount, this.grid.strideY, this.featureBins]);
    this.device.queue.writeBuffer(this.params, 0, p);
  }

  /** One histogram pass for slots base..base+count, read back as fixed-point words and row counts. */
  private async histograms(base: number, count: number): Promise<{ hist: Uint32Array; counts: Uint32Array }> {
    const { device } = this;
    const histBytes = this.slotsPerPass * this.totalBins * 16;
    if (!this.hist) {
      this.hist = device.createBuffer({ size: histBytes, usage: STORAGE });
      this.counts = device.createBuffer({ size: this.slotsPerPass * 4, usage: STORAGE });
    }
    this.setParams(base, count);
    const bytes = count * this.totalBins * 16;
    const readback = device.createBuffer({ size: bytes + count * 4, usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST });
    const enc = device.createCommandEncoder();
    enc.clearBuffer(this.hist, 0, bytes);
    enc.clearBuffer(this.counts!, 0, Math.max(4, count * 4));
    const buffers = [this.params, this.codes, this.gh, this.rowNode, this.slotBuffer!, this.binOffset, this.hist, this.counts!];
    if (this.privateHistogram && count * this.featureBins * 4 <= this.localWords) {
      this.passes.private++;
      this.dispatch(enc, this.privateHistogram, buffers, this.privateGrid);
    } else {
      this.passes.global++;
      this.dispatch(enc, this.histogram, buffers);
    }
    enc.copyBufferToBuffer(this.hist, 0, readback, 0, bytes);
    enc.copyBufferToBuffer(this.counts!, 0, readback, bytes, count * 4);
    device.queue.submit([enc.finish()]);
    await readback.mapAsync(MAP_READ);
    const all = new Uint32Array(readback.getMappedRange().slice(0));
    readback.unmap();
    readback.destroy();
    return { hist: all.subarray(0, bytes / 4), counts: all.subarray(bytes / 4) };
  }

  /** Slot s of a read-back pass as the CPU's float64 histogram: (binOffset[f] + b) · 2 + channel. */
  private decodeSlot(words: Uint32Array, s: number, bits: number): Float64Array {
    const T = this.totalBins;
    const out = new Float64Array(T * 2);
    for (let i = 0, at = s * T * 4; i < 2 * T; i++, at += 2) out[i] = decodeFixed(words, at, bits);
    return out;
  }

  private runPartition(): void {
    this.setParams(0, 0);
    const enc = this.device.createCommandEncoder();
    this.dispatch(enc, this.partition, [this.params, this.codes, this.split!, this.rowNode]);
    this.device.queue.submit([enc.finish()]);
  }

  private dispatch(enc: ReturnType<GpuDeviceLike['createCommandEncoder']>, pipe: GpuPipelineLike, buffers: GpuBufferLike[], grid: { x: number; y: number } = this.grid): void {
    const group: GpuBindGroupLike = this.device.createBindGroup({
      layout: pipe.getBindGroupLayout(0),
      entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
    const pass = enc.beginComputePass();
    pass.setPipeline(pipe);
    pass.setBindGroup(0, group);
    pass.dispatchWorkgroups(grid.x, grid.y);
    pass.end();
  }

  private async readRowNodes(): Promise<Int32Array> {
    const { device } = this;
    const bytes = Math.max(4, this.binned.rows * 4);
    const readback = device.createBuffer({ size: bytes, usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST });
    const enc = device.createCommandEncoder();
    enc.copyBufferToBuffer(this.rowNode, 0, readback, 0, bytes);
    device.queue.submit([enc.finish()]);
    await readback.mapAsync(MAP_READ);
    const out = new Int32Array(readback.getMappedRange().slice(0));
    readback.unmap();
    readback.destroy();
    return out;
  }

  /**
   * Renumbers the nodes as the CPU grower numbers them (a split's children get the next two ids when
   * the split is made, splits made depth first, left subtree first) and adds gains in that order.
   */
  private finish(nodes: LevelNodes, rowNode: Int32Array, gainByFeature: Float64Array, crit: GradientCriterion): GpuGrownTree {
    const total = nodes.sums.length;
    const cpuId = new Int32Array(total);
    const order: number[] = [0];
    let nextId = 1;
    const stack = [0];
    while (stack.length > 0) {
      const g = stack.pop()!;
      const l = nodes.left[g]!;
      if (l < 0) continue;
      const r = nodes.right[g]!;
      cpuId[l] = nextId++;
      cpuId[r] = nextId++;
      order.push(l, r);
      gainByFeature[nodes.feature[g]!] += nodes.gain[g]!;
      stack.push(r, l);
    }
    const feature = new Int32Array(total);
    const threshold = new Float64Array(total);
    const left = new Int32Array(total);
    const right = new Int32Array(total);
    const missingLeft = new Uint8Array(total);
    const value = new Float64Array(total);
    const splitBin = new Int32Array(total);
    const leafValue = new Float64Array(1);
    for (const g of order) {
      const c = cpuId[g]!;
      const f = nodes.feature[g]!;
      feature[c] = f;
      splitBin[c] = nodes.bin[g]!;
      threshold[c] = f >= 0 ? binThreshold(this.binned, f, nodes.bin[g]!) : 0;
      left[c] = f >= 0 ? cpuId[nodes.left[g]!]! : -1;
      right[c] = f >= 0 ? cpuId[nodes.right[g]!]! : -1;
      missingLeft[c] = nodes.missingLeft[g]! ? 1 : 0;
      crit.leaf(nodes.sums[g]!, 0, leafValue, 0);
      value[c] = leafValue[0]!;
    }
    const leafOfRow = new Int32Array(rowNode.length);
    for (let r = 0; r < rowNode.length; r++) leafOfRow[r] = rowNode[r]! < 0 ? -1 : cpuId[rowNode[r]!]!;
    return { tree: { feature, threshold, left, right, missingLeft, value, outputs: 1 }, splitBin, leafOfRow };
  }
}

function pipeline(device: GpuDeviceLike, code: string): GpuPipelineLike {
  return device.createComputePipeline({ layout: 'auto', compute: { module: device.createShaderModule({ code }), entryPoint: 'main' } });
}

function mb(bytes: number): string {
  return `${Math.ceil(bytes / 2 ** 20)} MB`;
}

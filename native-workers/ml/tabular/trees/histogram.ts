/**
 * Per-node histograms: for each feature and bin, the sums of the rows' channels (gradient and
 * hessian for boosting; class weights and a count for CART). Building them is where tree
 * learning spends its time, so these loops are kept free of closures and allocation.
 */
import type { BinnedMatrix } from './binning';
import type { PackedKernels } from './packed-kernels';

/** What a histogram pass needs; a parallel builder may split `features` across threads. */
export interface HistogramTask {
  readonly binned: BinnedMatrix;
  /** rows × channels, row-major: row r's channel c at rowValues[r * channels + c]. */
  readonly rowValues: Float64Array;
  readonly channels: number;
  /** Ascending row indices; the node's rows are rows[start..end). */
  readonly rows: Int32Array;
  readonly start: number;
  readonly end: number;
  /** Features to fill: features[0..nFeatures). */
  readonly features: Int32Array;
  readonly nFeatures: number;
  /** Feature f, bin b, channel c at (binOffset[f] + b) * channels + c. The features' regions are zero on entry. */
  readonly hist: Float64Array;
  /**
   * Boosting's packed layout (channels 2): the node's codes and gradient pairs lie at positions
   * start..end of a row-major block, so the pass reads memory sequentially; `rowValues` and
   * `rows` are then not read. hist has PACKED_SPARE values past the features.
   */
  readonly packed?: PackedNode;
}

/**
 * A node's rows in the packed layout: position i holds a record of `stride` bytes (a multiple
 * of 8) with the row's codes at data[i * stride + f]; its gradient pair is at
 * values[i * valueStride + valueAt + 0..1] (`values` views the same buffer, or for a root read
 * from the template, the row values themselves).
 */
export interface PackedNode {
  readonly data: Uint8Array;
  readonly stride: number;
  readonly values: Float64Array;
  readonly valueAt: number;
  readonly valueStride: number;
}

/** Histogram values past the features' regions where padded kernel slots write (one feature of 256 bins, 2 channels). */
export const PACKED_SPARE = 512;

/** Allocates the arrays a histogram builder reads (shared memory for a threaded builder). */
export interface ArrayAllocator {
  float64(length: number): Float64Array;
  int32(length: number): Int32Array;
  uint8(length: number): Uint8Array;
}

export interface HistogramBuilder {
  build(task: HistogramTask): void;
  /** When present, bins, row values, row indices and histograms are allocated through it. */
  readonly allocator?: ArrayAllocator;
  /** Packed-record moves and leaf additions over the allocator's memory (JS ones when absent). */
  readonly kernels?: PackedKernels;
  /** Called as a fit starts: what the allocator handed out for an earlier fit is no longer used. */
  begin?(): void;
  /** Called as a fit ends (or fails): nothing it allocated is used any more. */
  end?(): void;
}

/** Single-threaded builder; it keeps one scratch buffer for the node's values gathered in row order. */
export class SequentialHistogramBuilder implements HistogramBuilder {
  private ordered = new Float64Array(0);

  build(task: HistogramTask): void {
    const { binned, rowValues, channels, rows, start, end, features, nFeatures, hist, packed } = task;
    const n = end - start;
    if (n <= 0) return;
    if (packed) {
      fillPacked(packed, binned.binOffset, binned.binOffset[binned.cols]! * 2, start, end, features, 0, nFeatures, hist);
      return;
    }
    const first = rows[start]!;
    // Rows are ascending, so this span check means they are consecutive: read values in place.
    const contiguous = rows[end - 1]! - first === n - 1;
    let values = rowValues;
    let base = first * channels;
    if (!contiguous) {
      if (this.ordered.length < n * channels) this.ordered = new Float64Array(Math.max(n * channels, this.ordered.length * 2));
      values = this.ordered;
      base = 0;
      gather(rowValues, channels, rows, start, end, values);
    }
    fillFeatures(binned.codes, binned.rows, binned.binOffset, channels, rows, start, end, contiguous, values, base, features, 0, nFeatures, hist);
  }
}

/**
 * The histogram kernel for features[from..to): `values` are either the row values themselves
 * (rows consecutive from rows[start], read from `base`) or gathered in row order from 0.
 * Exported so a threaded builder runs the very same arithmetic (identical sums either way).
 */
export function fillFeatures(
  codes: Uint8Array, nRows: number, binOffset: Int32Array, channels: number, rows: Int32Array, start: number, end: number,
  contiguous: boolean, values: Float64Array, base: number, features: Int32Array, from: number, to: number, hist: Float64Array,
): void {
  const n = end - start;
  if (n <= 0) return;
  const first = rows[start]!;
  let k = from;
  if (channels === 2) {
    // Several features per pass: the row index and its gradient pair are loaded once for all of them.
    for (; k + 8 <= to; k += 8) {
      if (contiguous) fill8Contiguous(codes, nRows, first, n, features, binOffset, k, values, base, hist);
      else fill8(codes, nRows, rows, start, end, features, binOffset, k, values, hist);
    }
    for (; k + 4 <= to; k += 4) {
      const f0 = features[k]!, f1 = features[k + 1]!, f2 = features[k + 2]!, f3 = features[k + 3]!;
      const c0 = f0 * nRows, c1 = f1 * nRows, c2 = f2 * nRows, c3 = f3 * nRows;
      const h0 = binOffset[f0]! * 2, h1 = binOffset[f1]! * 2, h2 = binOffset[f2]! * 2, h3 = binOffset[f3]! * 2;
      if (contiguous) fill4Contiguous(codes, first, n, c0, c1, c2, c3, values, base, hist, h0, h1, h2, h3);
      else fill4(codes, rows, start, end, c0, c1, c2, c3, values, hist, h0, h1, h2, h3);
    }
  }
  for (; k < to; k++) {
    const f = features[k]!;
    const col = f * nRows;
    const h0 = binOffset[f]! * channels;
    if (channels === 2) {
      if (contiguous) fill2Contiguous(codes, col + first, n, values, base, hist, h0);
      else fill2(codes, col, rows, start, end, values, hist, h0);
    } else {
      fillAny(codes, col, rows, start, end, contiguous, values, base, channels, hist, h0);
    }
  }
}

const slots = new Int32Array(32);

/**
 * The packed kernel for features[from..to) over positions start..end (channels 2): sixteen
 * features per pass over the rows (then eight, then four). A group's unused slots read byte 0
 * and add into the spare region at `spare` (measured: sixteen per pass 2.3 ns per row and
 * feature, eight 3.8 ns, on 1M rows × 30; the row-major block streams from memory each pass).
 */
export function fillPacked(
  node: PackedNode, binOffset: Int32Array, spare: number, start: number, end: number, features: Int32Array, from: number, to: number, hist: Float64Array,
): void {
  const n = end - start;
  if (n <= 0) return;
  const { data, stride, values } = node;
  const o = start * stride;
  const v = start * node.valueStride + node.valueAt;
  const vstep = node.valueStride;
  for (let k = from; k < to;) {
    const left = to - k;
    const width = left > 8 ? 16 : left > 4 ? 8 : 4;
    for (let w = 0; w < width; w++, k++) {
      const real = k < to;
      const f = real ? features[k]! : 0;
      slots[2 * w] = real ? f : 0;
      slots[2 * w + 1] = real ? binOffset[f]! * 2 : spare;
    }
    if (width === 16) packed16(data, stride, o, v, vstep, n, slots, values, hist);
    else if (width === 8) packed8(data, stride, o, v, vstep, n, slots, values, hist);
    else packed4(data, stride, o, v, vstep, n, slots, values, hist);
  }
}

function packed16(
  data: Uint8Array, stride: number, o: number, v: number, vstep: number, n: number, slots: Int32Array, values: Float64Array, hist: Float64Array,
): void {
  const b0 = slots[0]!, h0 = slots[1]!;
  const b1 = slots[2]!, h1 = slots[3]!;
  const b2 = slots[4]!, h2 = slots[5]!;
  const b3 = slots[6]!, h3 = slots[7]!;
  const b4 = slots[8]!, h4 = slots[9]!;
  const b5 = slots[10]!, h5 = slots[11]!;
  const b6 = slots[12]!, h6 = slots[13]!;
  const b7 = slots[14]!, h7 = slots[15]!;
  const b8 = slots[16]!, h8 = slots[17]!;
  const b9 = slots[18]!, h9 = slots[19]!;
  const b10 = slots[20]!, h10 = slots[21]!;
  const b11 = slots[22]!, h11 = slots[23]!;
  const b12 = slots[24]!, h12 = slots[25]!;
  const b13 = slots[26]!, h13 = slots[27]!;
  const b14 = slots[28]!, h14 = slots[29]!;
  const b15 = slots[30]!, h15 = slots[31]!;
  for (let c = n; c > 0; c--, o += stride, v += vstep) {
    const g = values[v]!;
    const h = values[v + 1]!;
    let j = h0 + (data[o + b0]! << 1);
    hist[j] += g;
    hist[j + 1] += h;
    j = h1 + (data[o + b1]! << 1);
    hist[j] += g;
    hist[j + 1] += h;
    j = h2 + (data[o + b2]! << 1);
    hist[j] += g;
    hist[j + 1] += h;
    j = h3 + (data[o + b3]! << 1);
    hist[j] += g;
    hist[j + 1] += h;
    j = h4 + (data[o + b4]! << 1);
    hist[j] += g;
    hist[j + 1] += h;
    j = h5 + (data[o + b5]! << 1);
    hist[j] += g;
    hist[j + 1] += h;
    j = h6 + (data[o + b6]! << 1);
    hist[j] += g;
    hist[j + 1] += h;
    j = h7 + (data[o + b7]! << 1);
    hist[j] += g;
    hist[j + 1] += h;
    j = h8 + (data[o + b8]! << 1);
    hist[j] += g;
    hist[j + 1] += h;
    j = h9 + (data[o + b9]! << 1);
    hist[j] += g;
    hist[j + 1] += h;
    j = h10 + (data[o + b10]! << 1);
    hist[j] += g;
    hist[j + 1] += h;
    j = h11 + (data[o + b11]! << 1);
    hist[j] += g;
    hist[j + 1] += h;
    j = h12 + (data[o + b12]! << 1);
    hist[j] += g;
    hist[j + 1] += h;
    j = h13 + (data[o + b13]! << 1);
    hist[j] += g;
    hist[j + 1] += h;
    j = h14 + (data[o + b14]! << 1);
    hist[j] += g;
    hist[j + 1] += h;
    j = h15 + (data[o + b15]! << 1);
    hist[j] += g;
    hist[j + 1] += h;
  }
}

function packed8(
  data: Uint8Array, stride: number, o: number, v: number, vstep: number, n: number, slots: Int32Array, values: Float64Array, hist: Float64Array,
): void {
  const b0 = slots[0]!, h0 = slots[1]!;
  const b1 = slots[2]!, h1 = slots[3]!;
  const b2 = slots[4]!, h2 = slots[5]!;
  const b3 = slots[6]!, h3 = slots[7]!;
  const b4 = slots[8]!, h4 = slots[9]!;
  const b5 = slots[10]!, h5 = slots[11]!;
  const b6 = slots[12]!, h6 = slots[13]!;
  const b7 = slots[14]!, h7 = slots[15]!;
  for (let c = n; c > 0; c--, o += stride, v += vstep) {
    const g = values[v]!;
    const h = values[v + 1]!;
    let j = h0 + (data[o + b0]! << 1);
    hist[j] += g;
    hist[j + 1] += h;
    j = h1 + (data[o + b1]! << 1);
    hist[j] += g;
    hist[j + 1] += h;
    j = h2 + (data[o + b2]! << 1);
    hist[j] += g;
    hist[j + 1] += h;
    j = h3 + (data[o + b3]! << 1);
    hist[j] += g;
    hist[j + 1] += h;
    j = h4 + (data[o + b4]! << 1);
    hist[j] += g;
    hist[j + 1] += h;
    j = h5 + (data[o + b5]! << 1);
    hist[j] += g;
    hist[j + 1] += h;
    j = h6 + (data[o + b6]! << 1);
    hist[j] += g;
    hist[j + 1] += h;
    j = h7 + (data[o + b7]! << 1);
    hist[j] += g;
    hist[j + 1] += h;
  }
}

function packed4(
  data: Uint8Array, stride: number, o: number, v: number, vstep: number, n: number, slots: Int32Array, values: Float64Array, hist: Float64Array,
): void {
  const b0 = slots[0]!, h0 = slots[1]!;
  const b1 = slots[2]!, h1 = slots[3]!;
  const b2 = slots[4]!, h2 = slots[5]!;
  const b3 = slots[6]!, h3 = slots[7]!;
  for (let c = n; c > 0; c--, o += stride, v += vstep) {
    const g = values[v]!;
    const h = values[v + 1]!;
    let j = h0 + (data[o + b0]! << 1);
    hist[j] += g;
    hist[j + 1] += h;
    j = h1 + (data[o + b1]! << 1);
    hist[j] += g;
    hist[j + 1] += h;
    j = h2 + (data[o + b2]! << 1);
    hist[j] += g;
    hist[j + 1] += h;
    j = h3 + (data[o + b3]! << 1);
    hist[j] += g;
    hist[j + 1] += h;
  }
}

export function gather(src: Float64Array, channels: number, rows: Int32Array, start: number, end: number, out: Float64Array): void {
  if (channels === 2) {
    for (let i = start, k = 0; i < end; i++, k += 2) {
      const s = rows[i]! << 1;
      out[k] = src[s]!;
      out[k + 1] = src[s + 1]!;
    }
    return;
  }
  for (let i = start, k = 0; i < end; i++) {
    const s = rows[i]! * channels;
    for (let c = 0; c < channels; c++, k++) out[k] = src[s + c]!;
  }
}

function fill4(
  codes: Uint8Array, rows: Int32Array, start: number, end: number, c0: number, c1: number, c2: number, c3: number,
  ordered: Float64Array, hist: Float64Array, h0: number, h1: number, h2: number, h3: number,
): void {
  for (let i = start, v = 0; i < end; i++, v += 2) {
    const r = rows[i]!;
    const g = ordered[v]!;
    const h = ordered[v + 1]!;
    let j = h0 + (codes[c0 + r]! << 1);
    hist[j] += g;
    hist[j + 1] += h;
    j = h1 + (codes[c1 + r]! << 1);
    hist[j] += g;
    hist[j + 1] += h;
    j = h2 + (codes[c2 + r]! << 1);
    hist[j] += g;
    hist[j + 1] += h;
    j = h3 + (codes[c3 + r]! << 1);
    hist[j] += g;
    hist[j + 1] += h;
  }
}

function fill8(
  codes: Uint8Array, nRows: number, rows: Int32Array, start: number, end: number, features: Int32Array, binOffset: Int32Array, k: number,
  ordered: Float64Array, hist: Float64Array,
): void {
  const c0 = features[k]! * nRows, c1 = features[k + 1]! * nRows, c2 = features[k + 2]! * nRows, c3 = features[k + 3]! * nRows;
  const c4 = features[k + 4]! * nRows, c5 = features[k + 5]! * nRows, c6 = features[k + 6]! * nRows, c7 = features[k + 7]! * nRows;
  const h0 = binOffset[features[k]!]! * 2, h1 = binOffset[features[k + 1]!]! * 2, h2 = binOffset[features[k + 2]!]! * 2, h3 = binOffset[features[k + 3]!]! * 2;
  const h4 = binOffset[features[k + 4]!]! * 2, h5 = binOffset[features[k + 5]!]! * 2, h6 = binOffset[features[k + 6]!]! * 2, h7 = binOffset[features[k + 7]!]! * 2;
  for (let i = start, v = 0; i < end; i++, v += 2) {
    const r = rows[i]!;
    const g = ordered[v]!;
    const h = ordered[v + 1]!;
    let j = h0 + (codes[c0 + r]! << 1);
    hist[j] += g;
    hist[j + 1] += h;
    j = h1 + (codes[c1 + r]! << 1);
    hist[j] += g;
    hist[j + 1] += h;
    j = h2 + (codes[c2 + r]! << 1);
    hist[j] += g;
    hist[j + 1] += h;
    j = h3 + (codes[c3 + r]! << 1);
    hist[j] += g;
    hist[j + 1] += h;
    j = h4 + (codes[c4 + r]! << 1);
    hist[j] += g;
    hist[j + 1] += h;
    j = h5 + (codes[c5 + r]! << 1);
    hist[j] += g;
    hist[j + 1] += h;
    j = h6 + (codes[c6 + r]! << 1);
    hist[j] += g;
    hist[j + 1] += h;
    j = h7 + (codes[c7 + r]! << 1);
    hist[j] += g;
    hist[j + 1] += h;
  }
}

function fill8Contiguous(
  codes: Uint8Array, nRows: number, first: number, n: number, features: Int32Array, binOffset: Int32Array, k: number,
  values: Float64Array, base: number, hist: Float64Array,
): void {
  const c0 = features[k]! * nRows + first, c1 = features[k + 1]! * nRows + first, c2 = features[k + 2]! * nRows + first, c3 = features[k + 3]! * nRows + first;
  const c4 = features[k + 4]! * nRows + first, c5 = features[k + 5]! * nRows + first, c6 = features[k + 6]! * nRows + first, c7 = features[k + 7]! * nRows + first;
  const h0 = binOffset[features[k]!]! * 2, h1 = binOffset[features[k + 1]!]! * 2, h2 = binOffset[features[k + 2]!]! * 2, h3 = binOffset[features[k + 3]!]! * 2;
  const h4 = binOffset[features[k + 4]!]! * 2, h5 = binOffset[features[k + 5]!]! * 2, h6 = binOffset[features[k + 6]!]! * 2, h7 = binOffset[features[k + 7]!]! * 2;
  for (let i = 0, v = base; i < n; i++, v += 2) {
    const g = values[v]!;
    const h = values[v + 1]!;
    let j = h0 + (codes[c0 + i]! << 1);
    hist[j] += g;
    hist[j + 1] += h;
    j = h1 + (codes[c1 + i]! << 1);
    hist[j] += g;
    hist[j + 1] += h;
    j = h2 + (codes[c2 + i]! << 1);
    hist[j] += g;
    hist[j + 1] += h;
    j = h3 + (codes[c3 + i]! << 1);
    hist[j] += g;
    hist[j + 1] += h;
    j = h4 + (codes[c4 + i]! << 1);
    hist[j] += g;
    hist[j + 1] += h;
    j = h5 + (codes[c5 + i]! << 1);
    hist[j] += g;
    hist[j + 1] += h;
    j = h6 + (codes[c6 + i]! << 1);
    hist[j] += g;
    hist[j + 1] += h;
    j = h7 + (codes[c7 + i]! << 1);
    hist[j] += g;
    hist[j + 1] += h;
  }
}

function fill4Contiguous(
  codes: Uint8Array, first: number, n: number, c0: number, c1: number, c2: number, c3: number,
  values: Float64Array, base: number, hist: Float64Array, h0: number, h1: number, h2: number, h3: number,
): void {
  for (let i = 0, v = base; i < n; i++, v += 2) {
    const r = first + i;
    const g = values[v]!;
    const h = values[v + 1]!;
    let j = h0 + (codes[c0 + r]! << 1);
    hist[j] += g;
    hist[j + 1] += h;
    j = h1 + (codes[c1 + r]! << 1);
    hist[j] += g;
    hist[j + 1] += h;
    j = h2 + (codes[c2 + r]! << 1);
    hist[j] += g;
    hist[j + 1] += h;
    j = h3 + (codes[c3 + r]! << 1);
    hist[j] += g;
    hist[j + 1] += h;
  }
}

function fill2Contiguous(codes: Uint8Array, at: number, n: number, values: Float64Array, base: number, hist: Float64Array, h0: number): void {
  for (let i = 0; i < n; i++) {
    const j = h0 + (codes[at + i]! << 1);
    const v = base + (i << 1);
    hist[j] += values[v]!;
    hist[j + 1] += values[v + 1]!;
  }
}

function fill2(codes: Uint8Array, col: number, rows: Int32Array, start: number, end: number, ordered: Float64Array, hist: Float64Array, h0: number): void {
  for (let i = start, v = 0; i < end; i++, v += 2) {
    const j = h0 + (codes[col + rows[i]!]! << 1);
    hist[j] += ordered[v]!;
    hist[j + 1] += ordered[v + 1]!;
  }
}

function fillAny(
  codes: Uint8Array, col: number, rows: Int32Array, start: number, end: number, contiguous: boolean,
  values: Float64Array, base: number, channels: number, hist: Float64Array, h0: number,
): void {
  const first = rows[start]!;
  for (let i = start, v = base; i < end; i++, v += channels) {
    const r = contiguous ? first + (i - start) : rows[i]!;
    const j = h0 + codes[col + r]! * channels;
    for (let c = 0; c < channels; c++) hist[j + c] += values[v + c]!;
  }
}

/** Zeroes the regions of `features` (a histogram about to be filled). */
export function clearFeatures(hist: Float64Array, binOffset: Int32Array, channels: number, features: Int32Array, nFeatures: number): void {
  for (let k = 0; k < nFeatures; k++) {
    const f = features[k]!;
    hist.fill(0, binOffset[f]! * channels, binOffset[f + 1]! * channels);
  }
}

/** parent -= child over `features`: the sibling's histogram without a pass over its rows. */
export function subtractInto(parent: Float64Array, child: Float64Array, binOffset: Int32Array, channels: number, features: Int32Array, nFeatures: number): void {
  for (let k = 0; k < nFeatures; k++) {
    const f = features[k]!;
    const end = binOffset[f + 1]! * channels;
    for (let j = binOffset[f]! * channels; j < end; j++) parent[j] -= child[j]!;
  }
}

/** Reuses histogram buffers: a depth-first grower needs about depth + 2 at once. */
export class HistogramPool {
  private readonly free: Float64Array[] = [];
  constructor(
    private readonly size: number,
    private readonly allocator?: ArrayAllocator,
  ) {}

  acquire(): Float64Array {
    return this.free.pop() ?? (this.allocator ? this.allocator.float64(this.size) : new Float64Array(this.size));
  }

  release(h: Float64Array): void {
    this.free.push(h);
  }
}

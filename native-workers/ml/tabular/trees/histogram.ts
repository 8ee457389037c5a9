/**
 * Per-node histograms: for each feature and bin, the sums of the rows' channels (gradient and
 * hessian for boosting; class weights and a count for CART). Building them is where tree
 * learning spends its time, so these loops are kept free of closures and allocation.
 */
import type { BinnedMatrix } from './binning';

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
}

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
}

/** Single-threaded builder; it keeps one scratch buffer for the node's values gathered in row order. */
export class SequentialHistogramBuilder implements HistogramBuilder {
  private ordered = new Float64Array(0);

  build(task: HistogramTask): void {
    const { binned, rowValues, channels, rows, start, end, features, nFeatures, hist } = task;
    const n = end - start;
    if (n <= 0) return;
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

/**
 * Quantile binning of features into uint8 codes, the input of every tree learner here.
 * Trees search splits over per-bin histograms instead of sorted values, so a split costs
 * O(bins) instead of O(rows); the thresholds are kept so fitted trees predict on raw floats.
 */
import type { Matrix } from '../matrix';
import { rng } from '../rng';

export const DEFAULT_MAX_BINS = 256;
/** Thresholds are computed from at most this many rows (as scikit-learn does): sorting 1M values per feature costs more than it gains. */
export const DEFAULT_BIN_SAMPLE_ROWS = 200_000;

export interface BinningOptions {
  /** Bins per feature including the missing-value bin, 3..256. */
  readonly maxBins?: number;
  readonly sampleRows?: number;
  /** Seeds the row subsample when there are more than `sampleRows` rows. */
  readonly seed?: number;
}

export interface BinEdges {
  /**
   * Per feature, ascending split points: value x gets code #{t < x}, so code ≤ b ⟺ x ≤ thresholds[b].
   * NaN gets the feature's missing code, thresholds.length + 1.
   */
  readonly thresholds: readonly Float64Array[];
  /**
   * Per feature with no more distinct values than bins, the value of each bin (one each), so a
   * tree can put its threshold halfway between the values its node actually holds, as CART does;
   * null for quantile-binned features.
   */
  readonly exactValues: readonly (Float64Array | null)[];
}

export interface BinnedMatrix {
  readonly rows: number;
  readonly cols: number;
  /** Column-major, so a histogram pass reads one feature's codes contiguously: feature f of row r is codes[f * rows + r]. */
  readonly codes: Uint8Array;
  readonly edges: BinEdges;
  /** Feature f has value codes 0..valueBins[f]-1; code valueBins[f] is its missing bin. */
  readonly valueBins: Int32Array;
  /** Histograms lay features one after another, valueBins[f] + 1 bins each: feature f starts at binOffset[f]; binOffset[cols] is the total. */
  readonly binOffset: Int32Array;
}

export function fitBinEdges(X: Matrix, opts: BinningOptions = {}): BinEdges {
  const maxBins = opts.maxBins ?? DEFAULT_MAX_BINS;
  if (!(maxBins >= 3 && maxBins <= 256)) throw new Error(`maxBins must be within 3..256, got ${maxBins}.`);
  const valueBins = maxBins - 1;
  const sample = sampleRowIndices(X.rows, opts.sampleRows ?? DEFAULT_BIN_SAMPLE_ROWS, opts.seed ?? 0);
  const thresholds: Float64Array[] = [];
  const exactValues: (Float64Array | null)[] = [];
  // Eight features per pass over the sampled rows: one cache miss per row and pass rather than per value.
  const group = 8;
  const values = Array.from({ length: Math.min(group, X.cols) }, () => new Float64Array(sample.length));
  const counts = new Int32Array(group);
  const { cols, data } = X;
  const sorter = new RadixSorter(sample.length);
  for (let f0 = 0; f0 < cols; f0 += group) {
    const f1 = Math.min(cols, f0 + group);
    counts.fill(0);
    for (let i = 0; i < sample.length; i++) {
      const o = sample[i]! * cols;
      for (let f = f0; f < f1; f++) {
        const v = data[o + f]!;
        if (v === v) values[f - f0]![counts[f - f0]!++] = v;
      }
    }
    for (let f = f0; f < f1; f++) {
      const e = thresholdsOf(sorter.sort(values[f - f0]!.subarray(0, counts[f - f0]!)), valueBins);
      thresholds.push(e.thresholds);
      exactValues.push(e.exact);
    }
  }
  return { thresholds, exactValues };
}

/** Ascending, deduplicated split points for sorted non-missing values. */
function thresholdsOf(sorted: Float64Array, valueBins: number): { thresholds: Float64Array; exact: Float64Array | null } {
  const distinct: number[] = [];
  // Only a feature with no more distinct values than bins needs them all: stop counting past that.
  for (let i = 0; i < sorted.length && distinct.length <= valueBins; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]!);
  const out: number[] = [];
  if (distinct.length <= valueBins) {
    for (let i = 1; i < distinct.length; i++) out.push(between(distinct[i - 1]!, distinct[i]!));
  } else {
    // numpy.percentile(method='midpoint') at valueBins-1 evenly spaced levels, like scikit-learn's HistGradientBoosting.
    const n = sorted.length;
    for (let i = 1; i < valueBins; i++) {
      const pos = (i / valueBins) * (n - 1);
      const lo = sorted[Math.floor(pos)]!;
      const hi = sorted[Math.ceil(pos)]!;
      const t = lo === hi ? lo : between(lo, hi);
      if (out.length === 0 || t > out[out.length - 1]!) out.push(t);
    }
  }
  return { thresholds: Float64Array.from(out), exact: distinct.length <= valueBins ? Float64Array.from(distinct) : null };
}

/**
 * Sorts float64 values without NaN ascending, in the order Float64Array.prototype.sort gives
 * (-0 before 0): an LSD radix sort of their bit patterns, one byte per pass. V8's typed-array
 * sort took ~130 ms per 200,000 values, which made binning a tenth of a 1M-row fit.
 */
export class RadixSorter {
  private lo: Uint32Array;
  private hi: Uint32Array;
  private lo2: Uint32Array;
  private hi2: Uint32Array;
  private readonly counts = new Int32Array(256 * 8);

  constructor(capacity: number) {
    this.lo = new Uint32Array(capacity);
    this.hi = new Uint32Array(capacity);
    this.lo2 = new Uint32Array(capacity);
    this.hi2 = new Uint32Array(capacity);
  }

  sort(v: Float64Array): Float64Array {
    const n = v.length;
    if (n > this.lo.length) throw new Error(`RadixSorter holds ${this.lo.length} values, got ${n}.`);
    const bits = new Uint32Array(v.buffer, v.byteOffset, 2 * n);
    const { counts } = this;
    counts.fill(0);
    let { lo, hi, lo2, hi2 } = this;
    for (let i = 0; i < n; i++) {
      // Order-preserving keys: negative numbers flip all bits, the others flip the sign bit.
      let l = bits[2 * i]!;
      let h = bits[2 * i + 1]!;
      if (h & 0x80000000) {
        l = ~l >>> 0;
        h = ~h >>> 0;
      } else {
        h = (h | 0x80000000) >>> 0;
      }
      lo[i] = l;
      hi[i] = h;
      for (let p = 0; p < 4; p++) {
        counts[p * 256 + ((l >>> (8 * p)) & 255)]++;
        counts[(p + 4) * 256 + ((h >>> (8 * p)) & 255)]++;
      }
    }
    for (let p = 0; p < 8; p++) {
      const c = p * 256;
      const shift = 8 * (p & 3);
      const key = p < 4 ? lo : hi;
      // A byte every value shares orders nothing.
      if (counts[c + ((key[0]! >>> shift) & 255)] === n) continue;
      for (let b = 0, sum = 0; b < 256; b++) {
        const t = counts[c + b]!;
        counts[c + b] = sum;
        sum += t;
      }
      for (let i = 0; i < n; i++) {
        const d = counts[c + ((key[i]! >>> shift) & 255)]++;
        lo2[d] = lo[i]!;
        hi2[d] = hi[i]!;
      }
      [lo, lo2] = [lo2, lo];
      [hi, hi2] = [hi2, hi];
    }
    for (let i = 0; i < n; i++) {
      const h = hi[i]!;
      const neg = (h & 0x80000000) === 0;
      bits[2 * i] = neg ? ~lo[i]! : lo[i]!;
      bits[2 * i + 1] = neg ? ~h : h & 0x7fffffff;
    }
    return v;
  }
}

/** A point a ≤ t < b, the midpoint where representable (the way scikit-learn's CART computes it). */
export function between(a: number, b: number): number {
  let t = a / 2 + b / 2;
  if (t >= b || !Number.isFinite(t)) t = a;
  return Math.min(Math.max(t, -Number.MAX_VALUE), Number.MAX_VALUE);
}

function sampleRowIndices(rows: number, sampleRows: number, seed: number): Int32Array {
  const all = new Int32Array(rows);
  for (let i = 0; i < rows; i++) all[i] = i;
  if (rows <= sampleRows) return all;
  const r = rng(seed);
  // Partial Fisher–Yates: the first sampleRows slots become a uniform sample without replacement.
  for (let i = 0; i < sampleRows; i++) {
    const j = i + r.int(rows - i);
    const t = all[i]!;
    all[i] = all[j]!;
    all[j] = t;
  }
  return all.subarray(0, sampleRows).sort();
}

export function binCode(thresholds: Float64Array, x: number): number {
  if (x !== x) return thresholds.length + 1;
  let lo = 0;
  let hi = thresholds.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x <= thresholds[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function applyBins(X: Matrix, edges: BinEdges, allocateCodes: (length: number) => Uint8Array = (n) => new Uint8Array(n)): BinnedMatrix {
  const thresholds = edges.thresholds;
  if (thresholds.length !== X.cols) throw new Error(`Bin edges are for ${thresholds.length} features, the matrix has ${X.cols}.`);
  const { rows, cols, data } = X;
  const codes = allocateCodes(rows * cols);
  const padded = thresholds.map(padEdges);
  // Small row blocks keep the row-major source in cache while writing column-major codes.
  const block = 512;
  for (let r0 = 0; r0 < rows; r0 += block) {
    const r1 = Math.min(rows, r0 + block);
    for (let f = 0; f < cols; f++) {
      const t = padded[f]!;
      const missing = thresholds[f]!.length + 1;
      const out = f * rows;
      for (let r = r0; r < r1; r++) {
        const x = data[r * cols + f]!;
        codes[out + r] = x === x ? searchPadded(t, x) : missing;
      }
    }
  }
  const valueBins = new Int32Array(cols);
  const binOffset = new Int32Array(cols + 1);
  for (let f = 0; f < cols; f++) {
    valueBins[f] = thresholds[f]!.length + 1;
    binOffset[f + 1] = binOffset[f]! + valueBins[f]! + 1;
  }
  return { rows, cols, codes, edges, valueBins, binOffset };
}

/** Thresholds padded with +Infinity to 256 slots, so the search below is a fixed eight steps. */
function padEdges(t: Float64Array): Float64Array {
  const out = new Float64Array(256).fill(Infinity);
  out.set(t);
  return out;
}

/** #{t < x} over padded thresholds without data-dependent branches (they mispredict half the time). */
function searchPadded(t: Float64Array, x: number): number {
  let lo = 0;
  lo += +(x > t[lo + 127]!) << 7;
  lo += +(x > t[lo + 63]!) << 6;
  lo += +(x > t[lo + 31]!) << 5;
  lo += +(x > t[lo + 15]!) << 4;
  lo += +(x > t[lo + 7]!) << 3;
  lo += +(x > t[lo + 3]!) << 2;
  lo += +(x > t[lo + 1]!) << 1;
  return lo + +(x > t[lo]!);
}

export function binMatrix(X: Matrix, opts: BinningOptions = {}, allocateCodes?: (length: number) => Uint8Array): BinnedMatrix {
  return applyBins(X, fitBinEdges(X, opts), allocateCodes);
}

/**
 * The loops that move boosting's packed records at splits and add leaf values to training
 * scores, behind one interface so a worker can lend WebAssembly versions of them
 * (runtime/wasm-trees.ts; wasm/kernels.ts is their source). These JS versions are the fallback
 * and the reference: both visit rows in the same order, so they give identical trees.
 *
 * A block holds one record of `stride` bytes per position: the row's codes (codeBytes, a
 * multiple of 8), its gradient pair (two float64), its row index (int32) and padding.
 */
import type { BinnedMatrix } from './binning';

export interface PackedKernels {
  /** Positions start..end of src into dst: left rows forward from start, right rows backward from end; returns where the right child starts. */
  partition(src: Uint8Array, dst: Uint8Array, stride: number, start: number, end: number, feature: number, goLeft: Uint8Array): number;
  /** partition() of a root read from the template, whose gradient pairs come from rowValues (position i is row i). */
  partitionTemplate(
    src: Uint8Array, dst: Uint8Array, stride: number, codeBytes: number, rowValues: Float64Array, start: number, end: number, feature: number, goLeft: Uint8Array,
  ): number;
  /** Children that are leaves: only their row indices, into rows (same placement as partition). */
  partitionRows(src: Uint8Array, stride: number, rowByte: number, start: number, end: number, feature: number, goLeft: Uint8Array, rows: Int32Array): number;
  /** Row indices of positions start..end into rows[start..end). */
  settle(src: Uint8Array, stride: number, rowByte: number, start: number, end: number, rows: Int32Array): void;
  /** Template records of rows[0..n) with their gradient pairs into dst (a subsampled root). */
  gatherRoot(template: Uint8Array, dst: Uint8Array, stride: number, codeBytes: number, rowValues: Float64Array, rows: Int32Array, n: number): void;
  /** raw[rows[i] * K + k] += value for i in start..end. */
  addLeaf(rows: Int32Array, start: number, end: number, raw: Float64Array, K: number, k: number, value: number): void;
  /**
   * Boosting's split search (GradientCriterion) over a histogram in this memory, into `best`;
   * when absent, SplitSearch in grow.ts (the reference it must match) runs.
   */
  searchGradient?(
    hist: Float64Array, binned: BinnedMatrix, features: Int32Array, nFeatures: number, parent: Float64Array,
    lambda: number, minChildWeight: number, best: SplitChoice,
  ): void;
}

/** The best split found so far: left and right hold the children's channel sums. */
export interface SplitChoice {
  gain: number;
  feature: number;
  bin: number;
  missingLeft: boolean;
  readonly left: Float64Array;
  readonly right: Float64Array;
}

const words = (b: Uint8Array): Int32Array => new Int32Array(b.buffer, b.byteOffset, b.byteLength >> 2);
const doubles = (b: Uint8Array): Float64Array => new Float64Array(b.buffer, b.byteOffset, b.byteLength >> 3);

export const jsKernels: PackedKernels = {
  partition(srcBytes, dstBytes, stride, start, end, feature, goLeft) {
    const src = words(srcBytes);
    const dst = words(dstBytes);
    const W = stride >> 2;
    let l = start;
    let r = end - 1;
    for (let i = start, o = start * stride + feature, a = start * W; i < end; i++, o += stride, a += W) {
      const d = (goLeft[srcBytes[o]!] === 1 ? l++ : r--) * W;
      if (W === 14) {
        // 32 code bytes, the gradient pair, the row index (word 13 is padding).
        dst[d] = src[a]!;
        dst[d + 1] = src[a + 1]!;
        dst[d + 2] = src[a + 2]!;
        dst[d + 3] = src[a + 3]!;
        dst[d + 4] = src[a + 4]!;
        dst[d + 5] = src[a + 5]!;
        dst[d + 6] = src[a + 6]!;
        dst[d + 7] = src[a + 7]!;
        dst[d + 8] = src[a + 8]!;
        dst[d + 9] = src[a + 9]!;
        dst[d + 10] = src[a + 10]!;
        dst[d + 11] = src[a + 11]!;
        dst[d + 12] = src[a + 12]!;
      } else {
        for (let w = 0; w < W; w += 2) {
          dst[d + w] = src[a + w]!;
          dst[d + w + 1] = src[a + w + 1]!;
        }
      }
    }
    return l;
  },

  partitionTemplate(srcBytes, dstBytes, stride, codeBytes, rowValues, start, end, feature, goLeft) {
    const src = words(srcBytes);
    const dst = words(dstBytes);
    const dv = doubles(dstBytes);
    const W = stride >> 2;
    const F = W >> 1;
    const V = codeBytes >> 3;
    const rowWord = (codeBytes + 16) >> 2;
    let l = start;
    let r = end - 1;
    for (let i = start, o = start * stride + feature, a = start * W; i < end; i++, o += stride, a += W) {
      const t = goLeft[srcBytes[o]!] === 1 ? l++ : r--;
      const d = t * W;
      // The values' two slots are written below: copy codes and the row index only.
      for (let w = 0; w < codeBytes >> 2; w += 2) {
        dst[d + w] = src[a + w]!;
        dst[d + w + 1] = src[a + w + 1]!;
      }
      dst[d + rowWord] = src[a + rowWord]!;
      dv[t * F + V] = rowValues[2 * i]!;
      dv[t * F + V + 1] = rowValues[2 * i + 1]!;
    }
    return l;
  },

  partitionRows(srcBytes, stride, rowByte, start, end, feature, goLeft, rows) {
    const src = words(srcBytes);
    const W = stride >> 2;
    let l = start;
    let r = end - 1;
    for (let i = start, o = start * stride + feature, a = start * W + (rowByte >> 2); i < end; i++, o += stride, a += W) {
      if (goLeft[srcBytes[o]!] === 1) rows[l++] = src[a]!;
      else rows[r--] = src[a]!;
    }
    return l;
  },

  settle(srcBytes, stride, rowByte, start, end, rows) {
    const src = words(srcBytes);
    const W = stride >> 2;
    for (let i = start, a = start * W + (rowByte >> 2); i < end; i++, a += W) rows[i] = src[a]!;
  },

  gatherRoot(templateBytes, dstBytes, stride, codeBytes, rowValues, rows, n) {
    const template = words(templateBytes);
    const dst = words(dstBytes);
    const values = doubles(dstBytes);
    const W = stride >> 2;
    const F = W >> 1;
    const V = codeBytes >> 3;
    for (let i = 0; i < n; i++) {
      const r = rows[i]!;
      for (let w = 0, a = i * W, b = r * W; w < W; w++) dst[a + w] = template[b + w]!;
      values[i * F + V] = rowValues[2 * r]!;
      values[i * F + V + 1] = rowValues[2 * r + 1]!;
    }
  },

  addLeaf(rows, start, end, raw, K, k, value) {
    for (let i = start; i < end; i++) raw[rows[i]! * K + k] += value;
  },
};

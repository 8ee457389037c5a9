import { describe, expect, it } from 'vitest';
import { matrix } from '../matrix';
import { rng } from '../rng';
import { binMatrix, type BinnedMatrix } from './binning';
import { clearFeatures, HistogramPool, PACKED_SPARE, SequentialHistogramBuilder, subtractInto, type PackedNode } from './histogram';

const N = 120;

/** N rows × cols features of few distinct values (some missing), so every bin, the missing one included, is used. */
function binned(cols: number, seed: number): BinnedMatrix {
  const r = rng(seed);
  const X = matrix(N, cols);
  for (let i = 0; i < X.data.length; i++) X.data[i] = r.next() < 0.1 ? NaN : r.int(3 + (i % 7));
  return binMatrix(X);
}

function rowValues(channels: number, seed: number): Float64Array {
  const r = rng(seed);
  return Float64Array.from({ length: N * channels }, () => Math.round(r.normal() * 1000) / 64);
}

/** The histogram by its definition: every listed row's channels added into its bin. */
function reference(b: BinnedMatrix, values: Float64Array, channels: number, rows: number[], features: number[]): Float64Array {
  const hist = new Float64Array(b.binOffset[b.cols]! * channels);
  for (const f of features) {
    for (const row of rows) {
      const at = (b.binOffset[f]! + b.codes[f * b.rows + row]!) * channels;
      for (let c = 0; c < channels; c++) hist[at + c] += values[row * channels + c]!;
    }
  }
  return hist;
}

/** Features 0..cols-1 in a shuffled subset of `k`, ascending (as the grower passes them). */
function someFeatures(cols: number, k: number, seed: number): number[] {
  const r = rng(seed);
  const all = Array.from({ length: cols }, (_, i) => i);
  for (let i = cols - 1; i > 0; i--) {
    const j = r.int(i + 1);
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all.slice(0, k).sort((a, b) => a - b);
}

/** The rows as the packed layout holds them: codes, gradient pair, row index per record. */
function packedNode(b: BinnedMatrix, values: Float64Array, rows: number[]): PackedNode {
  const codeBytes = ((b.cols + 7) >> 3) << 3;
  const stride = codeBytes + 24;
  const data = new Uint8Array(rows.length * stride);
  const doubles = new Float64Array(data.buffer);
  rows.forEach((row, i) => {
    for (let f = 0; f < b.cols; f++) data[i * stride + f] = b.codes[f * b.rows + row]!;
    doubles[(i * stride + codeBytes) >> 3] = values[2 * row]!;
    doubles[((i * stride + codeBytes) >> 3) + 1] = values[2 * row + 1]!;
  });
  return { data, stride, values: doubles, valueAt: codeBytes >> 3, valueStride: stride >> 3 };
}

describe('histogram passes match the histogram by definition', () => {
  // Feature counts that take each grouping (8 at a time, 4, one by one; packed 16, 8, 4 with spare slots).
  const featureCounts = [1, 3, 4, 5, 8, 11, 12, 16, 17, 19, 23];
  const builder = new SequentialHistogramBuilder();

  for (const channels of [2, 3]) {
    for (const k of featureCounts) {
      it(`${channels} channels, ${k} features: consecutive rows and rows with gaps`, () => {
        const b = binned(24, k);
        const values = rowValues(channels, k + 100);
        const features = someFeatures(24, k, k + 7);
        const consecutive = Array.from({ length: 50 }, (_, i) => 30 + i);
        const gaps = Array.from({ length: N }, (_, i) => i).filter((i) => i % 3 !== 1 && i > 4);
        for (const chosen of [consecutive, gaps]) {
          // The node is rows[start..end) of a longer row list.
          const list = Int32Array.from([0, 1, ...chosen, 119]);
          const hist = new Float64Array(b.binOffset[b.cols]! * channels);
          builder.build({ binned: b, rowValues: values, channels, rows: list, start: 2, end: 2 + chosen.length, features: Int32Array.from(features), nFeatures: k, hist });
          expect(Array.from(hist)).toEqual(Array.from(reference(b, values, channels, chosen, features)));
        }
      });
    }
  }

  for (const k of featureCounts) {
    it(`packed records, ${k} features, a node in the middle of the block`, () => {
      const b = binned(24, k + 50);
      const values = rowValues(2, k + 200);
      const features = someFeatures(24, k, k + 9);
      const order = Array.from({ length: N }, (_, i) => (i * 37) % N);
      const node = packedNode(b, values, order);
      const size = b.binOffset[b.cols]! * 2;
      const hist = new Float64Array(size + PACKED_SPARE);
      builder.build({ binned: b, rowValues: values, channels: 2, rows: new Int32Array(N), start: 10, end: 90, features: Int32Array.from(features), nFeatures: k, hist, packed: node });
      expect(Array.from(hist.subarray(0, size))).toEqual(Array.from(reference(b, values, 2, order.slice(10, 90), features)));
    });
  }

  it('an empty node adds nothing', () => {
    const b = binned(5, 1);
    const values = rowValues(2, 1);
    const hist = new Float64Array(b.binOffset[b.cols]! * 2 + PACKED_SPARE);
    builder.build({ binned: b, rowValues: values, channels: 2, rows: new Int32Array(N), start: 7, end: 7, features: Int32Array.of(0, 1), nFeatures: 2, hist });
    builder.build({ binned: b, rowValues: values, channels: 2, rows: new Int32Array(N), start: 7, end: 7, features: Int32Array.of(0, 1), nFeatures: 2, hist, packed: packedNode(b, values, [1, 2]) });
    expect(hist.every((v) => v === 0)).toBe(true);
  });
});

describe('histogram buffers', () => {
  const binOffset = Int32Array.of(0, 2, 5, 6);

  it('clears and subtracts only the listed features’ regions', () => {
    const parent = Float64Array.from({ length: 12 }, (_, i) => 10 + i);
    const child = new Float64Array(12).fill(1);
    subtractInto(parent, child, binOffset, 2, Int32Array.of(1, 2, 0), 2);
    expect(Array.from(parent)).toEqual([10, 11, 12, 13, 13, 14, 15, 16, 17, 18, 19, 20]);
    clearFeatures(parent, binOffset, 2, Int32Array.of(2, 0, 1), 1);
    expect(Array.from(parent)).toEqual([10, 11, 12, 13, 13, 14, 15, 16, 17, 18, 0, 0]);
  });

  it('hands a released buffer out again, and new ones of the pool’s size', () => {
    const pool = new HistogramPool(6);
    const a = pool.acquire();
    expect(a.length).toBe(6);
    pool.release(a);
    expect(pool.acquire()).toBe(a);
    expect(pool.acquire()).not.toBe(a);
  });
});

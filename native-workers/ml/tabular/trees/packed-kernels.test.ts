import { describe, expect, it } from 'vitest';
import { rng } from '../rng';
import { jsKernels } from './packed-kernels';

/**
 * Blocks of `n` records of `stride` = codeBytes + 24 bytes: codes, a gradient pair (two float64), the row
 * index (int32) and four bytes of padding, filled with random bytes so every byte copied shows where it went.
 */
function block(n: number, codeBytes: number, seed: number): { bytes: Uint8Array; stride: number } {
  const stride = codeBytes + 24;
  const r = rng(seed);
  const bytes = Uint8Array.from({ length: n * stride }, () => r.int(256));
  return { bytes, stride };
}

/** A record's bytes without its padding (the 32-byte copy leaves that out). */
const record = (b: Uint8Array, stride: number, i: number): number[] => Array.from(b.subarray(i * stride, (i + 1) * stride - 4));
const rowIndex = (b: Uint8Array, stride: number, i: number): number => new DataView(b.buffer, b.byteOffset).getInt32(i * stride + stride - 8, true);
const value = (b: Uint8Array, stride: number, i: number, k: number): number => new DataView(b.buffer, b.byteOffset).getFloat64(i * stride + stride - 24 + 8 * k, true);

/** goLeft for codes < 128 (a split at bin 127), so random codes go either way. */
const table = Uint8Array.from({ length: 256 }, (_, b) => (b < 128 ? 1 : 0));

/** Where a partition puts each position: left ones forward from start, right ones backward from end. */
function placement(src: Uint8Array, stride: number, start: number, end: number, feature: number): { to: Map<number, number>; mid: number } {
  const to = new Map<number, number>();
  let l = start;
  let r = end - 1;
  for (let i = start; i < end; i++) to.set(i, table[src[i * stride + feature]!] === 1 ? l++ : r--);
  return { to, mid: l };
}

describe('packed record kernels (the JS reference)', () => {
  for (const codeBytes of [32, 16, 8]) {
    it(`moves whole records at a split, ${codeBytes} code bytes: left forward from start, right backward from end`, () => {
      const { bytes: src, stride } = block(40, codeBytes, codeBytes);
      const dst = new Uint8Array(src.length).fill(0xee);
      const [start, end, feature] = [5, 33, codeBytes - 3];
      const { to, mid } = placement(src, stride, start, end, feature);
      expect(mid).toBeGreaterThan(start + 3);
      expect(mid).toBeLessThan(end - 3);
      expect(jsKernels.partition(src, dst, stride, start, end, feature, table)).toBe(mid);
      for (const [from, at] of to) expect(record(dst, stride, at), `position ${from}`).toEqual(record(src, stride, from));
      // Outside the node nothing is written.
      expect(dst.subarray(0, start * stride).every((b) => b === 0xee)).toBe(true);
      expect(dst.subarray(end * stride).every((b) => b === 0xee)).toBe(true);
    });
  }

  it('splits a root read from the template: codes and row index copied, the gradient pair from the row values', () => {
    const { bytes: src, stride } = block(30, 16, 3);
    const rowValues = Float64Array.from({ length: 60 }, (_, i) => i * 1.5 - 7);
    const dst = new Uint8Array(src.length).fill(0xee);
    // The grower splits a template only at the root (start 0); any range works alike.
    const [start, end, feature] = [4, 30, 9];
    const { to, mid } = placement(src, stride, start, end, feature);
    expect(jsKernels.partitionTemplate(src, dst, stride, 16, rowValues, start, end, feature, table)).toBe(mid);
    for (const [from, at] of to) {
      expect(Array.from(dst.subarray(at * stride, at * stride + 16)), `codes of ${from}`).toEqual(Array.from(src.subarray(from * stride, from * stride + 16)));
      expect(rowIndex(dst, stride, at)).toBe(rowIndex(src, stride, from));
      expect([value(dst, stride, at, 0), value(dst, stride, at, 1)]).toEqual([rowValues[2 * from], rowValues[2 * from + 1]]);
    }
  });

  it('writes only row indices for children that are leaves, and settles a node’s row indices in place', () => {
    const { bytes: src, stride } = block(24, 8, 4);
    const rows = new Int32Array(24).fill(-9);
    const [start, end, feature] = [3, 20, 2];
    const { to, mid } = placement(src, stride, start, end, feature);
    expect(jsKernels.partitionRows(src, stride, stride - 8, start, end, feature, table, rows)).toBe(mid);
    for (const [from, at] of to) expect(rows[at]).toBe(rowIndex(src, stride, from));
    expect([...rows.subarray(0, start), ...rows.subarray(end)].every((v) => v === -9)).toBe(true);

    const settled = new Int32Array(24).fill(-9);
    jsKernels.settle(src, stride, stride - 8, 4, 11, settled);
    for (let i = 0; i < 24; i++) expect(settled[i]).toBe(i >= 4 && i < 11 ? rowIndex(src, stride, i) : -9);
  });

  it('gathers a subsampled root from the template, each record with its row’s gradient pair', () => {
    const { bytes: template, stride } = block(20, 16, 5);
    const rowValues = Float64Array.from({ length: 40 }, (_, i) => 100 - i * 0.25);
    const rows = Int32Array.of(2, 3, 7, 11, 19, 0);
    const dst = new Uint8Array(template.length).fill(0xee);
    jsKernels.gatherRoot(template, dst, stride, 16, rowValues, rows, 5);
    rows.subarray(0, 5).forEach((r, i) => {
      expect(Array.from(dst.subarray(i * stride, i * stride + 16))).toEqual(Array.from(template.subarray(r * stride, r * stride + 16)));
      expect(rowIndex(dst, stride, i)).toBe(rowIndex(template, stride, r));
      expect([value(dst, stride, i, 0), value(dst, stride, i, 1)]).toEqual([rowValues[2 * r], rowValues[2 * r + 1]]);
    });
    // n = 5: the sixth listed row is not gathered.
    expect(dst.subarray(5 * stride).every((b) => b === 0xee)).toBe(true);
  });

  it('adds a leaf value to the scores of its rows, output k of K', () => {
    const raw = Float64Array.from({ length: 12 }, (_, i) => i);
    jsKernels.addLeaf(Int32Array.of(9, 1, 3, 0), 1, 3, raw, 3, 2, 0.5);
    expect(Array.from(raw)).toEqual([0, 1, 2, 3, 4, 5.5, 6, 7, 8, 9, 10, 11.5]);
  });
});

import { describe, expect, it } from 'vitest';
import { dispatchGrid, packCodes, privateHistogramWgsl, TILE_ROWS, WORKGROUP } from './kernels';

describe('GPU boosting layout', () => {
  it('packs column-major codes row-major, four per word, as the shaders read them', () => {
    // 2 rows × 5 features, column-major: feature f of row r at f * 2 + r.
    const codes = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 255, 0]);
    const { words, data } = packCodes(codes, 2, 5);
    expect(words).toBe(2);
    const code = (r: number, f: number): number => (data[r * words + (f >> 2)]! >>> ((f & 3) * 8)) & 0xff;
    expect([0, 1, 2, 3, 4].map((f) => code(0, f))).toEqual([1, 3, 5, 7, 255]);
    expect([0, 1, 2, 3, 4].map((f) => code(1, f))).toEqual([2, 4, 6, 8, 0]);
  });

  it('spreads rows over two dispatch dimensions past the per-dimension limit', () => {
    expect(dispatchGrid(1000, 65535)).toEqual({ x: 4, y: 1, strideY: 4 * WORKGROUP });
    // No rows still dispatch one workgroup: zero would leave y = 0 / 0.
    expect(dispatchGrid(0, 65535)).toEqual({ x: 1, y: 1, strideY: WORKGROUP });
    const big = dispatchGrid(20_000_000, 65535);
    expect(big.x).toBe(65535);
    expect(big.x * big.y * WORKGROUP).toBeGreaterThanOrEqual(20_000_000);
  });

  it('covers every row with the private kernel\'s tiles, and sizes its workgroup array as asked', () => {
    for (const n of [1, 4095, 4096, 4097, 20_000_000]) {
      const tiles = dispatchGrid(Math.ceil(n / TILE_ROWS), 65535);
      expect(tiles.x * tiles.y * WORKGROUP * TILE_ROWS).toBeGreaterThanOrEqual(n);
    }
    expect(privateHistogramWgsl(8192)).toContain('var<workgroup> local: array<atomic<u32>, 8192>;');
  });
});

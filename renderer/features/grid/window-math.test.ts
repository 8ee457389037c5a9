import { describe, expect, it } from 'vitest';
import { keyTarget, maxScrollPx, pagesFor, scrollSpace, scrollTopFor, virtualTop, visibleRange, type GridGeometry } from './window-math';

const small: GridGeometry = { totalRows: 100, rowHeight: 28, viewportHeight: 280 };
const huge: GridGeometry = { totalRows: 1_000_000, rowHeight: 28, viewportHeight: 560 };

describe('scrollSpace', () => {
  it('is unscaled while rows fit under the cap', () => {
    expect(scrollSpace(small)).toEqual({ scrollHeight: 2800, virtualHeight: 2800, scaled: false });
  });
  it('caps the scroll height for a million rows', () => {
    const s = scrollSpace(huge);
    expect(s.scaled).toBe(true);
    expect(s.scrollHeight).toBe(maxScrollPx);
    expect(s.virtualHeight).toBe(28_000_000);
  });
});

describe('virtualTop / scrollTopFor', () => {
  it('is the identity when unscaled and clamps to the end', () => {
    expect(virtualTop(140, small)).toBe(140);
    expect(virtualTop(99_999, small)).toBe(2800 - 280);
    expect(virtualTop(-5, small)).toBe(0);
  });
  it('maps the ends of a scaled range onto the ends of the rows', () => {
    expect(virtualTop(0, huge)).toBe(0);
    const bottom = maxScrollPx - huge.viewportHeight;
    expect(virtualTop(bottom, huge)).toBe(28_000_000 - 560);
  });
  it('round-trips through scrollTopFor', () => {
    for (const v of [0, 1234, 9_876_543, 27_999_440]) {
      expect(virtualTop(scrollTopFor(v, huge), huge)).toBeCloseTo(v, 3);
    }
  });
});

describe('visibleRange', () => {
  it('covers the viewport plus overscan, clamped', () => {
    expect(visibleRange(0, small, 3)).toEqual({ start: 0, end: 13 });
    expect(visibleRange(280, small, 3)).toEqual({ start: 7, end: 23 });
    expect(visibleRange(2520, small, 3)).toEqual({ start: 87, end: 100 });
  });
  it('reaches the last of a million rows at the bottom', () => {
    const r = visibleRange(virtualTop(maxScrollPx, huge), huge, 2);
    expect(r.end).toBe(1_000_000);
    expect(r.start).toBe(1_000_000 - 20 - 2);
  });
  it('is empty without rows', () => {
    expect(visibleRange(0, { ...small, totalRows: 0 })).toEqual({ start: 0, end: 0 });
  });
});

describe('pagesFor', () => {
  it('lists every page touched by the range', () => {
    expect(pagesFor({ start: 0, end: 10 }, 256)).toEqual([0]);
    expect(pagesFor({ start: 250, end: 520 }, 256)).toEqual([0, 1, 2]);
    expect(pagesFor({ start: 5, end: 5 }, 256)).toEqual([]);
  });
});

describe('keyTarget', () => {
  it('moves by rows and pages, clamped at both ends', () => {
    expect(keyTarget('ArrowDown', 0, small)).toBe(28);
    expect(keyTarget('ArrowUp', 0, small)).toBe(0);
    expect(keyTarget('PageDown', 0, small)).toBe(9 * 28);
    expect(keyTarget('PageUp', 100, small)).toBe(0);
    expect(keyTarget('Home', 500, small)).toBe(0);
    expect(keyTarget('End', 0, small)).toBe(2800 - 280);
  });
  it('End reaches the last row of a million', () => {
    const v = keyTarget('End', 0, huge);
    expect(visibleRange(v, huge, 0).end).toBe(1_000_000);
  });
});

/**
 * The pure geometry of the virtual grid. Chromium caps an element's height
 * near 33.5M px, so past `maxScrollPx` the scrollable range is compressed and
 * scroll positions are mapped linearly onto the real (virtual) row offsets.
 */

export const maxScrollPx = 15_000_000;

export interface GridGeometry {
  readonly totalRows: number;
  readonly rowHeight: number;
  /** Height of the rows' viewport (scroll container minus header). */
  readonly viewportHeight: number;
}

export interface ScrollSpace {
  /** Height of the spacer the browser scrolls. */
  readonly scrollHeight: number;
  /** Height the rows would need unscaled. */
  readonly virtualHeight: number;
  readonly scaled: boolean;
}

export function scrollSpace(g: GridGeometry, cap = maxScrollPx): ScrollSpace {
  const virtualHeight = Math.max(0, g.totalRows * g.rowHeight);
  const scaled = virtualHeight > cap;
  return { scrollHeight: scaled ? cap : virtualHeight, virtualHeight, scaled };
}

/** Maps the browser's scrollTop to the virtual offset of the rows' top edge. */
export function virtualTop(scrollTop: number, g: GridGeometry, cap = maxScrollPx): number {
  const s = scrollSpace(g, cap);
  const maxScroll = Math.max(0, s.scrollHeight - g.viewportHeight);
  const maxVirtual = Math.max(0, s.virtualHeight - g.viewportHeight);
  const top = Math.min(Math.max(0, scrollTop), maxScroll);
  if (!s.scaled || maxScroll === 0) return Math.min(top, maxVirtual);
  return (top / maxScroll) * maxVirtual;
}

/** The inverse of virtualTop: the scrollTop that shows the given virtual offset. */
export function scrollTopFor(virtual: number, g: GridGeometry, cap = maxScrollPx): number {
  const s = scrollSpace(g, cap);
  const maxScroll = Math.max(0, s.scrollHeight - g.viewportHeight);
  const maxVirtual = Math.max(0, s.virtualHeight - g.viewportHeight);
  const v = Math.min(Math.max(0, virtual), maxVirtual);
  if (!s.scaled || maxVirtual === 0) return v;
  return (v / maxVirtual) * maxScroll;
}

export interface RowRange {
  /** First row to render (inclusive). */
  readonly start: number;
  /** One past the last row to render. */
  readonly end: number;
}

export function visibleRange(vTop: number, g: GridGeometry, overscan = 8): RowRange {
  if (g.totalRows <= 0 || g.rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(vTop / g.rowHeight);
  const last = Math.ceil((vTop + g.viewportHeight) / g.rowHeight);
  return { start: Math.max(0, first - overscan), end: Math.min(g.totalRows, last + overscan) };
}

/** The page indexes holding rows [start, end). */
export function pagesFor(range: RowRange, pageSize: number): number[] {
  if (range.end <= range.start) return [];
  const pages: number[] = [];
  for (let p = Math.floor(range.start / pageSize); p <= Math.floor((range.end - 1) / pageSize); p++) pages.push(p);
  return pages;
}

export type GridKey = 'ArrowUp' | 'ArrowDown' | 'PageUp' | 'PageDown' | 'Home' | 'End';

export function isGridKey(key: string): key is GridKey {
  return key === 'ArrowUp' || key === 'ArrowDown' || key === 'PageUp' || key === 'PageDown' || key === 'Home' || key === 'End';
}

/** Where a navigation key moves the virtual top; a page keeps one row of context. */
export function keyTarget(key: GridKey, vTop: number, g: GridGeometry): number {
  const maxVirtual = Math.max(0, g.totalRows * g.rowHeight - g.viewportHeight);
  const page = Math.max(g.rowHeight, Math.floor(g.viewportHeight / g.rowHeight - 1) * g.rowHeight);
  const next = (() => {
    switch (key) {
      case 'ArrowUp':
        return vTop - g.rowHeight;
      case 'ArrowDown':
        return vTop + g.rowHeight;
      case 'PageUp':
        return vTop - page;
      case 'PageDown':
        return vTop + page;
      case 'Home':
        return 0;
      case 'End':
        return maxVirtual;
    }
  })();
  return Math.min(Math.max(0, next), maxVirtual);
}

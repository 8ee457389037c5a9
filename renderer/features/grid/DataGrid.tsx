import { useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState, type KeyboardEvent } from 'react';
import type { Cell, ColumnType, DatasetSummary } from '../../../preload/contract';
import { reportError } from '../toasts';
import { PageCache } from './page-cache';
import { isGridKey, keyTarget, pagesFor, scrollSpace, scrollTopFor, virtualTop, visibleRange, type GridGeometry } from './window-math';
import './grid.css';

const rowHeight = 28;
const headerHeight = 44;
const pageSize = 256;
const columnWidth = 160;
const rowNumberWidth = 96;

function formatCell(cell: Cell, type: ColumnType): string {
  if (cell === null) return '';
  // Booleans are stored as 0/1.
  if (type === 'boolean' && typeof cell === 'number') return cell ? 'true' : 'false';
  if (typeof cell === 'number') return Number.isInteger(cell) ? String(cell) : String(Math.round(cell * 1e6) / 1e6);
  return cell;
}

export function DataGrid({ dataset }: { readonly dataset: DatasetSummary }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewportHeight, setViewportHeight] = useState(400);
  const [, bump] = useReducer((n: number) => n + 1, 0);
  // Appends and privacy jobs change a dataset in place: its row count or columns then start a fresh cache.
  const shape = `${dataset.rowCount}:${dataset.columns.map((c) => `${c.name}/${c.type}`).join(',')}`;
  const cache = useMemo(() => new PageCache(dataset.id, pageSize, bump, reportError), [dataset.id, shape]);
  useEffect(() => () => cache.dispose(), [cache]);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return undefined;
    const measure = (): void => setViewportHeight(Math.max(0, el.clientHeight - headerHeight));
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const geometry: GridGeometry = { totalRows: dataset.rowCount, rowHeight, viewportHeight };
  const space = scrollSpace(geometry);
  const vTop = virtualTop(scrollTop, geometry);
  const range = visibleRange(vTop, geometry);
  const pages = pagesFor(range, pageSize);
  const pagesKey = pages.join(',');

  useEffect(() => {
    cache.ensure(pagesKey ? pagesKey.split(',').map(Number) : []);
  }, [cache, pagesKey]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (!isGridKey(e.key) || e.ctrlKey || e.metaKey || e.altKey) return;
    e.preventDefault();
    const el = scrollRef.current;
    if (!el) return;
    el.scrollTop = scrollTopFor(keyTarget(e.key, vTop, geometry), geometry);
  };

  const width = rowNumberWidth + dataset.columns.length * columnWidth;
  const rows = [];
  for (let i = range.start; i < range.end; i++) {
    const row = cache.row(i);
    rows.push(
      <div
        key={i}
        className={`grid-row${i % 2 ? ' odd' : ''}`}
        data-testid="grid-row"
        data-row={i + 1}
        style={{ top: scrollTop + i * rowHeight - vTop, height: rowHeight, width }}
      >
        <div className="grid-cell row-number" data-testid="row-number" style={{ width: rowNumberWidth }}>
          {(i + 1).toLocaleString('en-US')}
        </div>
        {dataset.columns.map((col, c) => {
          const cell = row?.[c];
          const numeric = col.type === 'integer' || col.type === 'number';
          return (
            <div
              key={col.name}
              className={`grid-cell${numeric ? ' num' : ''}${row === undefined ? ' loading' : ''}${cell === null ? ' null' : ''}`}
              style={{ width: columnWidth }}
            >
              {row === undefined ? '' : cell === null ? 'null' : formatCell(cell ?? null, col.type)}
            </div>
          );
        })}
      </div>,
    );
  }

  return (
    <div
      ref={scrollRef}
      className="grid-scroll"
      data-testid="data-grid"
      tabIndex={0}
      role="grid"
      aria-rowcount={dataset.rowCount}
      aria-colcount={dataset.columns.length + 1}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      onKeyDown={onKeyDown}
    >
      <div className="grid-inner" style={{ width, height: headerHeight + space.scrollHeight }}>
        <div className="grid-header" style={{ height: headerHeight, width }} role="row">
          <div className="grid-head-cell row-number" style={{ width: rowNumberWidth }}>
            #
          </div>
          {dataset.columns.map((col) => (
            <div key={col.name} className="grid-head-cell" style={{ width: columnWidth }} role="columnheader" title={`${col.name} (${col.type}${col.format ? `, read as ${col.format}` : ''})`}>
              <span className="col-name">{col.name}</span>
              <span className={`col-type type-${col.type}`}>{col.type}</span>
            </div>
          ))}
        </div>
        <div className="grid-body" style={{ top: headerHeight, height: space.scrollHeight, width }}>
          {rows}
        </div>
      </div>
    </div>
  );
}

import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './LivePlot.css';
import { cancelDraw, requestDraw, type Drawable } from './draw-queue';
import { alignedBuckets, PlotRing } from './plot-ring';
import { onSchemeChange, readTheme, type PlotTheme } from './theme';

export interface LivePlotSeries {
  readonly label: string;
  readonly color: string;
  /** Drawn dotted and thinner: an overlay such as a rolling mean. */
  readonly dash?: boolean;
  /** 'right': its own y axis on the right, for a statistic of another scale (a rolling std beside the signal). */
  readonly axis?: 'left' | 'right';
}

/** What the x axis shows: the last `follow` ms up to the newest point, or a fixed range (ms since epoch). */
export type LivePlotView = { readonly follow: number } | { readonly from: number; readonly to: number };

/** A point to mark (a flagged reading): at time t on series `series`, with why. */
export interface LivePlotMarker {
  readonly t: number;
  readonly series: number;
  readonly label: string;
}

/** How a live plot is fed: outside React, by whoever receives the data. */
export interface LivePlotHandle {
  /** Adds rows (time order, after what is held) and asks for a redraw on the next animation frame. */
  append(t: ArrayLike<number>, columns: readonly (ArrayLike<number | null> | undefined)[]): void;
  /** Replaces everything held (stored readings, a jump in time). */
  replace(t: ArrayLike<number>, columns: readonly (ArrayLike<number | null> | undefined)[]): void;
  setView(view: LivePlotView): void;
  setMarkers(markers: readonly LivePlotMarker[]): void;
  readonly newest: number | null;
}

export interface LivePlotDraw {
  readonly from: number;
  readonly to: number;
  /** Rows drawn (after min/max bucketing) and rows held in the range. */
  readonly points: number;
  readonly rows: number;
  /** Markers inside the range, drawn. */
  readonly markers: number;
  /** The value range of each y axis as drawn ('y' left, 'y2' right when a series asks for it). */
  readonly scales: Readonly<Record<string, readonly [number, number]>>;
  readonly ms: number;
}

export interface LivePlotProps {
  readonly series: readonly LivePlotSeries[];
  /** Rows kept; the oldest go first. */
  readonly capacity: number;
  readonly height: number;
  readonly onReady: (handle: LivePlotHandle | null) => void;
  readonly onDraw?: (draw: LivePlotDraw, el: HTMLDivElement) => void;
  /** Given: dragging across the plot picks a time range (zoom), reported here instead of zooming the plot itself. */
  readonly onSelect?: (from: number, to: number) => void;
  readonly testId?: string;
}

const markerRadius = 3.5;

const clock = (t: number): string => new Date(t).toLocaleTimeString('en-GB', { hour12: false });

function chartOptions(
  series: readonly LivePlotSeries[],
  size: { width: number; height: number },
  theme: () => PlotTheme,
  range: () => [number, number],
  selectable: boolean,
  drawMarkers: (u: uPlot) => void,
  selected: (u: uPlot) => void,
): uPlot.Options {
  const right = series.some((s) => s.axis === 'right');
  const axis = (side: 1 | 2 | 3, scale: string, grid: boolean): uPlot.Axis => ({
    side,
    scale,
    stroke: () => theme().muted,
    grid: { show: grid, stroke: () => theme().grid, width: 1 },
    ticks: { show: false },
    font: '11px system-ui, sans-serif',
    size: side === 2 ? 28 : 52,
    // Wall-clock time on one line (uPlot's default adds a second, date line that a short plot cuts off).
    // Ticks under a second apart (a zoomed stored range) add milliseconds, else every label reads the same.
    ...(side === 2 ? { values: (_u: uPlot, splits: number[]) => splits.map((t) => ((splits[1] ?? t) - (splits[0] ?? t) < 1000 ? `${clock(t)}.${String(t % 1000 | 0).padStart(3, '0')}` : clock(t))) } : {}),
  });
  return {
    ...size,
    // Timestamps are ms since epoch; uPlot shows them in local time.
    ms: 1,
    legend: { show: false },
    cursor: { drag: { x: selectable, y: false, setScale: false }, points: { show: false } },
    scales: { x: { time: true, range: () => range() }, y: { auto: true }, ...(right ? { y2: { auto: true } } : {}) },
    series: [
      {},
      ...series.map(
        (s): uPlot.Series => ({
          label: s.label,
          stroke: s.color,
          width: s.dash ? 1.2 : 1.6,
          scale: s.axis === 'right' ? 'y2' : 'y',
          ...(s.dash ? { dash: [3, 3] } : {}),
          points: { show: false },
        }),
      ),
    ],
    axes: [axis(2, 'x', true), axis(3, 'y', true), ...(right ? [axis(1, 'y2', false)] : [])],
    hooks: { draw: [drawMarkers], setSelect: [selected] },
  };
}

/**
 * A streaming time-series chart on uPlot (canvas): keeps its own ring of
 * points, draws at most once per animation frame however fast rows are
 * appended, buckets rows to about two per pixel, resizes with its container,
 * and skips drawing while scrolled out of sight. Plotly stays for analysis
 * plots; a Plotly redraw costs ~20 ms here, this one ~1 ms.
 */
export function LivePlot({ series, capacity, height, onReady, onDraw, onSelect, testId }: LivePlotProps) {
  const ref = useRef<HTMLDivElement>(null);
  // The latest callbacks, so a new closure does not rebuild the chart.
  const callbacks = useRef({ onReady, onDraw, onSelect });
  callbacks.current = { onReady, onDraw, onSelect };
  const selectable = onSelect !== undefined;
  const seriesKey = JSON.stringify(series);

  useEffect(() => {
    const el = ref.current;
    if (!el) return undefined;
    const ring = new PlotRing(capacity, series.length);
    let view: LivePlotView = { follow: 30_000 };
    let markers: readonly LivePlotMarker[] = [];
    let shown: [number, number] = [0, 1];
    let theme = readTheme(el);
    let visible = true;

    let markersDrawn = 0;
    const drawMarkers = (u: uPlot): void => {
      markersDrawn = 0;
      if (markers.length === 0) return;
      const ctx = u.ctx;
      const r = markerRadius * devicePixelRatio;
      ctx.save();
      ctx.fillStyle = theme.danger;
      ctx.strokeStyle = theme.surface;
      ctx.lineWidth = devicePixelRatio;
      for (const m of markers) {
        if (m.t < shown[0] || m.t > shown[1]) continue;
        const y = ring.valueNear(m.t, m.series);
        if (y === null) continue;
        const scale = series[m.series]?.axis === 'right' ? 'y2' : 'y';
        ctx.beginPath();
        ctx.arc(u.valToPos(m.t, 'x', true), u.valToPos(y, scale, true), r, 0, 2 * Math.PI);
        ctx.fill();
        ctx.stroke();
        markersDrawn++;
      }
      ctx.restore();
    };
    const selected = (u: uPlot): void => {
      const pick = callbacks.current.onSelect;
      if (!pick || u.select.width < 2) return;
      const from = u.posToVal(u.select.left, 'x');
      const to = u.posToVal(u.select.left + u.select.width, 'x');
      u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
      pick(from, to);
    };
    const chart = new uPlot(
      chartOptions(series, { width: Math.max(50, el.clientWidth), height }, () => theme, () => shown, selectable, drawMarkers, selected),
      [[], ...series.map(() => [])],
      el,
    );

    const plot: Drawable = {
      draw() {
        if (!visible) return false;
        const started = performance.now();
        const newest = ring.newest ?? Date.now();
        shown = 'follow' in view ? [newest - view.follow, newest] : [view.from, view.to];
        const rows = ring.slice(shown[0], shown[1]);
        const data = alignedBuckets(rows.t, rows.columns, Math.max(50, Math.floor(chart.width / 2)));
        // batch: draws now rather than in a microtask, so the callback below reports what is on the canvas.
        chart.batch(() => chart.setData(data));
        const scales: Record<string, [number, number]> = {};
        for (const key of ['y', 'y2']) {
          const sc = chart.scales[key];
          if (sc && sc.min !== undefined && sc.max !== undefined) scales[key] = [sc.min, sc.max];
        }
        const info = { from: shown[0], to: shown[1], points: data[0].length, rows: rows.t.length, markers: markersDrawn, scales, ms: performance.now() - started };
        callbacks.current.onDraw?.(info, el);
        return true;
      },
    };
    const handle: LivePlotHandle = {
      append(t, columns) {
        ring.append(t, columns);
        requestDraw(plot);
      },
      replace(t, columns) {
        ring.clear();
        ring.append(t, columns);
        requestDraw(plot);
      },
      setView(next) {
        view = next;
        requestDraw(plot);
      },
      setMarkers(next) {
        markers = next;
        requestDraw(plot);
      },
      get newest() {
        return ring.newest;
      },
    };

    const resize = new ResizeObserver(() => {
      const width = Math.max(50, el.clientWidth);
      if (width === chart.width) return;
      chart.setSize({ width, height });
      requestDraw(plot);
    });
    resize.observe(el);
    // Out of sight, drawing is wasted work; back in view, the plot catches up on the next frame.
    const seen = new IntersectionObserver((entries) => {
      for (const e of entries) visible = e.isIntersecting;
      if (visible) requestDraw(plot);
    });
    seen.observe(el);
    const stopScheme = onSchemeChange(() => {
      theme = readTheme(el);
      chart.redraw(false, true);
    });
    callbacks.current.onReady(handle);
    return () => {
      callbacks.current.onReady(null);
      stopScheme();
      seen.disconnect();
      resize.disconnect();
      cancelDraw(plot);
      chart.destroy();
    };
    // The chart is rebuilt only when its series (by value), capacity, height or selectability change; data flows through the handle.
  }, [seriesKey, capacity, height, selectable]);

  return <div className={`live-plot${selectable ? ' selectable' : ''}`} ref={ref} data-testid={testId} style={{ height }} />;
}

import type { Layout, ScatterData } from 'plotly.js-dist-min';
import { minMaxDecimate } from './decimate';
import type { Anomaly } from './live-buffer';
import type { WindowData } from './ring';

/** One plot: a field and the analytic outputs drawn over it (e.g. temperature, temperature.mean). */
export interface PlotGroup {
  readonly field: string;
  readonly series: readonly string[];
}

/**
 * Groups series names by the field they belong to. An analytic output is named
 * "<field>.<stat>"; the longest field-name prefix wins, because field names may
 * themselves hold dots (flattened JSON such as "env.temp").
 */
export function groupSeries(names: readonly string[], fields: readonly string[]): PlotGroup[] {
  const known = new Set(names);
  const owner = (name: string): string => {
    if (fields.includes(name)) return name;
    let best: string | null = null;
    for (const f of fields) if (name.startsWith(`${f}.`) && (best === null || f.length > best.length)) best = f;
    return best ?? name;
  };
  const groups = new Map<string, string[]>();
  // Fields first, in their declared order, then anything else (derived fields) as it arrived.
  for (const f of fields) if (known.has(f)) groups.set(f, [f]);
  for (const name of names) {
    const f = owner(name);
    const g = groups.get(f);
    if (!g) groups.set(f, [name]);
    else if (!g.includes(name)) g.push(name);
  }
  return [...groups.entries()].map(([field, series]) => ({ field, series }));
}

/** True when a series holds at least one number in the window (text fields arrive as nulls and get no plot). */
export function hasNumbers(values: readonly (number | null)[] | undefined): boolean {
  return values !== undefined && values.some((v) => v !== null);
}

export const seriesColors = ['#4f6bed', '#2fa58a', '#d69a2d', '#8a5cd6', '#d0587e'] as const;
const anomalyColor = '#c5362f';

/** Plotly draws numbers on a date axis as UTC; shifting by the local offset shows wall-clock time. */
export function toLocalAxis(t: number): number {
  return t - new Date(t).getTimezoneOffset() * 60_000;
}

function valueAt(t: readonly number[], y: readonly (number | null)[] | undefined, at: number): number | null {
  if (!y || t.length === 0) return null;
  let lo = 0;
  let hi = t.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((t[mid] ?? 0) < at) lo = mid + 1;
    else hi = mid;
  }
  // The nearest point in time: the anomaly's own reading when it is in the window.
  const prev = lo > 0 ? lo - 1 : lo;
  const pick = Math.abs((t[prev] ?? Infinity) - at) < Math.abs((t[lo] ?? Infinity) - at) ? prev : lo;
  return y[pick] ?? null;
}

/** Traces of one plot: the field, its overlays (thinner, dashed), and red anomaly markers with their reason. */
export function buildTraces(group: PlotGroup, data: WindowData, anomalies: readonly Anomaly[], buckets: number): ScatterData[] {
  const traces: ScatterData[] = [];
  group.series.forEach((name, i) => {
    const values = data.series[name];
    if (!hasNumbers(values)) return;
    const d = minMaxDecimate(data.t, values ?? [], buckets);
    const main = i === 0;
    traces.push({
      type: 'scatter',
      mode: 'lines',
      name,
      x: d.t.map(toLocalAxis),
      y: d.y,
      line: { color: seriesColors[i % seriesColors.length] ?? '#4f6bed', width: main ? 1.6 : 1.2, ...(main ? {} : { dash: 'dot' }) },
      hovertemplate: `${name}: %{y}<extra></extra>`,
    });
  });
  const first = data.t[0];
  const last = data.t[data.t.length - 1];
  const mine = first === undefined || last === undefined ? [] : anomalies.filter((a) => group.series.includes(a.field) && a.t >= first && a.t <= last);
  if (mine.length > 0) {
    traces.push({
      type: 'scatter',
      mode: 'markers',
      name: 'anomalies',
      x: mine.map((a) => toLocalAxis(a.t)),
      y: mine.map((a) => valueAt(data.t, data.series[a.field], a.t)),
      marker: { color: anomalyColor, size: 7, line: { color: '#ffffff', width: 1 } },
      hovertext: mine.map((a) => `${a.field}: ${a.reason}`),
      hoverinfo: 'text',
    });
  }
  return traces;
}

export function plotLayout(from: number, to: number): Layout {
  return {
    height: 190,
    margin: { l: 56, r: 12, t: 6, b: 28 },
    showlegend: false,
    paper_bgcolor: 'rgba(0,0,0,0)',
    plot_bgcolor: 'rgba(0,0,0,0)',
    font: { family: 'system-ui, sans-serif', size: 11, color: '#5b6170' },
    xaxis: { type: 'date', range: [toLocalAxis(from), toLocalAxis(to)], gridcolor: '#eef0f4', zeroline: false, tickformat: '%H:%M:%S' },
    // No automargin: it measures tick labels and lays out twice on every redraw; a fixed margin fits them.
    yaxis: { gridcolor: '#eef0f4', zeroline: false },
    // Keeps hover and zoom state across the ~30 redraws a second.
    uirevision: 'live',
  };
}

import type { LivePlotMarker, LivePlotSeries } from '../../components/LivePlot';
import type { Anomaly } from './live-buffer';

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

export const seriesColors = ['#4f6bed', '#2fa58a', '#d69a2d', '#8a5cd6', '#d0587e'] as const;

/**
 * A rolling standard deviation lives near zero while its field may sit at
 * 1,000: on the field's axis it would be a flat line and would squash the
 * field. It gets its own axis on the right; mean, min, max and EWMA share the
 * field's scale and stay on its axis.
 */
export function ownAxis(field: string, name: string): boolean {
  return name === `${field}.std`;
}

/** How each series of a plot is drawn: the field solid, its overlays dotted, a std on the right axis. */
export function plotSeries(group: PlotGroup): LivePlotSeries[] {
  return group.series.map((name, i) => ({
    label: name,
    color: seriesColors[i % seriesColors.length] ?? '#4f6bed',
    ...(i === 0 ? {} : { dash: true }),
    ...(ownAxis(group.field, name) ? { axis: 'right' as const } : {}),
  }));
}

/** The red markers of one plot: flagged readings of its series, with their reason. */
export function plotMarkers(group: PlotGroup, anomalies: readonly Anomaly[]): LivePlotMarker[] {
  const out: LivePlotMarker[] = [];
  for (const a of anomalies) {
    const series = group.series.indexOf(a.field);
    if (series >= 0) out.push({ t: a.t, series, label: `${a.field}: ${a.reason}` });
  }
  return out;
}

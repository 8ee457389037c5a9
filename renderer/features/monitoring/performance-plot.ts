import type { MonitorOverview } from '../../../preload/contract/monitoring';
import type { LineSeries } from '../../components/LineChart';

/**
 * Realized metrics (labelled predictions) and the CBPE estimate per window, on
 * the check's windows; null when there is neither. A realized window is matched
 * to the check's window that starts at the same instant.
 */
export function performanceSeries(o: MonitorOverview): { labels: string[]; series: LineSeries[] } | null {
  const labels = o.windows.map((w) => w.label.replace(/T00:00:00\.000Z$/, ''));
  const byStart = new Map(o.realized.map((r) => [r.start, r]));
  const metrics = ['accuracy', 'f1', 'roc_auc', 'r2'].filter((m) => o.realized.some((r) => r.metrics[m] !== undefined));
  const series: LineSeries[] = [
    ...metrics.map((m) => ({ name: m, values: o.windows.map((w) => byStart.get(w.label)?.metrics[m] ?? null) })),
    ...(o.windows.some((w) => w.estimatedAccuracy !== undefined) ? [{ name: 'estimated accuracy (no labels)', values: o.windows.map((w) => w.estimatedAccuracy ?? null), dashed: true }] : []),
  ].filter((s) => s.values.some((v) => v !== null));
  return series.length ? { labels, series } : null;
}

/**
 * A model's monitored numbers per window, read from the project: realized
 * performance (logged predictions with labels, scored like the training
 * metrics) and operations with request-level data quality. What alerts
 * evaluate and `assay monitor performance` prints.
 */
import type { Db } from '../../../native-workers/project/open';
import { labelledPredictions, loggedRequests, refusedRequests } from '../../../native-workers/project/feedback';
import { resolveModel } from '../../../native-workers/project/registry';
import { operationsMetrics, operationsPerWindow, realizedPerformance, type MetricWindow, type OpsWindow, type WindowScore, type WindowSpec } from '../../../native-workers/ml/monitor-feedback';

export interface ModelWindows {
  readonly realized: readonly WindowScore[];
  readonly operations: readonly OpsWindow[];
}

/** Per window: realized performance (all versions; scored with the version serving now: `name`'s production or newest) and operations per version. */
export function modelWindows(db: Db, name: string, spec: WindowSpec, since = 0): ModelWindows {
  const { doc } = resolveModel(db, name);
  const realized = realizedPerformance(labelledPredictions(db, name, since), { task: doc.task, classes: doc.classes, threshold: doc.threshold }, spec);
  const operations = operationsPerWindow(loggedRequests(db, name, since), refusedRequests(db, name, since), spec);
  return { realized, operations };
}

/**
 * One metric map per window for alerts: operations of every version together,
 * realized performance (its `rows` are the labelled ones: `labelled_rows`) and
 * whatever `extra` adds (the drift checks' seam: their metrics for the same window).
 */
export function alertWindows(db: Db, name: string, spec: WindowSpec, since: number, extra?: (window: { start: number; end: number }) => Readonly<Record<string, number>>): MetricWindow[] {
  const { doc } = resolveModel(db, name);
  const ops = operationsPerWindow(loggedRequests(db, name, since), refusedRequests(db, name, since), spec, false);
  const realized = realizedPerformance(labelledPredictions(db, name, since), { task: doc.task, classes: doc.classes, threshold: doc.threshold }, spec);
  const byStart = new Map<number, MetricWindow>();
  for (const w of ops) byStart.set(w.start, { start: w.start, end: w.end, rows: w.rows, metrics: operationsMetrics(w) });
  for (const r of realized) {
    // Count windows of labelled predictions do not line up with the request windows: they stand alone.
    const key = spec.kind === 'time' ? r.start : -r.start - 1;
    const w = byStart.get(key) ?? { start: r.start, end: r.end, rows: 0, metrics: {} };
    // A rule's minimum rows for accuracy means labelled predictions, not requests.
    const rowsByMetric = Object.fromEntries(Object.keys(r.metrics).map((m) => [m, r.rows]));
    byStart.set(key, { ...w, metrics: { ...w.metrics, ...r.metrics, labelled_rows: r.rows }, rowsByMetric });
  }
  const windows = [...byStart.values()].sort((a, b) => a.start - b.start);
  return windows.map((w) => (extra ? { ...w, metrics: { ...w.metrics, ...extra(w) } } : w));
}

/**
 * A model's monitored numbers per window, read from the project: realized
 * performance (logged predictions with labels, scored like the training
 * metrics, per version) and operations with request-level data quality. What alerts
 * evaluate and `assay monitor performance` prints.
 */
import type { Db } from '../project/open';
import { labelledPredictions, loggedRequests, refusedRequests } from '../project/feedback';
import { resolveModel } from '../project/registry';
import { operationsMetrics, operationsPerWindow, realizedPerformance, type MetricWindow, type OpsWindow, type WindowScore, type WindowSpec } from '../ml/monitor-feedback';

export type VersionScore = WindowScore & { readonly version: number };

export interface ModelWindows {
  readonly realized: readonly VersionScore[];
  readonly operations: readonly OpsWindow[];
}

/**
 * Realized performance per version and window: each version is scored with its
 * own classes and decision threshold (versions of one model may differ in both).
 */
function realizedByVersion(db: Db, name: string, spec: WindowSpec, since: number): VersionScore[] {
  const rows = labelledPredictions(db, name, since);
  const versions = [...new Set(rows.map((r) => r.version))].sort((a, b) => a - b);
  return versions.flatMap((v) => {
    const { doc } = resolveModel(db, `${name}@${v}`);
    return realizedPerformance(rows.filter((r) => r.version === v), { task: doc.task, classes: doc.classes, threshold: doc.threshold }, spec).map((w) => ({ ...w, version: v }));
  });
}

/** Per window and version: realized performance and operations. */
export function modelWindows(db: Db, name: string, spec: WindowSpec, since = 0): ModelWindows {
  return { realized: realizedByVersion(db, name, spec, since), operations: operationsPerWindow(loggedRequests(db, name, since), refusedRequests(db, name, since), spec) };
}

/**
 * One metric map per window for alerts: operations of every version together,
 * realized performance (its `rows` are the labelled ones: `labelled_rows`) and
 * whatever `extra` adds (the drift checks' seam: their metrics for the same window).
 */
export function alertWindows(db: Db, name: string, spec: WindowSpec, since: number, extra?: (window: { start: number; end: number }) => Readonly<Record<string, number>>): MetricWindow[] {
  const ops = operationsPerWindow(loggedRequests(db, name, since), refusedRequests(db, name, since), spec, false);
  // Where versions overlap (a canary, a promotion mid-window), the newest one's performance is the model's.
  // (Count windows of different versions do not line up: the newest version's stand alone.)
  const scored = realizedByVersion(db, name, spec, since);
  const last = Math.max(...scored.map((r) => r.version));
  const newest = new Map<number, VersionScore>();
  for (const r of scored) if (spec.kind === 'count' ? r.version === last : (newest.get(r.start)?.version ?? -1) < r.version) newest.set(r.start, r);
  const realized = [...newest.values()];
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

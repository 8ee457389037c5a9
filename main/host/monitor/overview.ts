/**
 * One model version's monitoring at a glance, for the Monitoring page and the
 * HTML report: the serving log checked per window against the reference,
 * realized performance where labels came back, alert rules and what fired.
 */
import { AssayError } from '../../../preload/contract/errors';
import type { MonitorColumn, MonitorFiring, MonitorOperations, MonitorOverview, MonitorOverviewRequest, MonitorQuality, MonitorStatus } from '../../../preload/contract/monitoring';
import { parseWindow } from '../../../native-workers/ml/monitor';
import { parseWindow as parseFeedbackWindow } from '../../../native-workers/ml/monitor-feedback';
import { alertHistory, checkEvery, listAlertRules } from '../../../native-workers/project/alerts';
import type { Db } from '../../../native-workers/project/open';
import { listModels, resolveVersion } from '../../../native-workers/project/registry';
import { modelWindows, runCheck, type ColumnVerdict, type WindowResult } from '../../../native-workers/host-api';

/** Alerts that fired this recently make a model's status a warning at least. */
const RECENT_MS = 86_400_000;

function column(name: string, all: ColumnVerdict, windows: readonly WindowResult[], pick: (w: WindowResult) => ColumnVerdict | null | undefined): MonitorColumn {
  return {
    name,
    method: all.method,
    compares: all.compares,
    threshold: all.threshold,
    statistic: all.statistic,
    ...(all.pValue !== undefined ? { pValue: all.pAdjusted ?? all.pValue } : {}),
    drift: all.drift,
    ...(all.reason !== undefined ? { reason: all.reason } : {}),
    byWindow: windows.map((w) => {
      const c = pick(w);
      return c ? { statistic: c.statistic, ...(c.pValue !== undefined ? { pValue: c.pAdjusted ?? c.pValue } : {}), drift: c.drift } : { statistic: null, drift: null };
    }),
  };
}

function status(datasetDrift: boolean | null, drifted: number, history: readonly MonitorFiring[], now: number, reason: string | undefined, checked: number): { status: MonitorStatus; summary: string } {
  const recent = history.filter((h) => now - Date.parse(h.firedAt) < RECENT_MS).length;
  const fired = recent ? `; ${recent} alert${recent === 1 ? '' : 's'} fired in the last 24 h` : '';
  if (datasetDrift === null) return { status: recent ? 'warning' : 'no data', summary: `${reason ?? 'No verdict.'}${fired}` };
  if (datasetDrift) return { status: 'drifting', summary: `${drifted} of ${checked} columns drift: the data no longer looks like the training data${fired}` };
  if (drifted || recent) return { status: 'warning', summary: `${drifted} of ${checked} columns drift${fired}` };
  return { status: 'healthy', summary: `No column drifts (${checked} checked)` };
}

/**
 * A drift window's data quality over its monitored columns. The verdicts give
 * shares per column; weighting each by its present values (rows × (1 − missing))
 * turns them back into counts, so the window's share is over all its values.
 */
function quality(w: WindowResult, rejectedAt: ReadonlyMap<string, number>): MonitorQuality {
  let cells = 0;
  let missing = 0;
  let numeric = 0;
  let outside = 0;
  let categorical = 0;
  let unseen = 0;
  for (const c of Object.values(w.columns)) {
    cells += w.rows;
    missing += c.missingRate * w.rows;
    const present = w.rows * (1 - c.missingRate);
    if (c.outOfRange !== undefined) {
      numeric += present;
      outside += c.outOfRange * present;
    }
    if (c.unseen !== undefined) {
      categorical += present;
      unseen += c.unseen * present;
    }
  }
  return {
    label: w.window,
    rows: w.rows,
    missingRate: cells ? missing / cells : 0,
    outOfRange: numeric ? outside / numeric : null,
    unseen: categorical ? unseen / categorical : null,
    rejected: rejectedAt.get(w.window) ?? null,
  };
}

export function monitorOverview(db: Db, req: MonitorOverviewRequest, opts: { readonly store: boolean; readonly now?: number }): MonitorOverview {
  const now = opts.now ?? Date.now();
  const named = resolveVersion(db, req.model);
  if (named.kind === 'image') throw new AssayError('BAD_INPUT', `${named.name} v${named.version} is an image classifier; monitoring covers tabular models (their input columns).`);
  const text = req.window ?? '1d';
  // The drift check's windows (UTC hour, day, ISO week or N rows) and realized performance's, from the same text.
  let spec, feedbackSpec;
  try {
    spec = parseWindow(text);
    feedbackSpec = parseFeedbackWindow(text);
  } catch (err) {
    throw new AssayError('BAD_INPUT', err instanceof Error ? err.message : String(err));
  }
  const check = runCheck(db, { model: `${named.name}@${named.version}`, window: spec, store: opts.store, distributions: true });
  const windows = check.windows ?? [];
  const history: MonitorFiring[] = alertHistory(db, named.name, 50).map((e) => ({
    ruleId: e.ruleId,
    metric: e.metric,
    value: e.value,
    threshold: e.threshold,
    rows: e.rows,
    firedAt: new Date(e.firedAt).toISOString(),
    delivered: e.deliveries.length ? e.deliveries.some((d) => d.status !== null && d.status < 300) : null,
  }));
  const served = modelWindows(db, named.name, feedbackSpec);
  const realized = served.realized.filter((r) => r.version === named.version);
  const operations: MonitorOperations[] = served.operations
    .filter((w) => w.version === named.version)
    .map((w) => ({ start: new Date(w.start).toISOString(), end: new Date(w.end).toISOString(), requests: w.requests, rows: w.rows, p50Ms: w.p50Ms, p99Ms: w.p99Ms, errors: w.errors, rejected: w.rejected }));
  // A time window's drift label is its start instant, so the serving window of the same start holds its refused requests; count windows do not line up.
  const rejectedAt = new Map(spec.kind === 'time' ? operations.map((w) => [w.start, w.rejected] as const) : []);
  const drawn = check.distributions;
  return {
    model: named.name,
    version: named.version,
    versions: (listModels(db).find((m) => m.name === named.name)?.versions ?? []).map((v) => v.version).sort((a, b) => a - b),
    task: named.task,
    source: check.source,
    window: text,
    ...status(check.datasetDrift, check.driftedColumns, history, now, check.reason, check.checkedColumns),
    rows: check.rows,
    referenceRows: check.reference.rows,
    windows: windows.map((w) => ({ label: w.window, rows: w.rows, datasetDrift: w.datasetDrift, ...(w.performance ? { estimatedAccuracy: w.performance.accuracy } : {}) })),
    columns: Object.entries(check.columns).map(([name, c]) => column(name, c, windows, (w) => w.columns[name])),
    prediction: check.prediction ? column('prediction', check.prediction, windows, (w) => w.prediction) : null,
    realized: realized.map((r) => ({ start: new Date(r.start).toISOString(), end: new Date(r.end).toISOString(), rows: r.rows, metrics: r.metrics })),
    distributions: Object.keys(check.columns).flatMap((name) => (drawn?.columns[name] ? [drawn.columns[name]] : [])),
    predictionDistribution: drawn?.prediction ?? null,
    quality: windows.map((w) => quality(w, rejectedAt)),
    operations,
    rules: listAlertRules(db, named.name).map(({ id, metric, op, threshold, window, minRows, cooldownMs, webhook }) => ({ id, metric, op, threshold, window, minRows, cooldownMs, webhook })),
    history,
    checkEveryMs: checkEvery(db, named.name),
    builtAt: new Date(now).toISOString(),
  };
}

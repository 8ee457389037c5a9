/**
 * `monitor check`: the current data (a dataset scored now, or the local
 * serving log) against a version's reference — drift per column and for the
 * predictions, estimated performance (CBPE) for a binary classifier, over the
 * whole range and per window. Windows are summarised as the rows stream by
 * and closed as time moves on, so memory stays that of a few summaries.
 */
import { AssayError } from '../../preload/contract/errors';
import type { MonitorDistribution } from '../../preload/contract/monitoring';
import {
  CbpeAccumulator,
  WindowSummarizer,
  checkDrift,
  windowKey,
  type ColumnDrift,
  type DriftOptions,
  type DriftReport,
  type ExpectedPerformance,
  type Reference,
  type WindowSpec,
} from '../ml/monitor';
import { loadPredictor, type ModelDocument, type Prediction } from '../ml/tabular/predictor';
import { datasetColumns, listDatasets, requireReadyDataset } from '../project/datasets';
import { loggedPredictions } from '../project/monitor';
import type { Db } from '../project/open';
import { resolveModel, resolveVersion } from '../project/registry';
import { datasetRowPages } from '../project/columns/dataset-rows';
import { calibratedThresholds } from './calibration';
import { distributionOf } from './distributions';
import { ensureReference, monitoredColumns, monitoredValue, predictionKind, type MonitoredColumn } from './reference';

export interface CheckOptions {
  /** NAME, NAME@3, NAME@production … */
  readonly model: string;
  /** A dataset (name or id) scored now; else the serving log. */
  readonly data?: string;
  readonly window?: WindowSpec;
  /** The dataset's time column, for time windows and --since on a dataset. */
  readonly timeColumn?: string;
  /** Only rows at or after this instant (ms). */
  readonly sinceMs?: number;
  /** Only logged predictions before this instant (ms): one window of the serving log, for alerts. */
  readonly untilMs?: number;
  readonly drift?: DriftOptions;
  /** Calibrate each column's threshold on chunks of this many training rows (calibration.ts) instead of the defaults. */
  readonly calibrationChunkRows?: number;
  /** Keep a reference built on first use (off on a read-only project). */
  readonly store: boolean;
  /** Also return the latest window's distributions against the reference (the Monitoring page's overlays). */
  readonly distributions?: boolean;
}

/** The latest window's (all rows' without windows) distributions against the reference, per column and for the prediction. */
export interface CheckDistributions {
  readonly columns: Readonly<Record<string, MonitorDistribution>>;
  readonly prediction: MonitorDistribution | null;
}

/** One column's verdict as the check reports it. */
export type ColumnVerdict = Pick<ColumnDrift, 'method' | 'statistic' | 'pValue' | 'pAdjusted' | 'threshold' | 'compares' | 'drift' | 'reason' | 'missingRate' | 'outOfRange' | 'unseen'>;

export interface WindowResult {
  readonly window: string;
  readonly rows: number;
  readonly datasetDrift: boolean | null;
  readonly driftedColumns: number;
  readonly checkedColumns: number;
  readonly reason?: string;
  readonly columns: Record<string, ColumnVerdict>;
  readonly prediction: ColumnVerdict | null;
  readonly performance?: EstimatedPerformance;
}

export type EstimatedPerformance = ExpectedPerformance & { readonly method: 'cbpe' };

export interface DriftCheck extends Omit<WindowResult, 'window'> {
  readonly model: string;
  readonly version: number;
  readonly source: string;
  readonly reference: { readonly rows: number; readonly origin: string; readonly metrics?: Readonly<Record<string, number>> };
  readonly windows?: WindowResult[];
  /** Why part of the check was left out (e.g. rows the model could not score). */
  readonly note?: string;
  /** With `distributions`. */
  readonly distributions?: CheckDistributions;
}

interface CurrentRow {
  readonly values: readonly unknown[];
  readonly prediction: number | string | undefined;
  readonly time: unknown;
}

/** Windows open at once before the oldest is closed: logs are in time order but for a few milliseconds at a boundary. */
const OPEN_WINDOWS = 4;

export function runCheck(db: Db, options: CheckOptions): DriftCheck {
  const named = resolveVersion(db, options.model);
  if (named.kind === 'image') throw new AssayError('BAD_INPUT', `${named.name} v${named.version} is an image classifier; drift checks cover tabular models (their input columns).`);
  const { version, doc } = resolveModel(db, `${named.name}@${named.version}`);
  const { reference, origin } = ensureReference(db, version, doc, { store: options.store });
  const drift: DriftOptions | undefined =
    options.calibrationChunkRows === undefined ? options.drift : { ...options.drift, calibrated: calibratedThresholds(db, version, doc, reference, options.calibrationChunkRows, options.drift?.columns) };
  const columns = monitoredColumns(doc);
  const unknown = Object.keys(options.drift?.columns ?? {}).filter((n) => n !== 'prediction' && !columns.some((c) => c.name === n));
  if (unknown.length) {
    throw new AssayError('BAD_INPUT', `${unknown.join(', ')} is not an input of ${version.name} v${version.version}; name one of ${columns.map((c) => c.name).join(', ')} (or prediction).`);
  }
  const source = options.data !== undefined ? datasetSource(db, doc, columns, options) : logSource(db, version.name, version.version, doc, columns, options);
  const present = columns.filter((c) => source.present.has(c.name));
  const window = (): Summaries => new Summaries(present, doc, reference);
  const all = window();
  const open = new Map<string, Summaries>();
  const closed = new Set<string>();
  const windows: WindowResult[] = [];
  // Drawn as each window closes (a few bins each) rather than keeping every window's summaries for the end.
  const drawn = new Map<string, CheckDistributions>();
  const close = (key: string): void => {
    const w = open.get(key)!;
    windows.push({ window: key, ...w.report(reference, drift) });
    if (options.distributions) drawn.set(key, w.distributions(reference, key));
    open.delete(key);
    closed.add(key);
  };
  let index = 0;
  for (const row of source.rows) {
    all.add(row);
    if (options.window) {
      const key = windowKey(options.window, index, row.time);
      if (key !== null) {
        let w = open.get(key);
        if (!w) {
          if (closed.has(key)) throw new AssayError('BAD_INPUT', `Rows of window ${key} came back after later windows: the rows are not in time order. Sort the data by its time column, or use a row-count window such as --window 1000.`);
          w = window();
          open.set(key, w);
          if (open.size > OPEN_WINDOWS) close(open.keys().next().value!);
        }
        w.add(row);
      }
    }
    index++;
  }
  for (const key of [...open.keys()]) close(key);
  const overall = all.report(reference, drift);
  const latest = [...drawn.keys()].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).pop();
  const distributions = options.distributions ? (latest !== undefined ? drawn.get(latest)! : all.distributions(reference, 'all rows')) : undefined;
  return {
    model: version.name,
    version: version.version,
    source: source.label,
    reference: { rows: reference.rows, origin, ...(reference.metrics ? { metrics: reference.metrics } : {}) },
    ...overall,
    ...(options.window ? { windows: windows.sort((a, b) => a.window.localeCompare(b.window, 'en', { numeric: true })) } : {}),
    ...(source.note ? { note: source.note } : {}),
    ...(distributions ? { distributions } : {}),
  };
}

/** A window's summaries and expected confusion matrix. */
class Summaries {
  private readonly summarizer: WindowSummarizer;
  private readonly cbpe: CbpeAccumulator | null;

  constructor(present: readonly MonitoredColumn[], doc: ModelDocument, reference: Reference) {
    this.summarizer = new WindowSummarizer(present, predictionKind(doc), { against: reference });
    this.cbpe = reference.cbpe ? new CbpeAccumulator(reference.cbpe.calibration, reference.cbpe.threshold) : null;
  }

  add(row: CurrentRow): void {
    this.summarizer.add(row.values, row.prediction);
    if (this.cbpe && typeof row.prediction === 'number') this.cbpe.add(row.prediction);
  }

  /** The summaries of the rows added so far, read once per report (result() walks every bin). */
  private current: ReturnType<WindowSummarizer['result']> | null = null;

  distributions(reference: Reference, window: string): CheckDistributions {
    const current = this.current ?? this.summarizer.result();
    const columns: Record<string, MonitorDistribution> = {};
    for (const [name, ref] of Object.entries(reference.columns)) {
      const cur = current.columns[name];
      const d = cur ? distributionOf(name, ref, cur, window) : null;
      if (d) columns[name] = d;
    }
    const prediction = reference.prediction && current.prediction ? distributionOf('prediction', reference.prediction, current.prediction, window) : null;
    return { columns, prediction };
  }

  report(reference: Reference, drift: DriftOptions | undefined): Omit<WindowResult, 'window'> {
    const current = this.summarizer.result();
    this.current = current;
    const r: DriftReport = checkDrift(reference, current, drift);
    const columns: Record<string, ColumnVerdict> = {};
    for (const [name, c] of Object.entries(r.columns)) columns[name] = verdict(c);
    const performance = this.cbpe && r.reason === undefined ? { method: 'cbpe' as const, ...this.cbpe.result() } : undefined;
    return {
      rows: r.rows,
      datasetDrift: r.datasetDrift,
      driftedColumns: r.driftedColumns,
      checkedColumns: r.checkedColumns,
      ...(r.reason ? { reason: r.reason } : {}),
      columns,
      prediction: r.prediction ? verdict(r.prediction) : null,
      ...(performance ? { performance } : {}),
    };
  }
}

function verdict(c: ColumnDrift): ColumnVerdict {
  const { method, statistic, pValue, pAdjusted, threshold, compares, drift, reason, missingRate, outOfRange, unseen } = c;
  return {
    method,
    statistic,
    ...(pValue !== undefined ? { pValue } : {}),
    ...(pAdjusted !== undefined ? { pAdjusted } : {}),
    threshold,
    compares,
    drift,
    ...(reason !== undefined ? { reason } : {}),
    missingRate,
    ...(outOfRange !== undefined ? { outOfRange } : {}),
    ...(unseen !== undefined ? { unseen } : {}),
  };
}

interface Source {
  readonly label: string;
  /** The model's input columns the current data has. */
  readonly present: ReadonlySet<string>;
  readonly rows: Iterable<CurrentRow>;
  readonly note?: string;
}

/** The monitored value of a served or computed prediction. */
function predictionValue(doc: ModelDocument, p: Prediction | null | undefined): number | string | undefined {
  if (!p || typeof p !== 'object') return undefined;
  if (doc.task === 'regression') return p.value;
  if (doc.task === 'binary') return p.probabilities?.[doc.positive ?? doc.classes![1]!];
  return p.label;
}

function logSource(db: Db, name: string, version: number, doc: ModelDocument, columns: readonly MonitoredColumn[], options: CheckOptions): Source {
  if (options.timeColumn !== undefined) throw new AssayError('BAD_INPUT', '--time names a dataset column; the serving log is windowed by when each prediction was made. Drop --time, or pass --data.');
  function* rows(): Generator<CurrentRow> {
    for (const page of loggedPredictions(db, name, version, options.sinceMs ?? 0, 10_000, options.untilMs)) {
      for (const r of page) {
        const input = JSON.parse(r.input) as Record<string, unknown>;
        yield { values: columns.map((c) => monitoredValue(c, input[c.name])), prediction: predictionValue(doc, JSON.parse(r.output) as Prediction), time: r.at };
      }
    }
  }
  return { label: 'serving log', present: new Set(columns.map((c) => c.name)), rows: rows() };
}

function datasetSource(db: Db, doc: ModelDocument, columns: readonly MonitoredColumn[], options: CheckOptions): Source {
  const all = listDatasets(db);
  const found = all.find((d) => d.name === options.data) ?? all.find((d) => String(d.id) === options.data);
  if (!found) throw new AssayError('NOT_FOUND', `No dataset "${options.data}" in this project; it has: ${all.map((d) => `"${d.name}"`).join(', ') || 'none'}.`);
  const ds = requireReadyDataset(db, found.id);
  const dsColumns = datasetColumns(db, ds.id).map((c) => c.name);
  const timeAt = options.timeColumn === undefined ? -1 : dsColumns.indexOf(options.timeColumn);
  if (options.timeColumn !== undefined && timeAt === -1) throw new AssayError('BAD_INPUT', `Dataset "${ds.name}" has no column "${options.timeColumn}"; its columns: ${dsColumns.join(', ')}.`);
  if ((options.window?.kind === 'time' || options.sinceMs !== undefined) && timeAt === -1) {
    throw new AssayError('BAD_INPUT', `Time windows and --since on a dataset need its time column: add --time COLUMN (one of ${dsColumns.join(', ')}), or use a row-count window such as --window 1000.`);
  }
  const positions = columns.map((c) => dsColumns.indexOf(c.name));
  const present = new Set(columns.filter((_, i) => positions[i] !== -1).map((c) => c.name));
  const predictor = loadPredictor(doc);
  let note: string | undefined;
  const since = options.sinceMs;
  const source: Source = {
    label: `dataset "${ds.name}"`,
    present,
    get note() {
      return note;
    },
    rows: (function* rows(): Generator<CurrentRow> {
      for (const page of datasetRowPages(db, ds, 5_000)) {
        const picked = since === undefined ? page : page.filter((r) => Date.parse(String(r[timeAt + 1])) >= since);
        const records = picked.map((r) => Object.fromEntries(columns.flatMap((c, j) => (positions[j] === -1 ? [] : [[c.name, r[positions[j]! + 1]]]))));
        let predictions: Prediction[] | null = null;
        try {
          predictions = predictor.predictRecords(records);
        } catch (err) {
          // The rows are still checked for input drift; the predictions' drift is left out, saying why.
          note ??= `The model could not score some rows (${err instanceof Error ? err.message : String(err)}); their prediction is left out of the prediction drift.`;
        }
        for (let i = 0; i < picked.length; i++) {
          const r = picked[i]!;
          yield {
            values: columns.map((c, j) => (positions[j] === -1 ? undefined : monitoredValue(c, r[positions[j]! + 1]))),
            prediction: predictionValue(doc, predictions?.[i]),
            time: timeAt === -1 ? undefined : r[timeAt + 1],
          };
        }
      }
    })(),
  };
  return source;
}

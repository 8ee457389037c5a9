/**
 * A registered version's drift reference: its training dataset's input
 * columns and its validation predictions, summarised (ml/monitor), with the
 * isotonic calibration CBPE needs for a binary classifier and the test
 * metrics. Built at registration; a version registered before monitoring
 * existed gets one on first use.
 */
import { AssayError } from '../../preload/contract/errors';
import type { ModelVersion } from '../../preload/contract/registry';
import {
  ColumnSummarizer,
  REFERENCE_CAP,
  WindowSummarizer,
  decodeReference,
  encodeReference,
  fitIsotonic,
  type ColumnKind,
  type Reference,
} from '../ml/monitor';
import { parseIsoDate } from '../ml/tabular/dates';
import type { ModelDocument } from '../ml/tabular/predictor';
import { datasetColumns, findReadyDataset } from '../project/datasets';
import { loadReference, saveReference, type ReferenceOrigin } from '../project/monitor';
import type { Db } from '../project/open';
import { datasetRowPages } from '../project/columns/dataset-rows';
import { readFolds } from '../project/train';

/** A model input column as monitoring sees it: dates are compared as instants (numbers). */
export interface MonitoredColumn {
  readonly name: string;
  readonly kind: ColumnKind;
  readonly date: boolean;
}

export function monitoredColumns(doc: ModelDocument): MonitoredColumn[] {
  return doc.pipeline.inputColumns.map((c) => ({ name: c.name, kind: c.kind === 'categorical' ? 'categorical' : 'numeric', date: c.kind === 'date' }));
}

/** A cell as its monitored column reads it. */
export function monitoredValue(column: MonitoredColumn, value: unknown): unknown {
  if (column.date && typeof value === 'string') return parseIsoDate(value);
  return value;
}

/** What a version's predictions are summarised as: a binary classifier's positive-class score, a multiclass label, a regression value. */
export function predictionKind(doc: ModelDocument): ColumnKind {
  return doc.task === 'multiclass' ? 'categorical' : 'numeric';
}

/** The monitored value of one prediction row (rows × K probabilities, or values). */
function foldPrediction(doc: ModelDocument, row: Float64Array): number | string {
  if (doc.task === 'regression') return row[0]!;
  if (doc.task === 'binary') return row[1]!;
  let best = 0;
  for (let k = 1; k < row.length; k++) if (row[k]! > row[best]!) best = k;
  return doc.classes![best]!;
}

/**
 * Each monitored column's values in the version's training dataset (column by
 * column), for thresholds calibrated on chunks of the reference (calibrate.ts).
 */
export function trainingValues(db: Db, version: ModelVersion, doc: ModelDocument): { columns: MonitoredColumn[]; values: unknown[][] } {
  const { ds, columns, positions } = trainingDataset(db, version, doc);
  const values = columns.map((): unknown[] => []);
  for (const page of datasetRowPages(db, ds, 10_000, { columns: positions })) {
    for (const row of page) for (let j = 0; j < columns.length; j++) values[j]!.push(monitoredValue(columns[j]!, row[j + 1]));
  }
  return { columns, values };
}

/** The version's training dataset and where its monitored columns are in it, or an error saying why it cannot be read. */
function trainingDataset(db: Db, version: ModelVersion, doc: ModelDocument) {
  const ds = findReadyDataset(db, version.lineage.datasetId);
  if (!ds) {
    throw new AssayError(
      'NOT_FOUND',
      `${version.name} v${version.version} was trained on dataset "${version.lineage.datasetName}", which is no longer in this project, so its drift reference cannot be built. Check against another version, or import the data again and register a retrained model.`,
    );
  }
  const columns = monitoredColumns(doc);
  const all = datasetColumns(db, ds.id);
  const positions = columns.map((c) => all.findIndex((d) => d.name === c.name));
  const missing = columns.filter((_, i) => positions[i] === -1).map((c) => c.name);
  if (missing.length) throw new AssayError('BAD_INPUT', `Dataset "${ds.name}" no longer has the column(s) ${missing.join(', ')} this model takes, so its drift reference cannot be built.`);
  return { ds, columns, positions, all };
}

/** Builds a tabular version's reference from its training dataset and its run's validation folds. */
export function buildReference(db: Db, version: ModelVersion, doc: ModelDocument): Reference {
  const { ds, columns, positions, all } = trainingDataset(db, version, doc);
  const targetAt = all.findIndex((d) => d.name === doc.target);
  const inputs = new WindowSummarizer(columns, null, { cap: REFERENCE_CAP });
  const targets: (string | null)[] = [];
  const read = [...positions, ...(targetAt >= 0 ? [targetAt] : [])];
  const values = new Array<unknown>(columns.length);
  for (const page of datasetRowPages(db, ds, 10_000, { columns: read })) {
    for (const row of page) {
      for (let j = 0; j < columns.length; j++) values[j] = monitoredValue(columns[j]!, row[j + 1]);
      inputs.add(values);
      if (targetAt >= 0) targets.push(row[columns.length + 1] === null ? null : String(row[columns.length + 1]));
    }
  }
  const summary = inputs.result();
  const folds = readFolds(db, version.runId).filter((f) => f.predictions !== null);
  let prediction: Reference['prediction'];
  let cbpe: Reference['cbpe'];
  if (folds.length > 0) {
    const K = doc.task === 'regression' ? 1 : doc.classes!.length;
    const p = new ColumnSummarizer(predictionKind(doc), REFERENCE_CAP);
    const scores: number[] = [];
    const labels: number[] = [];
    const positive = doc.positive ?? doc.classes?.[1];
    for (const f of folds) {
      for (let i = 0; i < f.validation.length; i++) {
        const value = foldPrediction(doc, f.predictions!.subarray(i * K, (i + 1) * K));
        p.add(value);
        const label = targets[f.validation[i]!];
        if (doc.task === 'binary' && typeof value === 'number' && label !== null && label !== undefined) {
          scores.push(value);
          labels.push(label === positive ? 1 : 0);
        }
      }
    }
    prediction = p.result();
    if (doc.task === 'binary' && scores.length > 0) cbpe = { threshold: doc.threshold ?? 0.5, calibration: fitIsotonic(scores, labels) };
  }
  return { ...summary, ...(prediction ? { prediction } : {}), ...(cbpe ? { cbpe } : {}), ...(version.test ? { metrics: version.test } : {}) };
}

/**
 * The version's stored reference, else one built now and stored (unless the
 * project is read-only: then it is used without being kept).
 */
export function ensureReference(db: Db, version: ModelVersion, doc: ModelDocument, opts: { readonly store: boolean }): { reference: Reference; origin: ReferenceOrigin; stored: boolean } {
  const found = loadReference(db, version.name, version.version);
  if (found) return { reference: decodeReference(found.reference), origin: found.origin, stored: true };
  const reference = buildReference(db, version, doc);
  if (opts.store) saveReference(db, version.name, version.version, 'first-use', encodeReference(reference));
  return { reference, origin: 'first-use', stored: opts.store };
}

/** At registration: the reference is built and kept with the version; a failure leaves it to be built on first use. */
export function storeReferenceAtRegistration(db: Db, version: ModelVersion, doc: ModelDocument): string | null {
  try {
    saveReference(db, version.name, version.version, 'registration', encodeReference(buildReference(db, version, doc)));
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

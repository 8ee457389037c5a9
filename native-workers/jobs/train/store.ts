import type { Db } from '../../project/open';
import { AssayError } from '../../../preload/contract/errors';
import type { FoldSummary, ParamValue, ResolvedTrainSpec, TrainPlots, TrainRunSummary } from '../../../preload/contract/train';
import type { ModelDocument } from '../../ml/tabular/predictor';

/**
 * The worker side of the training tables (migration 003): the plan job writes
 * folds, fold jobs write their predictions, the final job the model and plots.
 */
export function readRun(db: Db, runId: number): { spec: ResolvedTrainSpec; summary: TrainRunSummary } {
  const row = db.prepare("SELECT r.spec, t.summary FROM runs r JOIN train_runs t ON t.run_id = r.id WHERE r.id = ? AND r.kind = 'train'").get(runId) as
    | { spec: string; summary: string }
    | undefined;
  if (!row) throw new AssayError('NOT_FOUND', `Training run ${runId} does not exist in this project.`);
  return { spec: JSON.parse(row.spec) as ResolvedTrainSpec, summary: JSON.parse(row.summary) as TrainRunSummary };
}

export function writeSummary(db: Db, summary: TrainRunSummary, plots?: TrainPlots): void {
  if (plots) db.prepare('UPDATE train_runs SET summary = ?, plots = ? WHERE run_id = ?').run(JSON.stringify(summary), JSON.stringify(plots), summary.runId);
  else db.prepare('UPDATE train_runs SET summary = ? WHERE run_id = ?').run(JSON.stringify(summary), summary.runId);
}

export function writeTestRows(db: Db, runId: number, rows: Int32Array): void {
  db.prepare('UPDATE train_runs SET test_rows = ? WHERE run_id = ?').run(blob(rows), runId);
}

export function readTestRows(db: Db, runId: number): Int32Array {
  const row = db.prepare('SELECT test_rows FROM train_runs WHERE run_id = ?').get(runId) as { test_rows: Buffer | null } | undefined;
  return row?.test_rows ? int32(row.test_rows) : new Int32Array(0);
}

export function insertFold(db: Db, runId: number, summary: FoldSummary, train: Int32Array, validation: Int32Array): void {
  db.prepare('INSERT OR REPLACE INTO train_folds (run_id, fold, summary, train_rows, validation_rows) VALUES (?, ?, ?, ?, ?)').run(
    runId,
    summary.fold,
    JSON.stringify(summary),
    blob(train),
    blob(validation),
  );
}

export interface StoredFold {
  readonly summary: FoldSummary;
  readonly train: Int32Array;
  readonly validation: Int32Array;
  /** Validation predictions: rows × K probabilities (classification) or values. */
  readonly predictions: Float64Array | null;
  readonly importance: Float64Array | null;
}

interface FoldRow {
  summary: string;
  train_rows: Buffer;
  validation_rows: Buffer;
  predictions: Buffer | null;
  importance: Buffer | null;
}

function stored(row: FoldRow): StoredFold {
  return {
    summary: JSON.parse(row.summary) as FoldSummary,
    train: int32(row.train_rows),
    validation: int32(row.validation_rows),
    predictions: row.predictions ? float64(row.predictions) : null,
    importance: row.importance ? float64(row.importance) : null,
  };
}

export function readFold(db: Db, runId: number, fold: number): StoredFold {
  const row = db.prepare('SELECT * FROM train_folds WHERE run_id = ? AND fold = ?').get(runId, fold) as FoldRow | undefined;
  if (!row) throw new AssayError('NOT_FOUND', `Run ${runId} has no fold ${fold + 1}.`);
  return stored(row);
}

export function readFolds(db: Db, runId: number): StoredFold[] {
  return (db.prepare('SELECT * FROM train_folds WHERE run_id = ? AND fold >= 0 ORDER BY fold').all(runId) as FoldRow[]).map(stored);
}

export function writeFoldResult(db: Db, runId: number, summary: FoldSummary, predictions: Float64Array | null, importance: Float64Array | null): void {
  db.prepare('UPDATE train_folds SET summary = ?, predictions = ?, importance = ? WHERE run_id = ? AND fold = ?').run(
    JSON.stringify(summary),
    predictions ? blob(predictions) : null,
    importance ? blob(importance) : null,
    runId,
    summary.fold,
  );
}

/** What the refit adds to a run's plots (and the parameters it used), kept until the final job merges them. */
export interface RefitPlots extends Pick<TrainPlots, 'importance' | 'learningCurve' | 'pca'> {
  readonly params: Readonly<Record<string, ParamValue>>;
}

export function writeRefitPlots(db: Db, runId: number, plots: Pick<TrainPlots, 'importance' | 'learningCurve' | 'pca'>, params: Readonly<Record<string, ParamValue>>): void {
  db.prepare('UPDATE train_runs SET refit = ? WHERE run_id = ?').run(JSON.stringify({ ...plots, params }), runId);
}

export function readRefitPlots(db: Db, runId: number): RefitPlots {
  const row = db.prepare('SELECT refit FROM train_runs WHERE run_id = ?').get(runId) as { refit: string | null } | undefined;
  if (!row?.refit) throw new AssayError('NOT_FOUND', `Run ${runId} has no final model yet.`);
  return JSON.parse(row.refit) as RefitPlots;
}

export function readModel(db: Db, runId: number): ModelDocument {
  const row = db.prepare('SELECT model FROM train_models WHERE run_id = ?').get(runId) as { model: string } | undefined;
  if (!row) throw new AssayError('NOT_FOUND', `Run ${runId} has no final model yet.`);
  return JSON.parse(row.model) as ModelDocument;
}

export function writeModel(db: Db, runId: number, model: ModelDocument): void {
  db.prepare('INSERT OR REPLACE INTO train_models (run_id, model, created_at) VALUES (?, ?, ?)').run(runId, JSON.stringify(model), new Date().toISOString());
}

function blob(a: Int32Array | Float64Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

// Copies: SQLite's buffers are not guaranteed to be aligned for typed-array views.
function int32(b: Buffer): Int32Array {
  const out = new Int32Array(b.byteLength / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
}

function float64(b: Buffer): Float64Array {
  const out = new Float64Array(b.byteLength / 8);
  new Uint8Array(out.buffer).set(b);
  return out;
}

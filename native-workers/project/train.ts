/**
 * The training tables (migration 003), for host and workers alike. The host
 * creates a run, reads it and owns its status; the plan job writes the folds
 * and the test rows, fold jobs their predictions, the refit its plots and the
 * final job the model and the finished summary. Folds live in their own rows
 * (fold workers update them concurrently); the stored summary never carries them.
 */
import { AssayError } from '../../preload/contract/errors';
import type { FoldSummary, ParamValue, ResolvedTrainSpec, TrainPlots, TrainRunDetail, TrainRunSummary, TrainStatus } from '../../preload/contract/train';
import type { ModelDocument } from '../ml/tabular/predictor';
import type { Db } from './open';
import { insertRun, updateRun } from './runs';

/** Starts a training run: its `runs` row and its summary (no task, folds or metrics yet), 'running' from now. */
export function createTrainRun(db: Db, spec: ResolvedTrainSpec, datasetName: string): number {
  return db.transaction(() => {
    const runId = insertRun(db, 'train', spec);
    const summary: TrainRunSummary = {
      runId,
      status: 'running',
      spec,
      datasetName,
      task: null,
      validation: null,
      classes: null,
      features: [],
      excluded: [],
      lint: [],
      metrics: {},
      test: null,
      threshold: null,
      folds: [],
      warnings: [],
      params: spec.params,
      createdAt: new Date().toISOString(),
      seconds: null,
      error: null,
    };
    db.prepare('INSERT INTO train_runs (run_id, summary) VALUES (?, ?)').run(runId, JSON.stringify(summary));
    updateRun(db, runId, { status: 'running', startedAt: summary.createdAt });
    return runId;
  }).immediate();
}

function foldsOf(db: Db, runId: number): FoldSummary[] {
  return (db.prepare('SELECT summary FROM train_folds WHERE run_id = ? ORDER BY fold < 0, fold').all(runId) as { summary: string }[]).map(
    (r) => JSON.parse(r.summary) as FoldSummary,
  );
}

/** A run's summary with its folds (validation folds in order, then the refit), read from their own rows. */
export function getTrainSummary(db: Db, runId: number): TrainRunSummary {
  const row = db.prepare('SELECT summary FROM train_runs WHERE run_id = ?').get(runId) as { summary: string } | undefined;
  if (!row) throw new AssayError('NOT_FOUND', `Training run ${runId} does not exist in this project.`);
  return { ...(JSON.parse(row.summary) as TrainRunSummary), folds: foldsOf(db, runId) };
}

/** A run's summary and its plot data (null until the final job wrote it). */
export function getTrainDetail(db: Db, runId: number): TrainRunDetail {
  const summary = getTrainSummary(db, runId);
  const row = db.prepare('SELECT plots FROM train_runs WHERE run_id = ?').get(runId) as { plots: string | null };
  return { summary, plots: row.plots ? (JSON.parse(row.plots) as TrainPlots) : null };
}

/** Every training run, newest first. */
export function listTrainRuns(db: Db): TrainRunSummary[] {
  const ids = db.prepare('SELECT run_id FROM train_runs ORDER BY run_id DESC').all() as { run_id: number }[];
  return ids.map((r) => getTrainSummary(db, r.run_id));
}

/** Ends a run with its status: the host owns a run's status; workers only fill in what they computed. */
export function finishTrainRun(
  db: Db,
  runId: number,
  status: Exclude<TrainStatus, 'running'>,
  error: string | null,
  timings?: TrainRunSummary['timings'],
): TrainRunSummary {
  const current = getTrainSummary(db, runId);
  const seconds = (Date.now() - Date.parse(current.createdAt)) / 1000;
  // Folds live in their own rows; the stored summary never carries them.
  const summary: Omit<TrainRunSummary, 'folds'> & { folds?: undefined } = { ...current, folds: undefined, status, error, seconds, ...(timings ? { timings } : {}) };
  db.transaction(() => {
    db.prepare('UPDATE train_runs SET summary = ? WHERE run_id = ?').run(JSON.stringify(summary), runId);
    // A run that did not succeed leaves no model behind that could look finished.
    if (status !== 'succeeded') db.prepare('DELETE FROM train_models WHERE run_id = ?').run(runId);
    // Folds still queued or running when a run stops did not run.
    const cancelFold = db.prepare('UPDATE train_folds SET summary = ? WHERE run_id = ? AND fold = ?');
    for (const f of current.folds.filter((f) => f.status === 'queued' || f.status === 'running')) {
      cancelFold.run(JSON.stringify({ ...f, status: 'cancelled' }), runId, f.fold);
    }
    updateRun(db, runId, {
      status,
      finishedAt: new Date().toISOString(),
      error: error ? { code: status === 'failed' ? 'BAD_INPUT' : 'CANCELLED', message: error } : null,
    });
  }).immediate();
  return getTrainSummary(db, runId);
}

/** Runs left 'running' by an app that was killed cannot be running now: say so. */
export function markInterruptedRuns(db: Db): void {
  const stale = db.prepare("SELECT run_id FROM train_runs t JOIN runs r ON r.id = t.run_id WHERE r.status IN ('queued', 'running')").all() as { run_id: number }[];
  for (const r of stale) finishTrainRun(db, r.run_id, 'failed', 'Interrupted: the app stopped while this run was training. Start it again.');
}

/** A run's spec and stored summary (without folds), as every job of the run starts from them. */
export function readRun(db: Db, runId: number): { spec: ResolvedTrainSpec; summary: TrainRunSummary } {
  const row = db.prepare("SELECT r.spec, t.summary FROM runs r JOIN train_runs t ON t.run_id = r.id WHERE r.id = ? AND r.kind = 'train'").get(runId) as
    | { spec: string; summary: string }
    | undefined;
  if (!row) throw new AssayError('NOT_FOUND', `Training run ${runId} does not exist in this project.`);
  return { spec: JSON.parse(row.spec) as ResolvedTrainSpec, summary: JSON.parse(row.summary) as TrainRunSummary };
}

/** Replaces a run's stored summary (the plan's, then the final one), with the plot data when given. */
export function writeSummary(db: Db, summary: TrainRunSummary, plots?: TrainPlots): void {
  if (plots) db.prepare('UPDATE train_runs SET summary = ?, plots = ? WHERE run_id = ?').run(JSON.stringify(summary), JSON.stringify(plots), summary.runId);
  else db.prepare('UPDATE train_runs SET summary = ? WHERE run_id = ?').run(JSON.stringify(summary), summary.runId);
}

/** A validation fold as the plan makes it: queued, with its exact rows. */
export interface PlannedFold {
  readonly summary: FoldSummary;
  readonly train: Int32Array;
  readonly validation: Int32Array;
}

/**
 * Stores a run's plan in one transaction, so fold jobs never see half of it:
 * the test split's rows, the validation folds and the planned summary.
 */
export function writePlan(db: Db, summary: TrainRunSummary, testRows: Int32Array, folds: readonly PlannedFold[]): void {
  db.transaction(() => {
    db.prepare('UPDATE train_runs SET test_rows = ? WHERE run_id = ?').run(blob(testRows), summary.runId);
    for (const f of folds) insertFold(db, summary.runId, f.summary, f.train, f.validation);
    writeSummary(db, summary);
  }).immediate();
}

/** The test split's row indices (none when the run holds no test split out). */
export function readTestRows(db: Db, runId: number): Int32Array {
  const row = db.prepare('SELECT test_rows FROM train_runs WHERE run_id = ?').get(runId) as { test_rows: Buffer | null } | undefined;
  return row?.test_rows ? int32(row.test_rows) : new Int32Array(0);
}

/** Stores a fold (fold -1 is the refit) with its exact training and validation rows, replacing any before. */
export function insertFold(db: Db, runId: number, summary: FoldSummary, train: Int32Array, validation: Int32Array): void {
  db.prepare('INSERT OR REPLACE INTO train_folds (run_id, fold, summary, train_rows, validation_rows) VALUES (?, ?, ?, ?, ?)').run(
    runId,
    summary.fold,
    JSON.stringify(summary),
    blob(train),
    blob(validation),
  );
}

/** A fold as stored: its summary, its rows and, once fitted, its predictions and importance. */
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

/** One fold of a run (-1: the refit); NOT_FOUND when the plan did not make it. */
export function readFold(db: Db, runId: number, fold: number): StoredFold {
  const row = db.prepare('SELECT * FROM train_folds WHERE run_id = ? AND fold = ?').get(runId, fold) as FoldRow | undefined;
  if (!row) throw new AssayError('NOT_FOUND', `Run ${runId} has no fold ${fold + 1}.`);
  return stored(row);
}

/** A run's validation folds in order (the refit's row left out). */
export function readFolds(db: Db, runId: number): StoredFold[] {
  return (db.prepare('SELECT * FROM train_folds WHERE run_id = ? AND fold >= 0 ORDER BY fold').all(runId) as FoldRow[]).map(stored);
}

/** What a fold job computed: its summary, predictions and importance. */
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

/** Keeps the refit's plots and parameters for the final job. */
export function writeRefitPlots(db: Db, runId: number, plots: Pick<TrainPlots, 'importance' | 'learningCurve' | 'pca'>, params: Readonly<Record<string, ParamValue>>): void {
  db.prepare('UPDATE train_runs SET refit = ? WHERE run_id = ?').run(JSON.stringify({ ...plots, params }), runId);
}

/** The refit's plots and parameters; NOT_FOUND until the refit finished. */
export function readRefitPlots(db: Db, runId: number): RefitPlots {
  const row = db.prepare('SELECT refit FROM train_runs WHERE run_id = ?').get(runId) as { refit: string | null } | undefined;
  if (!row?.refit) throw new AssayError('NOT_FOUND', `Run ${runId} has no final model yet.`);
  return JSON.parse(row.refit) as RefitPlots;
}

function modelText(db: Db, runId: number): string | undefined {
  return (db.prepare('SELECT model FROM train_models WHERE run_id = ?').get(runId) as { model: string } | undefined)?.model;
}

/** A finished run's model document as stored (JSON text), for the registry to copy. */
export function getModelJson(db: Db, runId: number): string {
  const model = modelText(db, runId);
  if (model === undefined) throw new AssayError('NOT_FOUND', `Run ${runId} has no trained model (it did not finish).`);
  return model;
}

/** A run's model while the run is still going (the final job completes what the refit stored). */
export function readModel(db: Db, runId: number): ModelDocument {
  const model = modelText(db, runId);
  if (model === undefined) throw new AssayError('NOT_FOUND', `Run ${runId} has no final model yet.`);
  return JSON.parse(model) as ModelDocument;
}

/** Stores (or replaces) a run's model document. */
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

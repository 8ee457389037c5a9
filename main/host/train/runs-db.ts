import { AssayError } from '../../../preload/contract/errors';
import type { FoldSummary, ResolvedTrainSpec, TrainPlots, TrainRunDetail, TrainRunSummary, TrainStatus } from '../../../preload/contract/train';
import { insertRun, updateRun } from '../../../native-workers/project/runs';
import type { Db } from '../../../native-workers/project/open';

/** The host side of the training tables (migration 003); workers write the folds, plots and model. */
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

/** Folds are read from their own rows, which fold workers update as they finish. */
export function getTrainSummary(db: Db, runId: number): TrainRunSummary {
  const row = db.prepare('SELECT summary FROM train_runs WHERE run_id = ?').get(runId) as { summary: string } | undefined;
  if (!row) throw new AssayError('NOT_FOUND', `Training run ${runId} does not exist in this project.`);
  return { ...(JSON.parse(row.summary) as TrainRunSummary), folds: foldsOf(db, runId) };
}

export function getTrainDetail(db: Db, runId: number): TrainRunDetail {
  const summary = getTrainSummary(db, runId);
  const row = db.prepare('SELECT plots FROM train_runs WHERE run_id = ?').get(runId) as { plots: string | null };
  return { summary, plots: row.plots ? (JSON.parse(row.plots) as TrainPlots) : null };
}

export function listTrainRuns(db: Db): TrainRunSummary[] {
  const ids = db.prepare('SELECT run_id FROM train_runs ORDER BY run_id DESC').all() as { run_id: number }[];
  return ids.map((r) => getTrainSummary(db, r.run_id));
}

/** The host owns a run's status; workers only fill in what they computed. */
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
    for (const f of current.folds.filter((f) => f.status === 'queued' || f.status === 'running')) {
      db.prepare('UPDATE train_folds SET summary = ? WHERE run_id = ? AND fold = ?').run(JSON.stringify({ ...f, status: 'cancelled' }), runId, f.fold);
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

export function getModelJson(db: Db, runId: number): string {
  const row = db.prepare('SELECT model FROM train_models WHERE run_id = ?').get(runId) as { model: string } | undefined;
  if (!row) throw new AssayError('NOT_FOUND', `Run ${runId} has no trained model (it did not finish).`);
  return row.model;
}

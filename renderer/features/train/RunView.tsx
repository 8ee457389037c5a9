import { useEffect } from 'react';
import { modelLabels, positiveClass, type TrainRunSummary } from '../../../preload/contract/train';
import { cancelRun, loadRunDetail } from './actions';
import { LintList, PlanNotes } from './Findings';
import { FoldTable } from './FoldTable';
import { MetricCards } from './MetricCards';
import { RegisterModel } from './RegisterModel';
import { ReplayRun } from './ReplayRun';
import { defaultModelName } from '../models';
import { RunPlots } from './RunPlots';
import { RunStatus } from './RunStatus';
import { formatDuration, thresholdNote, validationText } from './runs-table';
import { isRunFinished, useRun, useRunDetail } from './slice';
import { plural } from '../../../preload/contract';
import { useRunLabel } from './run-number';

function progressText(run: TrainRunSummary): string {
  const folds = run.folds.filter((f) => f.fold >= 0);
  if (folds.length === 0) return 'Planning: task, features, splits and checks on the data…';
  const done = folds.filter((f) => f.status === 'succeeded' || f.status === 'failed').length;
  if (done < folds.length) return `${done} of ${plural(folds.length, 'fold')} done`;
  return 'Folds done; fitting the final model and computing the plots…';
}

function subtitle(run: TrainRunSummary): string {
  const parts = [
    run.datasetName,
    run.task ?? (run.status === 'running' ? 'task pending' : null),
    validationText(run.validation, run.spec.validation),
    run.classes ? `${run.classes.length} classes` : null,
    positiveClass(run) !== null ? `positive: ${positiveClass(run)}` : null,
    run.features.length > 0 ? `${run.features.length} features` : null,
    run.spec.testSize > 0 ? `test ${Math.round(run.spec.testSize * 100)} %` : 'no test split',
    `seed ${run.spec.seed}`,
    run.seconds !== null ? formatDuration(run.seconds) : null,
  ];
  return parts.filter((p) => p !== null).join(' · ');
}

export function RunView({ runId }: { readonly runId: number }) {
  const run = useRun(runId);
  const detail = useRunDetail(runId);
  const label = useRunLabel();
  const finished = run !== undefined && isRunFinished(run);

  // A finished run's plots are fetched once (again when an update made the cached detail stale).
  useEffect(() => {
    if (finished && !detail) void loadRunDetail(runId);
  }, [finished, detail, runId]);

  if (!run) return <div className="empty-state">Loading run…</div>;
  const plots = detail?.plots ?? null;
  return (
    <div className="run-view" data-testid="run-view" data-run-id={run.runId} data-status={run.status}>
      <div className="dataset-head">
        <div className="run-title">
          <h1>
            {label(run.runId)} {modelLabels[run.spec.model]} → {run.spec.target} <RunStatus status={run.status} />
          </h1>
          <p className="muted">{subtitle(run)}</p>
        </div>
        {run.status === 'running' && (
          <button type="button" data-testid="cancel-train" onClick={() => void cancelRun(run.runId)}>
            Cancel
          </button>
        )}
        {run.status === 'succeeded' && (
          <div className="run-actions">
            <ReplayRun runId={run.runId} kind="train" />
            <RegisterModel runId={run.runId} defaultName={defaultModelName(run.datasetName, run.spec.target)} />
          </div>
        )}
      </div>
      {run.error && run.status === 'failed' && (
        <div className="train-problem" role="alert" data-testid="run-error">
          <strong>The run failed.</strong>
          <span>{run.error}</span>
        </div>
      )}
      {run.status === 'cancelled' && <p className="muted">Cancelled{run.error && run.error !== 'Cancelled.' ? `: ${run.error}` : '.'} Metrics below cover the folds that finished.</p>}
      <LintList lint={run.lint} />
      {run.status === 'running' && (
        <p className="run-progress" data-testid="run-progress">
          {progressText(run)}
        </p>
      )}
      <MetricCards run={run} />
      {finished && !detail && run.status === 'succeeded' && <p className="muted">Loading plots…</p>}
      {finished && <RunPlots run={run} plots={plots} />}
      <section aria-label="Folds">
        <h2 className="section-title">Folds</h2>
        {thresholdNote(run) && (
          <p className="muted threshold-note" data-testid="threshold-note">
            {thresholdNote(run)}
          </p>
        )}
        <FoldTable run={run} />
      </section>
      <PlanNotes features={run.features} excluded={run.excluded} derived={run.derived ?? []} warnings={run.warnings} />
    </div>
  );
}

import { useMemo } from 'react';
import { openRun } from './actions';
import { useRunLabel } from './run-number';
import { RunStatus } from './RunStatus';
import { formatNumber, mainMetrics, metricLabel, newestFirst, runTitle } from './runs-table';
import { selectRun, useRunsById, useSelectedRunId, useTrainView } from './slice';

/** Runs newest first, each with its main metric; New… opens the setup form. */
export function RunSidebar() {
  const byId = useRunsById();
  const selectedId = useSelectedRunId();
  const view = useTrainView();
  const runs = useMemo(() => newestFirst(byId), [byId]);
  const label = useRunLabel();
  return (
    <aside className="sidebar" data-testid="run-sidebar">
      <div className="sidebar-head">
        <h2>Runs</h2>
        <button type="button" className="small primary" data-testid="new-run-button" onClick={() => selectRun(null)}>
          New…
        </button>
      </div>
      {runs.length === 0 ? (
        <p className="sidebar-empty" data-testid="no-runs">
          No training runs yet. Pick a dataset and a target column, then Start.
        </p>
      ) : (
        <ul className="dataset-list" data-testid="run-list">
          {runs.map((r) => {
            const main = mainMetrics(r.task).find((m) => r.metrics[m] !== undefined);
            const current = view === 'run' && r.runId === selectedId;
            return (
              <li key={r.runId}>
                <button
                  type="button"
                  className={`dataset-item${current ? ' selected' : ''}`}
                  data-testid="run-item"
                  data-run-id={r.runId}
                  aria-current={current}
                  onClick={() => openRun(r.runId)}
                >
                  <span className="dataset-name" title={`${label(r.runId)} ${runTitle(r)}`}>
                    {label(r.runId)} {runTitle(r)}
                  </span>
                  <span className="run-item-meta">
                    <span className="dataset-meta">
                      {main ? `${metricLabel(main)} ${formatNumber(r.metrics[main]?.mean)}` : r.datasetName}
                    </span>
                    <RunStatus status={r.status} />
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </aside>
  );
}

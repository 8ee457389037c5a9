import type { TrainRunSummary } from '../../../preload/contract/train';
import { formatDuration, formatNumber, metricLabel, orderedMetrics } from './runs-table';

/** One row per fold (and the final refit on the test split), with its status while the run goes. */
export function FoldTable({ run }: { readonly run: TrainRunSummary }) {
  if (run.folds.length === 0) return <p className="muted" data-testid="fold-planning">{run.status === 'running' ? 'Planning the folds…' : 'No folds.'}</p>;
  const metrics = orderedMetrics(run).slice(0, 6);
  const folds = [...run.folds].sort((a, b) => (a.fold < 0 ? 1 : b.fold < 0 ? -1 : a.fold - b.fold));
  return (
    <table className="rec-table fold-table" data-testid="fold-table">
      <thead>
        <tr>
          <th>Fold</th>
          <th>Status</th>
          <th className="num">Train rows</th>
          <th className="num">Validation rows</th>
          <th className="num">Time</th>
          {metrics.map((m) => (
            <th key={m} className="num">
              {metricLabel(m)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {folds.map((f) => (
          <tr key={f.fold} data-testid="fold-row" data-status={f.status} className={f.fold < 0 ? 'final-row' : undefined}>
            <td>{f.fold < 0 ? 'final (test)' : f.fold + 1}</td>
            <td>
              <span className={`job-status status-${f.status}`}>{f.status}</span>
              {f.error && <div className="fold-error">{f.error}</div>}
            </td>
            <td className="num">{f.trainRows.toLocaleString('en-US')}</td>
            <td className="num">{f.validationRows.toLocaleString('en-US')}</td>
            <td className="num">{formatDuration(f.seconds)}</td>
            {metrics.map((m) => (
              <td key={m} className="num">
                {formatNumber(f.metrics[m])}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

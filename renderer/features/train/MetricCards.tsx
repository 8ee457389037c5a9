import type { TrainRunSummary } from '../../../preload/contract/train';
import { formatNumber, lowerIsBetter, metricLabel, orderedMetrics } from './runs-table';

/** Mean ± std over the folds, each fold's value, and the held-out test value where there is one. */
export function MetricCards({ run }: { readonly run: TrainRunSummary }) {
  const names = orderedMetrics(run);
  if (names.length === 0 && run.threshold === null) return null;
  return (
    <div className="metric-cards" data-testid="metric-cards">
      {names.map((name) => {
        const m = run.metrics[name];
        if (!m) return null;
        const test = run.test?.[name];
        return (
          <div className="metric-card" key={name} data-testid="metric-card" data-metric={name}>
            <div className="metric-name" title={lowerIsBetter(name) ? 'lower is better' : 'higher is better'}>
              {metricLabel(name)}
              {lowerIsBetter(name) && <span className="metric-dir">↓</span>}
            </div>
            <div className="metric-value">
              {formatNumber(m.mean)}
              <span className="metric-std"> ± {formatNumber(m.std)}</span>
            </div>
            <div className="metric-folds" title={`Per fold: ${m.folds.map((v) => (v === null ? 'missing' : formatNumber(v, 4))).join(', ')}`}>
              {m.folds.map((v, i) => (
                <span key={i} className={v === null ? 'missing' : undefined}>
                  {v === null ? '—' : formatNumber(v, 2)}
                </span>
              ))}
            </div>
            {test !== undefined && <div className="metric-test">test {formatNumber(test)}</div>}
          </div>
        );
      })}
      {run.threshold !== null && (
        <div className="metric-card threshold-card" data-testid="threshold-card">
          <div className="metric-name">Decision threshold</div>
          <div className="metric-value">{formatNumber(run.threshold)}</div>
          <div className="metric-folds">{thresholdRule(run)}</div>
        </div>
      )}
    </div>
  );
}

function thresholdRule(run: TrainRunSummary): string {
  const rule = run.spec.threshold;
  if (rule === 'max_f1') return 'max F1 on validation folds';
  if (rule === 'default') return 'default 0.5';
  return `cost ratio ${rule.costRatio}`;
}

import { isThresholdDependent } from '../../../preload/contract/metrics';
import { metricThresholds, positiveClass, type TrainRunSummary } from '../../../preload/contract/train';
import { formatNumber, lowerIsBetter, metricLabel, orderedMetrics } from './runs-table';

/** `@0.237` beside a number computed at that decision threshold; nothing for a threshold-free metric. */
function AtThreshold({ name, threshold }: { readonly name: string; readonly threshold: number | null | undefined }) {
  if (threshold === null || threshold === undefined || !isThresholdDependent(name)) return null;
  return (
    <span className="metric-at" data-testid="metric-at" title={`Computed at decision threshold ${threshold}`}>
      @{formatNumber(threshold)}
    </span>
  );
}

/** Mean ± std over the folds, each fold's value, and the held-out test value where there is one. */
export function MetricCards({ run }: { readonly run: TrainRunSummary }) {
  const names = orderedMetrics(run);
  if (names.length === 0 && run.threshold === null) return null;
  const at = metricThresholds(run);
  const positive = positiveClass(run);
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
              {at?.folds === at?.test && <AtThreshold name={name} threshold={at?.folds} />}
            </div>
            <div className="metric-value">
              {formatNumber(m.mean)}
              <span className="metric-std"> ± {formatNumber(m.std)}</span>
              {at && at.folds !== at.test && <AtThreshold name={name} threshold={at.folds} />}
            </div>
            <div className="metric-folds" title={`Per fold: ${m.folds.map((v) => (v === null ? 'missing' : formatNumber(v, 4))).join(', ')}`}>
              {m.folds.map((v, i) => (
                <span key={i} className={v === null ? 'missing' : undefined}>
                  {v === null ? '—' : formatNumber(v, 2)}
                </span>
              ))}
            </div>
            {test !== undefined && (
              <div className="metric-test">
                test {formatNumber(test)}
                {at && at.folds !== at.test && <AtThreshold name={name} threshold={at.test} />}
              </div>
            )}
          </div>
        );
      })}
      {run.threshold !== null && (
        <div className="metric-card threshold-card" data-testid="threshold-card">
          <div className="metric-name">Decision threshold</div>
          <div className="metric-value">{formatNumber(run.threshold)}</div>
          <div className="metric-folds">{thresholdRule(run)}</div>
          {positive !== null && <div className="metric-test" data-testid="threshold-positive">“{positive}” when p ≥ {formatNumber(run.threshold)}</div>}
        </div>
      )}
    </div>
  );
}

function thresholdRule(run: TrainRunSummary): string {
  const rule = run.spec.threshold;
  if (rule === 'max_f1') return 'max F1, pooled validation';
  if (rule === 'default') return 'default 0.5';
  return `cost ratio ${rule.costRatio}`;
}

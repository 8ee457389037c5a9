/**
 * Regression metrics as scikit-learn 1.2 computes them. R² of a constant
 * target is left out with a warning (sklearn would report 1 or 0). MAPE
 * follows sklearn exactly — |y − ŷ| / max(|y|, machine epsilon) — so a true
 * value of 0 makes it enormous; a warning says so.
 */
import { MetricSink, type MetricWarning } from './types';

export interface RegressionReport {
  readonly metrics: Record<string, number>;
  readonly warnings: readonly MetricWarning[];
}

const EPS = 2.220446049250313e-16;

export function regressionMetrics(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): RegressionReport {
  const n = yTrue.length;
  if (n === 0) throw new Error('Metrics need at least one row.');
  if (yPred.length !== n) throw new Error(`Got ${n} true values but ${yPred.length} predictions.`);
  let se = 0;
  let ae = 0;
  let ape = 0;
  let mean = 0;
  let zeros = 0;
  for (let i = 0; i < n; i++) {
    const y = yTrue[i]!;
    const p = yPred[i]!;
    if (!Number.isFinite(y) || !Number.isFinite(p)) throw new Error(`Row ${i} has a missing or infinite value (true ${y}, predicted ${p}).`);
    se += (y - p) ** 2;
    ae += Math.abs(y - p);
    ape += Math.abs(p - y) / Math.max(Math.abs(y), EPS);
    mean += y;
    if (y === 0) zeros++;
  }
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (yTrue[i]! - mean) ** 2;
  const sink = new MetricSink();
  sink.put('mse', { value: se / n });
  sink.put('rmse', { value: Math.sqrt(se / n) });
  sink.put('mae', { value: ae / n });
  sink.put('mape', { value: ape / n });
  if (zeros > 0) sink.warn('mape', `${zeros} true value(s) are 0; MAPE divides by machine epsilon there, so its value is not meaningful.`);
  sink.put('r2', ss === 0 ? { undefined: 'The true values are all equal, so R² (1 − residual/total variance) is 0/0.' } : { value: 1 - se / ss });
  return { metrics: sink.metrics, warnings: sink.warnings };
}

/**
 * Thresholds calibrated on the reference itself: split it into chunks the
 * size of a window, measure each chunk against the whole, and put the
 * threshold at mean + 3σ of the statistic. A window then drifts when it is
 * further from the reference than the reference's own chunks usually are,
 * which suits data whose natural variation the fixed defaults misjudge.
 */
import { measure, type DriftMethod } from './methods';
import { ColumnSummarizer, type ColumnKind, type ColumnSummary } from './summary';

export interface Calibration {
  readonly mean: number;
  readonly std: number;
  /** mean + 3σ. */
  readonly threshold: number;
  readonly chunks: number;
}

/** Calibrates one column's statistic on consecutive chunks of `chunkRows` reference values (at least 2 chunks). */
export function calibrateColumn(kind: ColumnKind, values: readonly unknown[], reference: ColumnSummary, method: DriftMethod, chunkRows: number): Calibration {
  const chunks = Math.floor(values.length / chunkRows);
  if (chunks < 2) throw new RangeError(`Calibration needs at least two chunks of ${chunkRows} rows; the reference has ${values.length}.`);
  const stats: number[] = [];
  for (let c = 0; c < chunks; c++) {
    const s = new ColumnSummarizer(kind);
    for (let i = c * chunkRows; i < (c + 1) * chunkRows; i++) s.add(values[i]);
    const chunk = s.result();
    if (chunk.count > 0) stats.push(measure(method, reference, chunk).statistic);
  }
  const mean = stats.reduce((a, b) => a + b, 0) / stats.length;
  const std = Math.sqrt(stats.reduce((a, b) => a + (b - mean) ** 2, 0) / stats.length);
  return { mean, std, threshold: mean + 3 * std, chunks: stats.length };
}

/**
 * `monitor check --calibration N`: per column a threshold calibrated on the
 * version's own training data (consecutive chunks of N rows, each measured
 * against the whole reference; mean + 3σ of the statistic), for data whose
 * natural variation the fixed defaults misjudge. N should be the size of the
 * windows checked: a statistic's spread depends on the sample's size.
 */
import { AssayError } from '../../preload/contract/errors';
import { calibrateColumn, defaultMethod, type ColumnOverride, type Reference } from '../ml/monitor';
import type { ModelDocument } from '../ml/tabular/predictor';
import type { Db } from '../project/open';
import type { ModelVersion } from '../../preload/contract/registry';
import { trainingValues } from './reference';

export function calibratedThresholds(db: Db, version: ModelVersion, doc: ModelDocument, reference: Reference, chunkRows: number, overrides: Readonly<Record<string, ColumnOverride>> = {}): Record<string, number> {
  const { columns, values } = trainingValues(db, version, doc);
  const out: Record<string, number> = {};
  columns.forEach((c, j) => {
    const ref = reference.columns[c.name];
    if (!ref || ref.count === 0) return;
    try {
      out[c.name] = calibrateColumn(c.kind, values[j]!, ref, overrides[c.name]?.method ?? defaultMethod(ref), chunkRows).threshold;
    } catch (err) {
      if (!(err instanceof RangeError)) throw err;
      throw new AssayError('BAD_INPUT', `${err.message} Pass a smaller --calibration (at most ${Math.floor(values[j]!.length / 2)} rows for ${version.name} v${version.version}).`);
    }
  });
  return out;
}

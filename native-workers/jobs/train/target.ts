import { AssayError } from '../../../preload/contract/errors';
import type { Task } from '../../../preload/contract/train';
import type { FrameColumn } from '../../ml/tabular/frame';

export interface EncodedTarget {
  readonly task: Task;
  /** Class labels in index order (classification), null for regression. */
  readonly classes: readonly string[] | null;
  /** Class index or value per row; NaN where the target is missing. */
  readonly y: Float64Array;
  readonly missing: number;
}

/** Up to this many distinct values, a numeric target with whole numbers is taken as classes. */
const maxAutoClasses = 20;

/**
 * Encodes the target column for the task (detected when 'auto'): classes are
 * the sorted distinct values (numerically when numeric), so class indices are
 * stable across runs and replays.
 */
export function encodeTarget(column: FrameColumn, wanted: Task | 'auto'): EncodedTarget {
  const n = column.values.length;
  let task: Task;
  if (column.kind === 'categorical') {
    const distinct = new Set(column.values.filter((v): v is string => v !== null));
    if (wanted === 'regression') {
      throw new AssayError('BAD_INPUT', `The target "${column.name}" holds text (e.g. "${[...distinct][0] ?? ''}"), so it cannot be a regression target. Choose binary or multiclass, or a numeric column.`);
    }
    task = wanted === 'auto' ? (distinct.size <= 2 ? 'binary' : 'multiclass') : wanted;
    const classes = [...distinct].sort();
    const index = new Map(classes.map((c, i) => [c, i]));
    const y = new Float64Array(n);
    let missing = 0;
    for (let i = 0; i < n; i++) {
      const v = column.values[i];
      if (v === null) {
        y[i] = NaN;
        missing++;
      } else y[i] = index.get(v)!;
    }
    return { task, classes, y, missing };
  }
  const values = column.values;
  const distinct = new Set<number>();
  let whole = true;
  let missing = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) {
      missing++;
      continue;
    }
    if (distinct.size <= maxAutoClasses) distinct.add(v);
    if (!Number.isInteger(v)) whole = false;
  }
  task = wanted !== 'auto' ? wanted : whole && distinct.size <= 2 ? 'binary' : whole && distinct.size <= maxAutoClasses ? 'multiclass' : 'regression';
  if (task === 'regression') return { task, classes: null, y: Float64Array.from(values), missing };
  const sorted = [...new Set(Array.from(values).filter((v) => !Number.isNaN(v)))].sort((a, b) => a - b);
  if (sorted.length > 1000) {
    throw new AssayError('BAD_INPUT', `The target "${column.name}" has ${sorted.length} distinct values: too many classes for classification. Choose regression.`);
  }
  const index = new Map(sorted.map((c, i) => [c, i]));
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = Number.isNaN(values[i]!) ? NaN : index.get(values[i]!)!;
  return { task, classes: sorted.map(String), y, missing };
}

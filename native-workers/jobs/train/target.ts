import { AssayError } from '../../../preload/contract/errors';
import type { Task } from '../../../preload/contract/train';
import type { FrameColumn } from '../../ml/tabular/frame';
import { classLabels, detectTask, encodeTarget as encode } from '../../ml/tabular/lint';
import type { EncodedTarget } from './folds';

/**
 * The target as the task needs it (detected when 'auto'): class indices in
 * sorted label order, so they are stable across runs and replays, or values.
 */
export function encodeTarget(column: FrameColumn, wanted: Task | 'auto'): EncodedTarget & { readonly missing: number } {
  let guess;
  try {
    guess = detectTask(column);
  } catch (err) {
    const values = column.kind !== 'categorical' ? Array.from(column.values).filter((v) => !Number.isNaN(v)).map(String) : column.values.filter((v): v is string => v !== null);
    const only = new Set(values).size === 1 ? ` Every row is "${values[0]}".` : '';
    throw new AssayError('BAD_INPUT', `${err instanceof Error ? err.message : String(err)}${only} Choose another target.`);
  }
  const task = wanted === 'auto' ? guess.task : wanted;
  if (task === 'regression' && column.kind !== 'numeric') {
    throw new AssayError('BAD_INPUT', `The target "${column.name}" holds text, so it cannot be a regression target. Choose binary or multiclass, or a numeric column.`);
  }
  const chosen = task === guess.task ? guess : { ...guess, task, classes: undefined };
  const classes = task === 'regression' ? null : classLabels(column, chosen);
  if (classes && classes.length > 1000) {
    throw new AssayError('BAD_INPUT', `The target "${column.name}" has ${classes.length} distinct values: too many classes for classification. Choose regression.`);
  }
  if (task === 'binary' && classes && classes.length !== 2) {
    throw new AssayError('BAD_INPUT', `Binary classification needs exactly two classes; "${column.name}" has ${classes.length}. Choose multiclass.`);
  }
  return { task, classes, y: encode(column, chosen), missing: guess.missing };
}

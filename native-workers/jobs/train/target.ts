import { AssayError } from '../../../preload/contract/errors';
import { defaultPositive, orderForPositive } from '../../../preload/contract/positive-class';
import type { Task } from '../../../preload/contract/train';
import type { FrameColumn } from '../../ml/tabular/frame';
import { classLabels, detectTask, encodeTarget as encode } from '../../ml/tabular/lint';
import type { EncodedTarget } from './folds';

/**
 * The target as the task needs it (detected when 'auto'): class indices in
 * sorted label order, so they are stable across runs and replays, or values.
 * A binary target puts its positive class last (index 1: the class every
 * metric, threshold and saved model treats as positive): `positive` when
 * given, else defaultPositive.
 */
export function encodeTarget(column: FrameColumn, wanted: Task | 'auto', positive: string | null = null): EncodedTarget & { readonly missing: number; readonly positive: string | null } {
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
  if (positive !== null && task !== 'binary') {
    throw new AssayError('BAD_INPUT', `A positive class ("${positive}") applies to binary targets only; "${column.name}" is a ${task} target here. Leave the positive class out.`);
  }
  if (task !== 'binary' || !classes) return { task, classes, y: encode(column, chosen), missing: guess.missing, positive: null };
  const sorted = encode(column, { ...chosen, classes });
  if (positive !== null && !classes.includes(positive)) {
    throw new AssayError('BAD_INPUT', `"${positive}" is not a class of "${column.name}"; its classes are ${classes.map((c) => `"${c}"`).join(' and ')}. Pick one of them as the positive class.`);
  }
  const counts = [0, 0];
  for (const v of sorted) if (!Number.isNaN(v)) counts[v]! += 1;
  const chosenPositive = positive ?? defaultPositive(classes.map((label, k) => ({ label, count: counts[k]! })));
  return { ...encodeWithClasses(column, task, orderForPositive(classes, chosenPositive)), missing: guess.missing, positive: chosenPositive };
}

/** Re-encodes the target in a stored plan's class order (the jobs after the plan must agree with it, positive class included). */
export function encodeWithClasses(column: FrameColumn, task: Task, classes: readonly string[] | null): EncodedTarget {
  return { task, classes, y: encode(column, { task, reason: '', missing: 0, ...(classes ? { classes } : {}) }) };
}

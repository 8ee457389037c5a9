import { AssayError } from '../../../preload/contract/errors';
import type { ExcludedColumn, LintFinding, Task, ValidationSpec } from '../../../preload/contract/train';
import type { ColumnType } from '../../../preload/contract/types';
import { frameColumn, type Frame } from '../../ml/tabular/frame';
import { columnFacts, lintLeakage, pickFeatures } from '../../ml/tabular/lint';
import { takeValues } from '../../ml/tabular/matrix';
import {
  groupKFold,
  holdout,
  kFold,
  repeatedKFold,
  repeatedStratifiedKFold,
  stratifiedKFold,
  timeSeriesSplit,
  type Fold,
  type Split,
} from '../../ml/tabular/splits';
import type { TrainData } from './fit';

export interface EncodedTarget {
  readonly task: Task;
  readonly classes: readonly string[] | null;
  readonly y: Float64Array;
}

/** The ml library speaks plain Errors; a run reports them as bad input the user can fix. */
export function userError<T>(what: () => T): T {
  try {
    return what();
  } catch (err) {
    if (err instanceof AssayError || !(err instanceof Error)) throw err;
    throw new AssayError('BAD_INPUT', err.message);
  }
}

/**
 * The user's features, checked; or the default pick (id-like and constant columns left out,
 * with reasons; so are columns typed `id` at import, whatever their values look like).
 */
export function checkFeatures(
  frame: Frame,
  target: string,
  wanted: readonly string[] | null,
  types: ReadonlyMap<string, ColumnType> = new Map(),
): { features: string[]; excluded: ExcludedColumn[] } {
  if (!wanted) {
    const pick = userError(() => pickFeatures(frame, target));
    const typedIds = pick.features.filter((f) => types.get(f) === 'id');
    return {
      features: pick.features.filter((f) => types.get(f) !== 'id'),
      excluded: [
        ...pick.excluded.filter((e) => e.name !== target).map((e) => ({ column: e.name, reason: e.reason })),
        ...typedIds.map((column) => ({ column, reason: 'Typed as an id at import; a model would memorise it instead of learning. Pick it explicitly to use it.' })),
      ],
    };
  }
  const unknown = wanted.filter((w) => !frameColumn(frame, w));
  if (unknown.length) throw new AssayError('BAD_INPUT', `No column ${unknown.map((u) => `"${u}"`).join(', ')} in this dataset. Its columns: ${frame.columns.map((c) => c.name).join(', ')}.`);
  if (wanted.includes(target)) throw new AssayError('BAD_INPUT', `"${target}" is the target; it cannot also be a feature.`);
  const features: string[] = [];
  const excluded: ExcludedColumn[] = [];
  for (const name of wanted) {
    // A column the user picked stays unless it carries nothing at all.
    if (columnFacts(frameColumn(frame, name)!).present === 0) excluded.push({ column: name, reason: 'Every value is missing; it carries nothing to learn from.' });
    else features.push(name);
  }
  return { features, excluded };
}

/** Stratified k-fold for classification and k-fold for regression, unless the spec says otherwise. */
export function settleValidation(partial: Partial<ValidationSpec>, task: Task): ValidationSpec {
  const kind = partial.kind ?? (task === 'regression' ? 'kfold' : 'stratified');
  if (task === 'regression' && kind === 'stratified') throw new AssayError('BAD_INPUT', 'Stratified folds keep class proportions, but this target is numeric (regression). Use k-fold.');
  if (kind === 'group' && !partial.groupColumn) throw new AssayError('BAD_INPUT', 'Group k-fold needs a group column (rows sharing its value stay in one fold).');
  return {
    kind,
    k: partial.k ?? 5,
    ...(kind === 'repeated' ? { repeats: partial.repeats ?? 3 } : {}),
    ...(kind === 'holdout' ? { fraction: partial.fraction ?? 0.2 } : {}),
    ...(partial.groupColumn ? { groupColumn: partial.groupColumn } : {}),
    ...(partial.timeColumn ? { timeColumn: partial.timeColumn } : {}),
  };
}

/** Row order by a time column (missing times first, ties by row), or dataset order. */
function timeOrder(frame: Frame, rows: Int32Array, column: string | undefined): Int32Array {
  if (!column) return rows;
  const c = frameColumn(frame, column);
  if (!c) throw new AssayError('BAD_INPUT', `No time column "${column}" in this dataset.`);
  // Dates are UTC milliseconds; a missing time sorts first, as missing text does.
  const key = (i: number): number | string => (c.kind === 'categorical' ? (c.values[i] ?? '') : Number.isNaN(c.values[i]!) ? -Infinity : c.values[i]!);
  return Int32Array.from(rows).sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : a - b;
  });
}

/**
 * Holds out the test split (dataset row indices). Stratified for
 * classification; for a time-series run the latest rows are the test rows.
 */
export function splitTest(target: EncodedTarget, labelled: Int32Array, testSize: number, seed: number, validation: Partial<ValidationSpec>, frame: Frame): { train: Int32Array; test: Int32Array } {
  if (testSize <= 0) return { train: labelled, test: new Int32Array(0) };
  if (validation.kind === 'timeseries') {
    const ordered = timeOrder(frame, labelled, validation.timeColumn);
    const cut = ordered.length - Math.ceil(testSize * ordered.length);
    return { train: ordered.slice(0, cut).sort(), test: ordered.slice(cut).sort() };
  }
  const classification = target.task !== 'regression';
  const split = userError(() =>
    holdout(labelled.length, {
      testFraction: testSize,
      seed,
      ...(classification ? { stratify: takeValues(target.y, labelled), classNames: target.classes! } : {}),
    }),
  );
  const [fold] = split.folds;
  return { train: mapRows(labelled, fold!.train), test: mapRows(labelled, fold!.validation) };
}

/** The validation folds over the training rows, as dataset row indices. */
export function splitFolds(v: ValidationSpec, target: EncodedTarget, train: Int32Array, frame: Frame, seed: number): Fold[] {
  const n = train.length;
  const y = takeValues(target.y, train);
  const classification = target.task !== 'regression';
  const classNames = target.classes ?? undefined;
  const split: Split = userError(() => {
    switch (v.kind) {
      case 'kfold':
        return kFold(n, v.k, { shuffle: true, seed });
      case 'stratified':
        return stratifiedKFold(y, v.k, { shuffle: true, seed, ...(classNames ? { classNames } : {}) });
      case 'repeated':
        return classification ? repeatedStratifiedKFold(y, v.k, v.repeats ?? 3, { seed }) : repeatedKFold(n, v.k, v.repeats ?? 3, { seed });
      case 'group': {
        const c = frameColumn(frame, v.groupColumn!);
        if (!c) throw new AssayError('BAD_INPUT', `No group column "${v.groupColumn}" in this dataset.`);
        const groups = c.kind !== 'categorical' ? takeValues(c.values, train) : Array.from(train, (i) => c.values[i] ?? '');
        return groupKFold(groups, v.k, { shuffle: true, seed });
      }
      case 'timeseries': {
        const ordered = timeOrder(frame, train, v.timeColumn);
        const s = timeSeriesSplit(n, { splits: v.k });
        return { ...s, folds: s.folds.map((f) => ({ train: mapRows(ordered, f.train).sort(), validation: mapRows(ordered, f.validation).sort() })) };
      }
      case 'holdout':
        return holdout(n, { testFraction: v.fraction ?? 0.2, seed, ...(classification ? { stratify: y, ...(classNames ? { classNames } : {}) } : {}) });
    }
  });
  if (v.kind === 'timeseries') return [...split.folds];
  return split.folds.map((f) => ({ train: mapRows(train, f.train), validation: mapRows(train, f.validation) }));
}

/** Inner folds of nested CV over an outer fold's training rows. */
export function innerSplits(data: TrainData, rows: Int32Array, k: number, seed: number): Fold[] {
  const y = takeValues(data.y, rows);
  const split = userError(() => (data.task === 'regression' ? kFold(rows.length, k, { shuffle: true, seed }) : stratifiedKFold(y, k, { shuffle: true, seed })));
  return split.folds.map((f) => ({ train: mapRows(rows, f.train), validation: mapRows(rows, f.validation) }));
}

function mapRows(rows: Int32Array, positions: Int32Array): Int32Array {
  return positions.map((p) => rows[p]!);
}

/** Leakage lint over the chosen features: between the training rows and the test rows (or the first fold when there is no test split). */
export function leakageFindings(frame: Frame, features: readonly string[], target: string, task: Task, train: Int32Array, test: Int32Array, folds: readonly Fold[], v: ValidationSpec): LintFinding[] {
  const keep = new Set([...features, target, ...(v.timeColumn ? [v.timeColumn] : [])]);
  const sub: Frame = { rows: frame.rows, columns: frame.columns.filter((c) => keep.has(c.name)) };
  const split = test.length > 0 ? { train, validation: test } : folds[0] ? { train: folds[0].train, validation: folds[0].validation } : undefined;
  return userError(() => lintLeakage({ frame: sub, target, task, ...(split ? { split } : {}), ...(v.timeColumn ? { timeColumn: v.timeColumn } : {}) }));
}

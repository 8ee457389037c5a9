import type { RunDifference, TrainRunSummary } from '../../../preload/contract/train';

/**
 * Compares a replay with the stored run: every fold metric, the test metrics,
 * the threshold and each fold's row counts. Equality is exact: the same spec
 * and seed must give the same numbers, not merely close ones.
 */
export function compareRuns(stored: TrainRunSummary, replayed: TrainRunSummary): { identical: boolean; compared: number; differences: RunDifference[] } {
  const differences: RunDifference[] = [];
  let compared = 0;
  const check = (what: string, a: unknown, b: unknown): void => {
    compared++;
    const sa = JSON.stringify(a) ?? 'none';
    const sb = JSON.stringify(b) ?? 'none';
    if (sa !== sb) differences.push({ what, stored: sa, replayed: sb });
  };
  check('status', stored.status, replayed.status);
  check('task', stored.task, replayed.task);
  check('features', stored.features, replayed.features);
  check('threshold', stored.threshold, replayed.threshold);
  const names = new Set([...Object.keys(stored.metrics), ...Object.keys(replayed.metrics)]);
  for (const name of names) check(`metric ${name} per fold`, stored.metrics[name]?.folds, replayed.metrics[name]?.folds);
  const testNames = new Set([...Object.keys(stored.test ?? {}), ...Object.keys(replayed.test ?? {})]);
  for (const name of testNames) check(`test ${name}`, stored.test?.[name], replayed.test?.[name]);
  const folds = Math.max(stored.folds.length, replayed.folds.length);
  for (let i = 0; i < folds; i++) {
    const a = stored.folds[i];
    const b = replayed.folds[i];
    check(`fold ${a?.fold ?? b?.fold} rows`, a && [a.trainRows, a.validationRows], b && [b.trainRows, b.validationRows]);
  }
  return { identical: differences.length === 0, compared, differences };
}

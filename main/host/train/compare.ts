import type { ImageRunSummary } from '../../../preload/contract/images';
import type { RunDifference, TrainRunSummary } from '../../../preload/contract/train';

/** Exact comparison of values by their JSON, counting what was compared. */
class Comparison {
  readonly differences: RunDifference[] = [];
  compared = 0;

  check(what: string, a: unknown, b: unknown): void {
    this.compared++;
    const sa = JSON.stringify(a) ?? 'none';
    const sb = JSON.stringify(b) ?? 'none';
    if (sa !== sb) this.differences.push({ what, stored: sa, replayed: sb });
  }

  result(): { identical: boolean; compared: number; differences: RunDifference[] } {
    return { identical: this.differences.length === 0, compared: this.compared, differences: this.differences };
  }
}

/**
 * Compares a replay with the stored run: every fold metric, the test metrics,
 * the threshold and each fold's row counts. Equality is exact: the same spec
 * and seed must give the same numbers, not merely close ones.
 */
export function compareRuns(stored: TrainRunSummary, replayed: TrainRunSummary): { identical: boolean; compared: number; differences: RunDifference[] } {
  const c = new Comparison();
  c.check('status', stored.status, replayed.status);
  c.check('task', stored.task, replayed.task);
  c.check('features', stored.features, replayed.features);
  c.check('threshold', stored.threshold, replayed.threshold);
  const names = new Set([...Object.keys(stored.metrics), ...Object.keys(replayed.metrics)]);
  for (const name of names) c.check(`metric ${name} per fold`, stored.metrics[name]?.folds, replayed.metrics[name]?.folds);
  const testNames = new Set([...Object.keys(stored.test ?? {}), ...Object.keys(replayed.test ?? {})]);
  for (const name of testNames) c.check(`test ${name}`, stored.test?.[name], replayed.test?.[name]);
  const folds = Math.max(stored.folds.length, replayed.folds.length);
  for (let i = 0; i < folds; i++) {
    const a = stored.folds[i];
    const b = replayed.folds[i];
    c.check(`fold ${a?.fold ?? b?.fold} rows`, a && [a.trainRows, a.validationRows], b && [b.trainRows, b.validationRows]);
  }
  return c.result();
}

/**
 * Compares an image run's replay with the stored run: the backbone, the classes and, per
 * phase, every test metric, the confusion matrix, the misclassified images and each epoch's
 * history (losses, accuracy, learning rate). Timings are left out.
 */
export function compareImageRuns(stored: ImageRunSummary, replayed: ImageRunSummary): { identical: boolean; compared: number; differences: RunDifference[] } {
  const c = new Comparison();
  c.check('status', stored.status, replayed.status);
  c.check('backbone', stored.backbone?.sha256 ?? null, replayed.backbone?.sha256 ?? null);
  c.check('classes', stored.classes, replayed.classes);
  const phases = Math.max(stored.phases.length, replayed.phases.length);
  for (let i = 0; i < phases; i++) {
    const a = stored.phases[i];
    const b = replayed.phases[i];
    const p = a?.phase ?? b?.phase;
    for (const key of ['accuracy', 'macro_f1', 'topK', 'perClass', 'confusion', 'misclassified', 'bestEpoch'] as const) c.check(`phase ${p} ${key}`, a?.[key], b?.[key]);
    const epochs = Math.max(a?.history.length ?? 0, b?.history.length ?? 0);
    for (let e = 0; e < epochs; e++) c.check(`phase ${p} epoch ${e + 1}`, a?.history[e], b?.history[e]);
  }
  return c.result();
}

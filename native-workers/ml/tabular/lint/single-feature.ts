/**
 * How well one raw column on its own predicts the target, the measure behind
 * the "too good to be true" lint: ROC AUC (either direction, one-vs-rest macro
 * for multiclass) for a numeric column and a class target; balanced purity
 * (see `purity`) for a categorical column; |Pearson r|
 * or η² (variance explained by the value groups) for a numeric target.
 * Rows missing either value are skipped.
 */
import { rocAuc } from '../metrics/curves';
import type { Task } from '../model';
import { isMissing } from './column-facts';
import type { FrameColumn } from './frame-types';

export interface Predictiveness {
  /** 0..1; higher means the column alone gives the target away. */
  readonly score: number;
  /** How the score reads to a user, e.g. "ROC AUC 0.998". */
  readonly describe: string;
}

/** `y`: class index (classification) or value (regression) per row, NaN when missing. */
export function singleFeaturePredictiveness(c: FrameColumn, y: Float64Array, task: Task, K: number): Predictiveness | null {
  const rows: number[] = [];
  for (let i = 0; i < y.length; i++) if (!Number.isNaN(y[i]) && !isMissing(c, i)) rows.push(i);
  if (rows.length < 10) return null;
  if (c.kind === 'categorical' || (task !== 'regression' && c.kind === 'numeric' && fewValues(c.values, rows))) {
    const keys = rows.map((i) => String(c.values[i]));
    const distinct = new Set(keys).size;
    // With (nearly) one row per value any column is "pure"; that is the id-like lint's business.
    if (distinct > rows.length / 2) return null;
    const ys = rows.map((i) => y[i]!);
    return task === 'regression' ? etaSquared(keys, ys) : purity(keys, ys);
  }
  const x = rows.map((i) => c.values[i] as number);
  const ys = rows.map((i) => y[i]!);
  if (task === 'regression') {
    const r = Math.abs(pearson(x, ys));
    return Number.isNaN(r) ? null : { score: r, describe: `|correlation| ${r.toFixed(3)}` };
  }
  const aucs: number[] = [];
  for (let k = 0; k < (task === 'binary' ? 1 : K); k++) {
    const positive = task === 'binary' ? 1 : k;
    const d = rocAuc(ys.map((v) => (v === positive ? 1 : 0)), x);
    if ('value' in d) aucs.push(Math.max(d.value, 1 - d.value));
  }
  if (aucs.length === 0) return null;
  const auc = aucs.reduce((a, b) => a + b, 0) / aucs.length;
  return { score: auc, describe: `ROC AUC ${auc.toFixed(3)}${task === 'multiclass' ? ' (one-vs-rest, averaged)' : ''}` };
}

function fewValues(values: Float64Array, rows: readonly number[]): boolean {
  const seen = new Set<number>();
  for (const i of rows) seen.add(values[i]!);
  return seen.size <= 20;
}

/**
 * Balanced purity: map each value to its most common class, then average over
 * classes the share of rows that mapping gets right. Plain purity would be
 * high for any column when one class dominates; this stays near 1/K for a
 * useless column.
 */
function purity(keys: readonly string[], ys: readonly number[]): Predictiveness {
  const counts = new Map<string, Map<number, number>>();
  const classTotals = new Map<number, number>();
  keys.forEach((k, i) => {
    const m = counts.get(k) ?? new Map<number, number>();
    m.set(ys[i]!, (m.get(ys[i]!) ?? 0) + 1);
    counts.set(k, m);
    classTotals.set(ys[i]!, (classTotals.get(ys[i]!) ?? 0) + 1);
  });
  const right = new Map<number, number>();
  for (const m of counts.values()) {
    let best = -1;
    let bestCount = -1;
    for (const [c, n] of m) {
      if (n > bestCount) {
        best = c;
        bestCount = n;
      }
    }
    right.set(best, (right.get(best) ?? 0) + bestCount);
  }
  let sum = 0;
  for (const [c, total] of classTotals) sum += (right.get(c) ?? 0) / total;
  const score = sum / classTotals.size;
  return { score, describe: `its value gives the class for ${(score * 100).toFixed(1)}% of rows, balanced over classes` };
}

/** Whether the column is filled in, as a predictor of the target (a field recorded only after the outcome). */
export function missingnessPredictiveness(c: FrameColumn, y: Float64Array, task: Task): Predictiveness | null {
  const rows: number[] = [];
  let missing = 0;
  for (let i = 0; i < y.length; i++) {
    if (Number.isNaN(y[i])) continue;
    rows.push(i);
    if (isMissing(c, i)) missing++;
  }
  if (rows.length < 10 || missing === 0 || missing === rows.length) return null;
  const keys = rows.map((i) => (isMissing(c, i) ? 'missing' : 'present'));
  const ys = rows.map((i) => y[i]!);
  return task === 'regression' ? etaSquared(keys, ys) : purity(keys, ys);
}

function etaSquared(keys: readonly string[], ys: readonly number[]): Predictiveness | null {
  const mean = ys.reduce((a, b) => a + b, 0) / ys.length;
  const groups = new Map<string, { sum: number; n: number }>();
  keys.forEach((k, i) => {
    const g = groups.get(k) ?? { sum: 0, n: 0 };
    g.sum += ys[i]!;
    g.n += 1;
    groups.set(k, g);
  });
  let total = 0;
  for (const v of ys) total += (v - mean) ** 2;
  if (total === 0) return null;
  let between = 0;
  for (const g of groups.values()) between += g.n * (g.sum / g.n - mean) ** 2;
  const score = between / total;
  return { score, describe: `its value explains ${(score * 100).toFixed(1)}% of the target's variance` };
}

function pearson(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? NaN : sxy / Math.sqrt(sxx * syy);
}

/**
 * Precision, recall and F1 as the decision threshold moves, and picking a
 * threshold on validation predictions. A row is predicted positive when its
 * positive-class probability is >= the threshold (the same rule as
 * `classificationMetrics`).
 */
import { binaryCounts } from './binary-curve';
import type { Defined } from './types';

export interface ThresholdCurve {
  /** The distinct scores, increasing. */
  readonly thresholds: Float64Array;
  readonly precision: Float64Array;
  readonly recall: Float64Array;
  readonly f1: Float64Array;
}

export function thresholdCurve(yTrue: ArrayLike<number>, score: ArrayLike<number>): Defined<ThresholdCurve> {
  const { fps, tps, thresholds } = binaryCounts(yTrue, score);
  const m = tps.length;
  const nPos = tps[m - 1]!;
  if (nPos === 0) return { undefined: 'No positive rows: recall and F1 are undefined at every threshold.' };
  const out = { thresholds: new Float64Array(m), precision: new Float64Array(m), recall: new Float64Array(m), f1: new Float64Array(m) };
  for (let i = 0; i < m; i++) {
    const j = m - 1 - i;
    const tp = tps[j]!;
    const fp = fps[j]!;
    out.thresholds[i] = thresholds[j]!;
    // Every threshold is some row's score, so at least one row is predicted positive.
    out.precision[i] = tp / (tp + fp);
    out.recall[i] = tp / nPos;
    out.f1[i] = (2 * tp) / (2 * tp + fp + (nPos - tp));
  }
  return { value: out };
}

export type ThresholdObjective =
  | { readonly kind: 'max-f1' }
  /** `costRatio` = cost of a false negative / cost of a false positive (e.g. 5: missing a positive is 5× worse). */
  | { readonly kind: 'min-cost'; readonly costRatio: number };

export interface ThresholdChoice {
  readonly threshold: number;
  /** F1 for max-f1; expected cost per row, in units of one false positive, for min-cost. */
  readonly objective: number;
  readonly precision: number;
  readonly recall: number;
  readonly truePositives: number;
  readonly falsePositives: number;
}

/**
 * The threshold that is best on these (validation) predictions. Ties go to the
 * highest threshold. For min-cost, "predict nothing positive" is a candidate too,
 * reported as a threshold above every score (top score + 1, as the ROC curve does).
 */
export function selectThreshold(yTrue: ArrayLike<number>, score: ArrayLike<number>, objective: ThresholdObjective): Defined<ThresholdChoice> {
  if (objective.kind === 'min-cost' && !(objective.costRatio > 0 && Number.isFinite(objective.costRatio))) {
    throw new Error(`The cost ratio (false negative / false positive) must be a positive number, got ${objective.costRatio}.`);
  }
  const { fps, tps, thresholds } = binaryCounts(yTrue, score);
  const m = tps.length;
  const n = yTrue.length;
  const nPos = tps[m - 1]!;
  if (nPos === 0) return { undefined: 'No positive rows in these predictions: there is nothing to choose a threshold for.' };
  const choose = (threshold: number, tp: number, fp: number, value: number): ThresholdChoice => ({
    threshold,
    objective: value,
    precision: tp + fp === 0 ? 0 : tp / (tp + fp),
    recall: tp / nPos,
    truePositives: tp,
    falsePositives: fp,
  });
  if (objective.kind === 'max-f1') {
    let best = -1;
    let at = 0;
    for (let i = 0; i < m; i++) {
      const f1 = (2 * tps[i]!) / (2 * tps[i]! + fps[i]! + (nPos - tps[i]!));
      if (f1 > best) {
        best = f1;
        at = i;
      }
    }
    return { value: choose(thresholds[at]!, tps[at]!, fps[at]!, best) };
  }
  const r = objective.costRatio;
  let best = (r * nPos) / n;
  let result = choose(thresholds[0]! + 1, 0, 0, best);
  for (let i = 0; i < m; i++) {
    const cost = (r * (nPos - tps[i]!) + fps[i]!) / n;
    if (cost < best) {
      best = cost;
      result = choose(thresholds[i]!, tps[i]!, fps[i]!, cost);
    }
  }
  return { value: result };
}

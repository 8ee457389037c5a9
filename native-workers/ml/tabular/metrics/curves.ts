/**
 * The curves a report plots, point for point as scikit-learn 1.2 draws them,
 * so that a figure here and one made in Python from the same predictions agree.
 * `yTrue` holds 1 for the positive class and anything else for negative;
 * `score` is the positive-class probability.
 */
import { binaryCounts } from './binary-curve';
import type { Defined } from './types';

export interface RocCurve {
  readonly fpr: Float64Array;
  readonly tpr: Float64Array;
  /** Descending; the first is the top score + 1 (sklearn 1.2), the point where nothing is positive. */
  readonly thresholds: Float64Array;
}

export interface PrecisionRecallCurve {
  /** Recall is decreasing; the last point is (recall 0, precision 1) with no threshold. */
  readonly precision: Float64Array;
  readonly recall: Float64Array;
  /** Increasing; one fewer than precision/recall. */
  readonly thresholds: Float64Array;
}

export interface CalibrationCurve {
  /** Fraction of positives in each non-empty bin. */
  readonly probTrue: Float64Array;
  /** Mean predicted probability in each non-empty bin. */
  readonly probPred: Float64Array;
  /** Rows in each non-empty bin (for the histogram under the plot). */
  readonly counts: Float64Array;
}

/** sklearn `roc_curve(drop_intermediate=True)`. Undefined when one class is absent. */
export function rocCurve(yTrue: ArrayLike<number>, score: ArrayLike<number>): Defined<RocCurve> {
  let { fps, tps, thresholds } = binaryCounts(yTrue, score);
  const last = fps.length - 1;
  if (fps[last] === 0) return { undefined: 'No negative rows: the false positive rate is undefined.' };
  if (tps[last] === 0) return { undefined: 'No positive rows: the true positive rate is undefined.' };
  if (fps.length > 2) {
    // Keep only corners: points where the second difference is non-zero (collinear points add nothing).
    const keep: number[] = [0];
    for (let i = 1; i < fps.length - 1; i++) {
      const d2f = fps[i + 1]! - 2 * fps[i]! + fps[i - 1]!;
      const d2t = tps[i + 1]! - 2 * tps[i]! + tps[i - 1]!;
      if (d2f !== 0 || d2t !== 0) keep.push(i);
    }
    keep.push(fps.length - 1);
    fps = Float64Array.from(keep, (i) => fps[i]!);
    tps = Float64Array.from(keep, (i) => tps[i]!);
    thresholds = Float64Array.from(keep, (i) => thresholds[i]!);
  }
  const m = fps.length + 1;
  const fpr = new Float64Array(m);
  const tpr = new Float64Array(m);
  const th = new Float64Array(m);
  const nNeg = fps[fps.length - 1]!;
  const nPos = tps[tps.length - 1]!;
  th[0] = thresholds[0]! + 1;
  for (let i = 0; i < fps.length; i++) {
    fpr[i + 1] = fps[i]! / nNeg;
    tpr[i + 1] = tps[i]! / nPos;
    th[i + 1] = thresholds[i]!;
  }
  return { value: { fpr, tpr, thresholds: th } };
}

/** sklearn `precision_recall_curve`. Undefined without positive rows (sklearn then fakes recall = 1). */
export function precisionRecallCurve(yTrue: ArrayLike<number>, score: ArrayLike<number>): Defined<PrecisionRecallCurve> {
  const { fps, tps, thresholds } = binaryCounts(yTrue, score);
  const m = tps.length;
  const nPos = tps[m - 1]!;
  if (nPos === 0) return { undefined: 'No positive rows: recall is undefined.' };
  const precision = new Float64Array(m + 1);
  const recall = new Float64Array(m + 1);
  const th = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const j = m - 1 - i;
    const predicted = tps[j]! + fps[j]!;
    precision[i] = predicted === 0 ? 0 : tps[j]! / predicted;
    recall[i] = tps[j]! / nPos;
    th[i] = thresholds[j]!;
  }
  precision[m] = 1;
  recall[m] = 0;
  return { value: { precision, recall, thresholds: th } };
}

/** sklearn `roc_auc_score` for one binary problem. */
export function rocAuc(yTrue: ArrayLike<number>, score: ArrayLike<number>): Defined<number> {
  const c = rocCurve(yTrue, score);
  if (!('value' in c)) return { undefined: `ROC AUC needs both classes. ${c.undefined}` };
  return { value: trapezoidArea(c.value.fpr, c.value.tpr) };
}

/** sklearn `average_precision_score` for one binary problem (step sum, no interpolation). */
export function averagePrecision(yTrue: ArrayLike<number>, score: ArrayLike<number>): Defined<number> {
  const c = precisionRecallCurve(yTrue, score);
  if (!('value' in c)) return { undefined: `Average precision needs positive rows. ${c.undefined}` };
  const { precision, recall } = c.value;
  let ap = 0;
  for (let i = 0; i < recall.length - 1; i++) ap -= (recall[i + 1]! - recall[i]!) * precision[i]!;
  return { value: ap };
}

/**
 * sklearn `calibration_curve(strategy='uniform')`: bin edges as numpy's
 * `linspace` makes them (i·(1/nBins), which is not always i/nBins), a
 * probability on an edge going to the lower bin.
 */
export function calibrationCurve(yTrue: ArrayLike<number>, prob: ArrayLike<number>, nBins = 10): CalibrationCurve {
  if (!Number.isInteger(nBins) || nBins < 1) throw new Error(`The number of bins must be a positive integer, got ${nBins}.`);
  const n = yTrue.length;
  if (prob.length !== n) throw new Error(`Got ${n} labels but ${prob.length} probabilities.`);
  const step = 1 / nBins;
  const inner = new Float64Array(nBins - 1);
  for (let i = 1; i < nBins; i++) inner[i - 1] = i * step;
  const sums = new Float64Array(nBins);
  const trues = new Float64Array(nBins);
  const totals = new Float64Array(nBins);
  for (let r = 0; r < n; r++) {
    const p = prob[r]!;
    if (!(p >= 0 && p <= 1)) throw new Error(`Row ${r} has probability ${p}, outside [0, 1].`);
    // searchsorted(side='left'): the first edge >= p.
    let lo = 0;
    let hi = inner.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (inner[mid]! < p) lo = mid + 1;
      else hi = mid;
    }
    sums[lo] += p;
    if (yTrue[r] === 1) trues[lo] += 1;
    totals[lo] += 1;
  }
  const probTrue: number[] = [];
  const probPred: number[] = [];
  const counts: number[] = [];
  for (let b = 0; b < nBins; b++) {
    if (totals[b] === 0) continue;
    probTrue.push(trues[b]! / totals[b]!);
    probPred.push(sums[b]! / totals[b]!);
    counts.push(totals[b]!);
  }
  return { probTrue: Float64Array.from(probTrue), probPred: Float64Array.from(probPred), counts: Float64Array.from(counts) };
}

function trapezoidArea(x: Float64Array, y: Float64Array): number {
  let area = 0;
  for (let i = 1; i < x.length; i++) area += ((x[i]! - x[i - 1]!) * (y[i]! + y[i - 1]!)) / 2;
  return area;
}

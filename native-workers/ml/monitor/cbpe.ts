/**
 * Confidence-based performance estimation for binary classifiers (NannyML's
 * CBPE): when a model's probabilities are calibrated, a row predicted
 * positive with probability p is a true positive with probability p, so the
 * expected confusion matrix of a window without labels is sums of p and
 * 1 − p. Probabilities are first calibrated by isotonic regression fitted on
 * the reference's (validation) scores and labels.
 */

/** A fitted isotonic calibration: increasing step points (score → probability), clipped outside, linear between (as scikit-learn's IsotonicRegression). */
export interface IsotonicCalibration {
  readonly x: readonly number[];
  readonly y: readonly number[];
}

/** Pool-adjacent-violators on (score, label ∈ {0,1}) pairs, ties in score averaged first. */
export function fitIsotonic(scores: readonly number[], labels: readonly number[]): IsotonicCalibration {
  const order = scores.map((_, i) => i).sort((a, b) => scores[a] - scores[b]);
  const xs: number[] = [];
  const sums: number[] = [];
  const weights: number[] = [];
  for (const i of order) {
    const last = xs.length - 1;
    if (last >= 0 && xs[last] === scores[i]) {
      sums[last] += labels[i];
      weights[last] += 1;
    } else {
      xs.push(scores[i]);
      sums.push(labels[i]);
      weights.push(1);
    }
  }
  // Blocks: [start index into xs, sum, weight].
  const blocks: { start: number; sum: number; weight: number }[] = [];
  for (let i = 0; i < xs.length; i++) {
    blocks.push({ start: i, sum: sums[i], weight: weights[i] });
    while (blocks.length > 1) {
      const b = blocks[blocks.length - 1];
      const a = blocks[blocks.length - 2];
      // Stryker disable next-line EqualityOperator: pooling two blocks of equal means gives the same values.
      if (a.sum / a.weight <= b.sum / b.weight) break;
      a.sum += b.sum;
      a.weight += b.weight;
      blocks.pop();
    }
  }
  const y = new Array<number>(xs.length);
  blocks.forEach((b, k) => {
    const end = k + 1 < blocks.length ? blocks[k + 1].start : xs.length;
    for (let i = b.start; i < end; i++) y[i] = b.sum / b.weight;
  });
  return { x: xs, y };
}

/** The calibrated probability of a score. */
export function calibrate(c: IsotonicCalibration, score: number): number {
  const { x, y } = c;
  if (x.length === 0) return score;
  if (score <= x[0]) return y[0];
  if (score >= x[x.length - 1]) return y[y.length - 1];
  let lo = 0;
  let hi = x.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x[mid] <= score) lo = mid;
    else hi = mid;
  }
  return y[lo] + ((y[hi] - y[lo]) * (score - x[lo])) / (x[hi] - x[lo]);
}

export interface ExpectedPerformance {
  readonly rows: number;
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly tn: number;
  readonly accuracy: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

/** Accumulates a window's expected confusion matrix, one score at a time. */
export class CbpeAccumulator {
  private tp = 0;
  private fp = 0;
  private fn = 0;
  private tn = 0;
  private rows = 0;

  constructor(
    private readonly calibration: IsotonicCalibration | null,
    private readonly threshold: number,
  ) {}

  add(score: number): void {
    if (!Number.isFinite(score)) return;
    const p = this.calibration ? calibrate(this.calibration, score) : score;
    this.rows++;
    if (score >= this.threshold) {
      this.tp += p;
      this.fp += 1 - p;
    } else {
      this.fn += p;
      this.tn += 1 - p;
    }
  }

  result(): ExpectedPerformance {
    const { tp, fp, fn, tn, rows } = this;
    const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
    const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
    return {
      rows,
      tp,
      fp,
      fn,
      tn,
      accuracy: rows > 0 ? (tp + tn) / rows : 0,
      precision,
      recall,
      f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0,
    };
  }
}

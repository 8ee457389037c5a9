/**
 * Every curve a classification report plots, from one set of predictions:
 * binary on the class-1 probability; multiclass one curve per class,
 * one-vs-rest. A curve that cannot be drawn (a class absent here) is
 * `{ undefined: reason }` in place.
 */
import { calibrationCurve, precisionRecallCurve, rocCurve, type CalibrationCurve, type PrecisionRecallCurve, type RocCurve } from './curves';
import { thresholdCurve, type ThresholdCurve } from './threshold';
import type { Defined } from './types';

export interface ClassCurves {
  /** The class the curves treat as positive. */
  readonly positive: number;
  readonly roc: Defined<RocCurve>;
  readonly pr: Defined<PrecisionRecallCurve>;
  readonly calibration: CalibrationCurve;
  readonly threshold: Defined<ThresholdCurve>;
}

export function plotCurves(yTrue: ArrayLike<number>, proba: ArrayLike<number>, K: number, calibrationBins = 10): ClassCurves[] {
  const n = yTrue.length;
  if (proba.length !== n * K) throw new Error(`Expected ${n}×${K} probabilities, got ${proba.length}.`);
  const positives = K === 2 ? [1] : Array.from({ length: K }, (_, k) => k);
  return positives.map((positive) => {
    const y = Float64Array.from({ length: n }, (_, i) => (yTrue[i] === positive ? 1 : 0));
    const score = Float64Array.from({ length: n }, (_, i) => proba[i * K + positive]!);
    return {
      positive,
      roc: rocCurve(y, score),
      pr: precisionRecallCurve(y, score),
      calibration: calibrationCurve(y, score, calibrationBins),
      threshold: thresholdCurve(y, score),
    };
  });
}

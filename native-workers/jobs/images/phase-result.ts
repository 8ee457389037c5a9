/** One phase's evaluation on the test split, as runs store and show it. */
import type { Misclassified, PhaseResult } from '../../../preload/contract/images';
import { evaluateClassifier } from '../../ml/images/evaluate';
import type { TrainImage } from '../../project/images';

export function phaseResult(
  phase: 1 | 2,
  y: Int32Array,
  proba: Float32Array,
  classes: readonly string[],
  test: readonly TrainImage[],
  history: PhaseResult['history'],
  bestEpoch: number,
  seconds: number,
): PhaseResult {
  const e = evaluateClassifier(y, proba, classes);
  const misclassified: Misclassified[] = e.wrong.slice(0, 48).map((w) => ({
    imageId: test[w.row]!.id,
    path: test[w.row]!.path,
    label: classes[y[w.row]!]!,
    predicted: classes[w.predicted]!,
    confidence: w.confidence,
    trueConfidence: w.trueConfidence,
  }));
  return {
    phase,
    accuracy: e.accuracy,
    macro_f1: e.macro_f1,
    topK: e.topK,
    perClass: e.perClass,
    confusion: e.confusion,
    misclassified,
    history,
    bestEpoch,
    seconds,
  };
}


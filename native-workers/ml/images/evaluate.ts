/**
 * Evaluation of an image classifier on held-out images: accuracy and macro F1
 * from the tabular metrics (checked against scikit-learn), per-class
 * precision/recall/F1 from the same confusion matrix, top-k accuracy, and the
 * misclassified images ordered by how confidently they were wrong.
 */
import { classificationMetrics } from '../tabular/metrics';

export interface ClassScores {
  readonly label: string;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly support: number;
}

export interface Evaluation {
  readonly accuracy: number;
  readonly macro_f1: number;
  readonly topK: Record<string, number>;
  readonly perClass: ClassScores[];
  readonly confusion: number[][];
  /** Row indices of wrong predictions, most confident first. */
  readonly wrong: { readonly row: number; readonly predicted: number; readonly confidence: number; readonly trueConfidence: number }[];
}

export function topKAccuracy(y: ArrayLike<number>, proba: ArrayLike<number>, K: number, k: number): number {
  let hits = 0;
  for (let i = 0; i < y.length; i++) {
    const pTrue = proba[i * K + y[i]!]!;
    // Rank of the true class: how many classes are strictly more probable (ties count in its favour).
    let above = 0;
    for (let c = 0; c < K; c++) if (proba[i * K + c]! > pTrue) above++;
    if (above < k) hits++;
  }
  return hits / y.length;
}

export function evaluateClassifier(y: ArrayLike<number>, proba: ArrayLike<number>, classes: readonly string[]): Evaluation {
  const K = classes.length;
  const report = classificationMetrics(y, proba, K, { classNames: classes });
  const cm = report.confusion;
  const perClass = classes.map((label, k) => {
    const tp = cm[k]![k]!;
    const support = cm[k]!.reduce((a, b) => a + b, 0);
    const predicted = cm.reduce((a, row) => a + row[k]!, 0);
    const precision = predicted === 0 ? 0 : tp / predicted;
    const recall = support === 0 ? 0 : tp / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { label, precision, recall, f1, support };
  });
  const topK: Record<string, number> = {};
  for (const k of [1, 3, 5]) if (k === 1 || k < K) topK[String(k)] = topKAccuracy(y, proba, K, k);
  const wrong: Evaluation['wrong'] = [];
  for (let i = 0; i < y.length; i++) {
    let best = 0;
    for (let c = 1; c < K; c++) if (proba[i * K + c]! > proba[i * K + best]!) best = c;
    if (best !== y[i]) wrong.push({ row: i, predicted: best, confidence: proba[i * K + best]!, trueConfidence: proba[i * K + y[i]!]! });
  }
  wrong.sort((a, b) => b.confidence - a.confidence);
  return { accuracy: report.metrics['accuracy'] ?? NaN, macro_f1: report.metrics['f1_macro'] ?? NaN, topK, perClass, confusion: cm, wrong };
}

/**
 * Classification metrics from true class indices and predicted probabilities,
 * numerically as scikit-learn 1.2 computes them (golden-tested), with one
 * deliberate difference: where sklearn substitutes 0 (or 1) for a 0/0, the
 * metric is left out and a warning says why. Inside macro/weighted averages a
 * class whose precision or recall is 0/0 counts as 0, as sklearn does, and a
 * warning names the class.
 *
 * Names (binary): accuracy, balanced_accuracy, precision, recall, f1 (positive
 * class = 1), precision_macro, recall_macro, f1_macro, precision_weighted,
 * recall_weighted, f1_weighted, roc_auc, pr_auc, log_loss, brier, mcc.
 * Multiclass: the same without precision/recall/f1; roc_auc and pr_auc are the
 * macro average of one-vs-rest (classes absent from yTrue are skipped, with a
 * warning); brier is the mean over rows of Σ_k (onehot_k − p_k)², in [0, 2]
 * (binary brier is sklearn's brier_score_loss on the class-1 probability, in [0, 1]).
 */
import { checkClass, confusionMatrix, predictClasses } from './confusion';
import { averagePrecision, rocAuc } from './curves';
import { MetricSink, type Defined, type MetricWarning } from './types';

export interface ClassificationReport {
  readonly metrics: Record<string, number>;
  readonly warnings: readonly MetricWarning[];
  /** K×K, rows = true class, columns = predicted class. */
  readonly confusion: number[][];
}

export interface ClassificationOptions {
  /** Binary only: class 1 is predicted when its probability is >= threshold. Default 0.5. */
  readonly threshold?: number;
  /** Names for warnings ("class 'spam'"); default the index. */
  readonly classNames?: readonly string[];
}

/** sklearn's log_loss clips probabilities to [eps, 1 − eps] with eps = float64 machine epsilon. */
const LOG_LOSS_EPS = 2.220446049250313e-16;

export function classificationMetrics(yTrue: ArrayLike<number>, proba: ArrayLike<number>, K: number, opts: ClassificationOptions = {}): ClassificationReport {
  const n = yTrue.length;
  if (n === 0) throw new Error('Metrics need at least one row.');
  if (proba.length !== n * K) throw new Error(`Expected ${n}×${K} probabilities, got ${proba.length}.`);
  for (let i = 0; i < n; i++) checkClass(yTrue[i]!, K, i);
  for (let j = 0; j < proba.length; j++) {
    if (!Number.isFinite(proba[j])) throw new Error(`Row ${Math.floor(j / K)} has a missing or infinite probability for class ${j % K}.`);
  }
  const name = (k: number): string => (opts.classNames?.[k] !== undefined ? `'${opts.classNames[k]}'` : String(k));
  const yPred = predictClasses(proba, K, opts.threshold ?? 0.5);
  const cm = confusionMatrix(yTrue, yPred, K);
  const sink = new MetricSink();

  const trueCount = cm.map((row) => row.reduce((a, b) => a + b, 0));
  const predCount = cm[0]!.map((_, j) => cm.reduce((a, row) => a + row[j]!, 0));
  let correct = 0;
  for (let k = 0; k < K; k++) correct += cm[k]![k]!;
  sink.put('accuracy', { value: correct / n });

  // sklearn averages over the classes present in yTrue or yPred.
  const present: number[] = [];
  for (let k = 0; k < K; k++) if (trueCount[k]! > 0 || predCount[k]! > 0) present.push(k);
  const inTrue = present.filter((k) => trueCount[k]! > 0);
  let recallSum = 0;
  for (const k of inTrue) recallSum += cm[k]![k]! / trueCount[k]!;
  sink.put('balanced_accuracy', { value: recallSum / inTrue.length });
  if (inTrue.length < present.length) {
    sink.warn('balanced_accuracy', `Classes ${present.filter((k) => trueCount[k] === 0).map(name).join(', ')} are predicted but never true; balanced accuracy averages the other classes.`);
  }

  if (K === 2) {
    const tp = cm[1]![1]!;
    const fp = cm[0]![1]!;
    const fn = cm[1]![0]!;
    sink.put('precision', tp + fp === 0 ? { undefined: 'No row was predicted positive (class 1), so precision is 0/0.' } : { value: tp / (tp + fp) });
    sink.put('recall', tp + fn === 0 ? { undefined: 'No row is truly positive (class 1), so recall is 0/0.' } : { value: tp / (tp + fn) });
    sink.put('f1', tp + fp + fn === 0 ? { undefined: 'No row is positive, truly or predicted, so F1 is 0/0.' } : { value: (2 * tp) / (2 * tp + fp + fn) });
  }

  const pr = present.map((k) => {
    const tp = cm[k]![k]!;
    if (predCount[k] === 0) sink.warn('precision_macro', `Class ${name(k)} is never predicted; its precision (0/0) counts as 0 in the averages.`);
    if (trueCount[k] === 0) sink.warn('recall_macro', `Class ${name(k)} never occurs in the true labels; its recall (0/0) counts as 0 in the averages.`);
    const p = predCount[k] === 0 ? 0 : tp / predCount[k]!;
    const r = trueCount[k] === 0 ? 0 : tp / trueCount[k]!;
    return { k, p, r, f: p + r === 0 ? 0 : (2 * p * r) / (p + r) };
  });
  const macro = (pick: (x: (typeof pr)[number]) => number): number => pr.reduce((a, x) => a + pick(x), 0) / pr.length;
  const weighted = (pick: (x: (typeof pr)[number]) => number): number => pr.reduce((a, x) => a + pick(x) * trueCount[x.k]!, 0) / n;
  sink.put('precision_macro', { value: macro((x) => x.p) });
  sink.put('recall_macro', { value: macro((x) => x.r) });
  sink.put('f1_macro', { value: macro((x) => x.f) });
  sink.put('precision_weighted', { value: weighted((x) => x.p) });
  sink.put('recall_weighted', { value: weighted((x) => x.r) });
  sink.put('f1_weighted', { value: weighted((x) => x.f) });

  if (K === 2) {
    const score = column(proba, 2, 1);
    sink.put('roc_auc', rocAuc(yTrue, score));
    sink.put('pr_auc', averagePrecision(yTrue, score));
  } else {
    sink.put('roc_auc', oneVsRest(yTrue, proba, K, rocAuc, 'ROC AUC', name, sink));
    sink.put('pr_auc', oneVsRest(yTrue, proba, K, averagePrecision, 'Average precision', name, sink));
  }

  sink.put('log_loss', { value: logLoss(yTrue, proba, K) });
  sink.put('brier', { value: brier(yTrue, proba, K) });
  sink.put('mcc', mcc(cm));
  return { metrics: sink.metrics, warnings: sink.warnings, confusion: cm };
}

function column(proba: ArrayLike<number>, K: number, k: number): Float64Array {
  const n = proba.length / K;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = proba[i * K + k]!;
  return out;
}

function oneVsRest(
  yTrue: ArrayLike<number>,
  proba: ArrayLike<number>,
  K: number,
  score: (y: ArrayLike<number>, s: ArrayLike<number>) => Defined<number>,
  label: string,
  name: (k: number) => string,
  sink: MetricSink,
): Defined<number> {
  const metric = label === 'ROC AUC' ? 'roc_auc' : 'pr_auc';
  const values: number[] = [];
  const skipped: number[] = [];
  for (let k = 0; k < K; k++) {
    const y = new Float64Array(yTrue.length);
    for (let i = 0; i < y.length; i++) y[i] = yTrue[i] === k ? 1 : 0;
    const d = score(y, column(proba, K, k));
    if ('value' in d) values.push(d.value);
    else skipped.push(k);
  }
  if (values.length === 0) return { undefined: `${label} is undefined for every class one-vs-rest.` };
  if (skipped.length > 0) sink.warn(metric, `${label} averages ${values.length} of ${K} classes: classes ${skipped.map(name).join(', ')} have no rows (or are the only class) here.`);
  return { value: values.reduce((a, b) => a + b, 0) / values.length };
}

function logLoss(yTrue: ArrayLike<number>, proba: ArrayLike<number>, K: number): number {
  const n = yTrue.length;
  let total = 0;
  for (let i = 0; i < n; i++) {
    let rowSum = 0;
    for (let k = 0; k < K; k++) rowSum += clip(proba[i * K + k]!);
    total -= Math.log(clip(proba[i * K + yTrue[i]!]!) / rowSum);
  }
  return total / n;
}

function clip(p: number): number {
  return Math.min(Math.max(p, LOG_LOSS_EPS), 1 - LOG_LOSS_EPS);
}

function brier(yTrue: ArrayLike<number>, proba: ArrayLike<number>, K: number): number {
  const n = yTrue.length;
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (K === 2) {
      total += ((yTrue[i] === 1 ? 1 : 0) - proba[i * 2 + 1]!) ** 2;
      continue;
    }
    for (let k = 0; k < K; k++) total += ((yTrue[i] === k ? 1 : 0) - proba[i * K + k]!) ** 2;
  }
  return total / n;
}

/** sklearn's multiclass Matthews correlation from the confusion matrix. */
function mcc(cm: number[][]): Defined<number> {
  const K = cm.length;
  let n = 0;
  let correct = 0;
  const t = new Array<number>(K).fill(0);
  const p = new Array<number>(K).fill(0);
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      n += cm[i]![j]!;
      t[i] += cm[i]![j]!;
      p[j] += cm[i]![j]!;
    }
    correct += cm[i]![i]!;
  }
  let tp = 0;
  let pp = 0;
  let tt = 0;
  for (let k = 0; k < K; k++) {
    tp += t[k]! * p[k]!;
    pp += p[k]! * p[k]!;
    tt += t[k]! * t[k]!;
  }
  const covYtYp = correct * n - tp;
  const covYpYp = n * n - pp;
  const covYtYt = n * n - tt;
  if (covYpYp * covYtYt === 0) {
    return { undefined: 'Matthews correlation is 0/0: all rows are of one class, or all are predicted as one class.' };
  }
  return { value: covYtYp / Math.sqrt(covYtYt * covYpYp) };
}

/**
 * Realized performance: logged predictions joined to their true labels, scored
 * per window with the training metrics (ml/tabular/metrics, the same numbers
 * as a run's test metrics): accuracy, precision, recall, F1, ROC AUC… for a
 * classifier, RMSE, MAE, R²… for a regression.
 */
import { classificationMetrics, regressionMetrics } from '../tabular/metrics';
import { windowsOf, type WindowSpec } from './windows';

/** What scoring needs of a model version. */
export interface ScoredTask {
  readonly task: 'binary' | 'multiclass' | 'regression';
  /** Classification: class labels in the model's order (binary: negative first). */
  readonly classes: readonly string[] | null;
  readonly threshold: number | null;
}

export interface Labelled {
  readonly at: number;
  /** The logged prediction: {label, probabilities} or {value}. */
  readonly output: unknown;
  readonly label: string | number | boolean;
}

export interface WindowScore {
  readonly start: number;
  readonly end: number;
  /** Labelled predictions scored. */
  readonly rows: number;
  readonly metrics: Readonly<Record<string, number>>;
  /** Why a metric is missing, or rows that could not be scored (a label that is no class of the model). */
  readonly warnings: readonly string[];
}

function probabilitiesOf(output: unknown, classes: readonly string[]): number[] | null {
  const p = (output as { probabilities?: Readonly<Record<string, unknown>> } | null)?.probabilities;
  if (!p) return null;
  const out = classes.map((c) => p[c]);
  return out.every((x): x is number => typeof x === 'number' && Number.isFinite(x)) ? out : null;
}

function scoreClassification(rows: readonly Labelled[], model: ScoredTask): { metrics: Record<string, number>; warnings: string[]; rows: number } {
  const classes = model.classes ?? [];
  const yTrue: number[] = [];
  const proba: number[] = [];
  let foreign = 0;
  let unusable = 0;
  for (const r of rows) {
    const k = classes.indexOf(String(r.label));
    const p = probabilitiesOf(r.output, classes);
    if (k < 0) foreign++;
    else if (!p) unusable++;
    else {
      yTrue.push(k);
      proba.push(...p);
    }
  }
  const warnings: string[] = [];
  if (foreign) warnings.push(`${foreign} labels are not classes of the model (${classes.join(', ')}); they were not scored.`);
  if (unusable) warnings.push(`${unusable} logged predictions have no class probabilities; they were not scored.`);
  if (yTrue.length === 0) return { metrics: {}, warnings, rows: 0 };
  const report = classificationMetrics(yTrue, proba, classes.length, { classNames: classes, ...(model.task === 'binary' && model.threshold !== null ? { threshold: model.threshold } : {}) });
  return { metrics: report.metrics, warnings: [...warnings, ...report.warnings.map((w) => `${w.metric}: ${w.message}`)], rows: yTrue.length };
}

function scoreRegression(rows: readonly Labelled[]): { metrics: Record<string, number>; warnings: string[]; rows: number } {
  const yTrue: number[] = [];
  const yPred: number[] = [];
  let bad = 0;
  for (const r of rows) {
    const y = typeof r.label === 'number' ? r.label : Number(r.label);
    const v = (r.output as { value?: unknown } | null)?.value;
    if (Number.isFinite(y) && typeof v === 'number' && Number.isFinite(v)) {
      yTrue.push(y);
      yPred.push(v);
    } else bad++;
  }
  const warnings = bad ? [`${bad} labels or predictions are not numbers; they were not scored.`] : [];
  if (yTrue.length === 0) return { metrics: {}, warnings, rows: 0 };
  const report = regressionMetrics(yTrue, yPred);
  return { metrics: report.metrics, warnings: [...warnings, ...report.warnings.map((w) => `${w.metric}: ${w.message}`)], rows: yTrue.length };
}

/** Labelled predictions scored together (one window): what a retrain compares champion and challenger with. */
export function scoreLabelled(rows: readonly Labelled[], model: ScoredTask): { metrics: Record<string, number>; warnings: string[]; rows: number } {
  return model.task === 'regression' ? scoreRegression(rows) : scoreClassification(rows, model);
}

/** Labelled predictions (sorted by time) scored per window. */
export function realizedPerformance(rows: readonly Labelled[], model: ScoredTask, spec: WindowSpec): WindowScore[] {
  return windowsOf(rows, (r) => r.at, spec).map((w) => {
    return { start: w.start, end: w.end, ...scoreLabelled(w.rows, model) };
  });
}

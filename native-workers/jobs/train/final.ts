import type { MetricSummary, TrainPlots, TrainRunSummary } from '../../../preload/contract/train';
import { pooledThresholdMetrics, type ThresholdObjective } from '../../ml/tabular/metrics';
import { takeValues } from '../../ml/tabular/matrix';
import type { TrainJobSpec } from '../../protocol';
import type { JobContext } from '../../runtime/context';
import { connect } from '../../project/open';
import { score } from './evaluate';
import { trainData } from './fold';
import { binaryCurves, concat, multiclassCurves, sample, summed, type FoldPredictions } from './plots';
import { readFold, readFolds, readModel, readRefitPlots, readRun, writeFoldResult, writeModel, writeSummary, type StoredFold } from '../../project/train';

/**
 * Ends a run once its folds and the refit are done: the decision threshold
 * from pooled validation predictions, every fold's and the test split's
 * threshold-dependent metrics at that one threshold, metrics across folds
 * (mean ± population std, per fold), and the plot data. Cheap: every model was fitted by then.
 */
export async function runTrainFinal(job: TrainJobSpec, ctx: JobContext): Promise<TrainRunSummary> {
  const db = connect(job.projectPath, false);
  try {
    const { spec, summary: plan } = readRun(db, job.runId);
    const title = 'Metrics and plots';
    ctx.progress({ kind: 'train', value: 0, title, detail: 'Reading the dataset' }, true);
    const data = trainData(db, spec, plan, () => ctx.checkCancelled());
    const folds = readFolds(db, job.runId);
    const done = folds.filter((f) => f.summary.status === 'succeeded' && f.predictions);
    const warnings = [...plan.warnings];
    for (const f of folds) if (f.summary.status === 'failed') warnings.push(`Fold ${f.summary.fold + 1} failed: ${f.summary.error ?? 'unknown error'}`);

    const classes = plan.classes;
    const validationTrue = done.map((f) => takeValues(data.y, f.validation));
    const confusions: number[][][] = [];
    // Binary folds are scored here, at the threshold chosen on their pooled predictions: the one the test split and the model use.
    const rescored = new Map<number, StoredFold>();
    let threshold: number | null = null;
    let plots: Omit<TrainPlots, 'importance' | 'learningCurve' | 'pca'> = { roc: [], pr: [], calibration: [], thresholds: [], confusion: null, residuals: null };
    if (data.task === 'binary') {
      const pooled = pooledThresholdMetrics(
        done.map((f, i) => ({ yTrue: validationTrue[i]!, proba: f.predictions! })),
        thresholdObjective(spec.threshold),
        classes!,
      );
      threshold = pooled.threshold;
      if (pooled.warning) warnings.push(`Threshold: ${pooled.warning}`);
      for (const [i, f] of done.entries()) {
        const report = pooled.reports[i]!;
        for (const w of report.warnings) warnings.push(`Fold ${f.summary.fold + 1}: ${w.metric}: ${w.message}`);
        confusions.push(report.confusion);
        const summary = { ...f.summary, metrics: report.metrics };
        writeFoldResult(db, job.runId, summary, f.predictions!, null);
        rescored.set(f.summary.fold, { ...f, summary });
      }
      const perFold: FoldPredictions[] = done.map((f, i) => ({ fold: f.summary.fold, yTrue: validationTrue[i]!, score: positive(f.predictions!) }));
      plots = { ...plots, ...binaryCurves(perFold) };
    } else {
      for (const [i, f] of done.entries()) {
        const scored = score(data.task, validationTrue[i]!, f.predictions!, classes);
        for (const w of scored.warnings) warnings.push(`Fold ${f.summary.fold + 1}: ${w}`);
        if (scored.confusion) confusions.push(scored.confusion);
      }
    }
    const metrics = foldMetrics(folds.map((f) => rescored.get(f.summary.fold) ?? f));
    const confusion = summed(confusions);
    if (data.task === 'multiclass' && classes) plots = { ...plots, ...multiclassCurves(concat(validationTrue), concat(done.map((f) => f.predictions!)), classes) };
    if (data.task !== 'regression' && confusion) plots = { ...plots, confusion: { labels: classes!, counts: confusion } };
    if (data.task === 'regression') {
      const s = sample(concat(done.map((f) => f.predictions!)), concat(validationTrue), 5000);
      plots = { ...plots, residuals: { predicted: s.a, actual: s.b } };
    }

    // The refit's test predictions, scored at the chosen threshold; the stored model keeps that threshold.
    const refit = readFold(db, job.runId, -1);
    let test: Record<string, number> | null = null;
    if (refit.predictions && refit.validation.length > 0) {
      const scored = score(data.task, takeValues(data.y, refit.validation), refit.predictions, classes, threshold ?? undefined);
      test = scored.metrics;
      for (const w of scored.warnings) warnings.push(`Test split: ${w}`);
      writeFoldResult(db, job.runId, { ...refit.summary, metrics: scored.metrics }, refit.predictions, null);
    }
    writeModel(db, job.runId, { ...readModel(db, job.runId), threshold });
    const extra = readRefitPlots(db, job.runId);
    const metricThresholds = threshold === null ? null : { folds: threshold, test: test ? threshold : null };
    const next: TrainRunSummary = { ...plan, metrics, test, threshold, metricThresholds, warnings: [...new Set(warnings)], params: extra.params };
    writeSummary(db, next, { ...plots, importance: extra.importance, learningCurve: extra.learningCurve, pca: extra.pca });
    ctx.progress({ kind: 'train', value: 1, title, detail: 'Done' }, true);
    return next;
  } finally {
    db.close();
  }
}

/** Mean ± population std (ddof 0, as scikit-learn's cross-validation reports) over the folds that have the metric. */
export function foldMetrics(folds: readonly StoredFold[]): Record<string, MetricSummary> {
  const names = new Set(folds.flatMap((f) => Object.keys(f.summary.metrics)));
  const out: Record<string, MetricSummary> = {};
  for (const name of [...names].sort()) {
    const values = folds.map((f) => (f.summary.status === 'succeeded' ? (f.summary.metrics[name] ?? null) : null));
    const present = values.filter((v): v is number => v !== null);
    const mean = present.reduce((a, b) => a + b, 0) / present.length;
    const std = Math.sqrt(present.reduce((a, b) => a + (b - mean) ** 2, 0) / present.length);
    out[name] = { mean, std, folds: values };
  }
  return out;
}

function positive(proba: Float64Array): Float64Array {
  const out = new Float64Array(proba.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = proba[2 * i + 1]!;
  return out;
}

function thresholdObjective(rule: TrainRunSummary['spec']['threshold']): ThresholdObjective | null {
  if (rule === 'default') return null;
  return rule === 'max_f1' ? { kind: 'max-f1' } : { kind: 'min-cost', costRatio: rule.costRatio };
}

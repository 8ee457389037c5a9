import type { FoldSummary, MetricSummary, ParamValue, TrainPlots, TrainRunSummary } from '../../../preload/contract/train';
import { selectThreshold, isDefined } from '../../ml/tabular/metrics';
import { takeValues } from '../../ml/tabular/matrix';
import { rng, shuffle } from '../../ml/tabular/rng';
import type { TrainJobSpec } from '../../protocol';
import type { JobContext } from '../../runtime/context';
import { openDatabase } from '../../runtime/sqlite';
import { mainMetric, score } from './evaluate';
import { fitRows, predictRows, type Fitted, type TrainData } from './fit';
import { foldSeed, trainData } from './fold';
import { binaryCurves, concat, round, sample, summed, type FoldPredictions } from './plots';
import { searchParams } from './search';
import { insertFold, readFolds, readRun, readTestRows, writeFoldResult, writeModel, writeSummary, type StoredFold } from './store';
import { modelDocument } from './model-document';

/** Above this many training rows the learning curve is skipped: it refits the model five more times. */
const learningCurveMaxRows = 200_000;

/**
 * Ends a run: metrics across folds (mean ± population std, per fold), the
 * decision threshold from pooled validation predictions, plot data, then a
 * refit on every training row scored once on the untouched test split, and
 * the fitted model stored with its preprocessing.
 */
export async function runTrainFinal(job: TrainJobSpec, ctx: JobContext): Promise<TrainRunSummary> {
  const db = openDatabase(job.projectPath, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 10000');
    const { spec, summary: plan } = readRun(db, job.runId);
    const title = 'Final model';
    ctx.progress({ kind: 'train', value: 0, title, detail: 'Reading the dataset' }, true);
    const data = trainData(db, spec, plan, () => ctx.checkCancelled());
    const folds = readFolds(db, job.runId);
    const done = folds.filter((f) => f.summary.status === 'succeeded' && f.predictions);
    const warnings = [...plan.warnings];
    for (const f of folds) if (f.summary.status === 'failed') warnings.push(`Fold ${f.summary.fold + 1} failed: ${f.summary.error ?? 'unknown error'}`);

    const metrics = foldMetrics(folds);
    const classes = plan.classes;
    const validationTrue = done.map((f) => takeValues(data.y, f.validation));
    const confusions: number[][][] = [];
    for (const [i, f] of done.entries()) {
      const scored = score(data.task, validationTrue[i]!, f.predictions!, classes);
      for (const w of scored.warnings) warnings.push(`Fold ${f.summary.fold + 1}: ${w}`);
      if (scored.confusion) confusions.push(scored.confusion);
    }

    let threshold: number | null = null;
    let plots: Omit<TrainPlots, 'importance' | 'learningCurve' | 'pca'> = { roc: [], pr: [], calibration: [], thresholds: [], confusion: null, residuals: null };
    const confusion = summed(confusions);
    if (data.task === 'binary') {
      const perFold: FoldPredictions[] = done.map((f, i) => ({ fold: f.summary.fold, yTrue: validationTrue[i]!, score: positive(f.predictions!) }));
      threshold = chooseThreshold(spec.threshold, concat(perFold.map((p) => p.yTrue)), concat(perFold.map((p) => p.score)), warnings);
      plots = { ...plots, ...binaryCurves(perFold) };
    }
    if (data.task !== 'regression' && confusion) plots = { ...plots, confusion: { labels: classes!, counts: confusion } };
    if (data.task === 'regression') {
      const s = sample(concat(done.map((f) => f.predictions!)), concat(validationTrue), 5000);
      plots = { ...plots, residuals: { predicted: s.a, actual: s.b } };
    }
    ctx.progress({ kind: 'train', value: 0.15, title, detail: 'Refitting on all training rows' }, true);

    const test = readTestRows(db, job.runId);
    const testSet = new Set(test);
    const trainRows = Int32Array.from(rowsWhere(data.y, (v, i) => !Number.isNaN(v) && !testSet.has(i)));
    const seed = foldSeed(spec.seed, -1);
    const checkpoint = (from: number, to: number) => (fraction: number, detail?: string): void => {
      ctx.checkCancelled();
      ctx.progress({ kind: 'train', value: from + (to - from) * fraction, title, detail: detail ?? `${spec.model} on ${trainRows.length} rows` });
    };
    let params: Readonly<Record<string, ParamValue>> = spec.params;
    if (spec.search) params = await searchParams(data, trainRows, spec, seed, checkpoint(0.15, 0.45));
    const fitted = await fitRows(data, trainRows, spec, params, seed, checkpoint(0.45, 0.8));

    let testMetrics: Record<string, number> | null = null;
    if (test.length > 0) {
      const predictions = predictRows(fitted, data, test);
      const scored = score(data.task, takeValues(data.y, test), predictions, classes, threshold ?? undefined);
      testMetrics = scored.metrics;
      for (const w of scored.warnings) warnings.push(`Test split: ${w}`);
      const testFold: FoldSummary = { fold: -1, status: 'succeeded', trainRows: trainRows.length, validationRows: test.length, seconds: null, metrics: scored.metrics, error: null };
      insertFold(db, job.runId, testFold, trainRows, test);
      writeFoldResult(db, job.runId, testFold, predictions, null);
    }

    ctx.progress({ kind: 'train', value: 0.8, title, detail: 'Learning curve' }, true);
    const learningCurve = done[0] && done[0].train.length <= learningCurveMaxRows ? await learning(data, done[0], spec, params, checkpoint(0.8, 0.98)) : null;
    const importance = fittedImportance(fitted);
    const fullPlots: TrainPlots = { ...plots, importance, learningCurve, pca: fitted.pipeline.explained ? { ratio: fitted.pipeline.explained.ratio.map(round), cumulative: fitted.pipeline.explained.cumulative.map(round) } : null };

    writeModel(db, job.runId, modelDocument(fitted, plan, spec.target, threshold));
    const next: TrainRunSummary = { ...plan, metrics, test: testMetrics, threshold, warnings: [...new Set(warnings)], params };
    writeSummary(db, next, fullPlots);
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

function chooseThreshold(rule: TrainRunSummary['spec']['threshold'], yTrue: Float64Array, score: Float64Array, warnings: string[]): number {
  if (rule === 'default' || yTrue.length === 0) return 0.5;
  const choice = selectThreshold(yTrue, score, rule === 'max_f1' ? { kind: 'max-f1' } : { kind: 'min-cost', costRatio: rule.costRatio });
  if (isDefined(choice)) return choice.value.threshold;
  warnings.push(`Threshold: ${choice.undefined} 0.5 is used.`);
  return 0.5;
}

function rowsWhere(a: Float64Array, keep: (v: number, i: number) => boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < a.length; i++) if (keep(a[i]!, i)) out.push(i);
  return out;
}

function fittedImportance(fitted: Fitted): TrainPlots['importance'] {
  const imp = fitted.model.featureImportance?.();
  if (!imp) return [];
  return fitted.pipeline.featureNames
    .map((feature, i) => ({ feature, value: round(imp[i] ?? 0) }))
    .sort((a, b) => b.value - a.value)
    .slice(0, 50);
}

/** Train and validation score of the first fold's split as its training rows grow (seeded subsets). */
async function learning(data: TrainData, fold: StoredFold, spec: TrainRunSummary['spec'], params: Readonly<Record<string, ParamValue>>, checkpoint: (f: number, d?: string) => void): Promise<TrainPlots['learningCurve']> {
  const { name } = mainMetric(data.task);
  const order = shuffle(Int32Array.from(fold.train), rng(spec.seed));
  const fractions = [0.1, 0.25, 0.5, 0.75, 1];
  const sizes: number[] = [];
  const train: number[] = [];
  const validation: number[] = [];
  const classes = data.task === 'regression' ? null : Array.from({ length: data.nClasses }, (_, k) => String(k));
  for (const [i, fraction] of fractions.entries()) {
    const rows = order.slice(0, Math.max(2, Math.round(order.length * fraction))).sort();
    // A subset must still hold every class for the score to mean anything.
    if (classes && new Set(takeValues(data.y, rows)).size < data.nClasses) continue;
    const fitted = await fitRows(data, rows, { ...spec, search: null }, params, foldSeed(spec.seed, 100 + i), (f) => checkpoint((i + f) / fractions.length, 'Learning curve'));
    const tr = score(data.task, takeValues(data.y, rows), predictRows(fitted, data, rows), classes).metrics[name];
    const va = score(data.task, takeValues(data.y, fold.validation), predictRows(fitted, data, fold.validation), classes).metrics[name];
    if (tr === undefined || va === undefined) continue;
    sizes.push(rows.length);
    train.push(round(tr));
    validation.push(round(va));
  }
  return sizes.length >= 2 ? { sizes, train, validation, metric: name } : null;
}

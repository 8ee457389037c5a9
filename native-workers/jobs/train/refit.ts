import type { FoldSummary, ParamValue, ResolvedTrainSpec, TrainPlots } from '../../../preload/contract/train';
import { takeValues } from '../../ml/tabular/matrix';
import { rng, shuffle } from '../../ml/tabular/rng';
import type { TrainJobSpec } from '../../protocol';
import type { JobContext } from '../../runtime/context';
import { connect } from '../../project/open';
import { mainMetric, score } from './evaluate';
import { fitRows, predictRows, type Fitted, type TrainData } from './fit';
import { trainData } from './fold';
import { foldSeed } from './candidates';
import { modelDocument } from './model-document';
import { round } from './plots';
import { searchParams } from './search';
import { insertFold, readFold, readRun, readTestRows, writeFoldResult, writeModel, writeRefitPlots, type StoredFold } from '../../project/train';

/** Above this many training rows the learning curve is skipped: it refits the model five more times. */
const learningCurveMaxRows = 200_000;

/**
 * The final model, fitted on every training row while the validation folds
 * run (it needs none of their results): its predictions on the untouched test
 * split (scored by the final job once the threshold is known), the stored
 * model, feature importance, PCA variance and a learning curve.
 */
export async function runTrainRefit(job: TrainJobSpec, ctx: JobContext): Promise<FoldSummary> {
  const db = connect(job.projectPath, false);
  const started = Date.now();
  try {
    const { spec, summary: plan } = readRun(db, job.runId);
    const title = 'Final model';
    ctx.progress({ kind: 'train', value: 0, title, detail: 'Reading the dataset' }, true);
    const data = trainData(db, spec, plan, () => ctx.checkCancelled());
    const test = readTestRows(db, job.runId);
    const testSet = new Set(test);
    const trainRows = Int32Array.from(rowsWhere(data.y, (v, i) => !Number.isNaN(v) && !testSet.has(i)));
    const seed = foldSeed(spec.seed, -1);
    const checkpoint = (from: number, to: number) => (fraction: number, detail?: string): void => {
      ctx.checkCancelled();
      ctx.progress({ kind: 'train', value: from + (to - from) * fraction, title, detail: detail ?? `${spec.model} on ${trainRows.length} rows` });
    };
    let params: Readonly<Record<string, ParamValue>> = spec.params;
    if (spec.search) params = await searchParams(data, trainRows, spec, seed, checkpoint(0, 0.4));
    const fitted = await fitRows(data, trainRows, spec, params, seed, checkpoint(spec.search ? 0.4 : 0, 0.6));
    const predictions = test.length > 0 ? predictRows(fitted, data, test) : null;
    const summary: FoldSummary = {
      fold: -1,
      status: 'succeeded',
      trainRows: trainRows.length,
      validationRows: test.length,
      seconds: (Date.now() - started) / 1000,
      metrics: {},
      ...(spec.search ? { params } : {}),
      error: null,
    };
    insertFold(db, job.runId, summary, trainRows, test);
    writeFoldResult(db, job.runId, summary, predictions, null);
    writeModel(db, job.runId, modelDocument(fitted, plan, spec.target, null));

    ctx.progress({ kind: 'train', value: 0.6, title, detail: 'Learning curve' }, true);
    const first = readFold(db, job.runId, 0);
    const learningCurve = first.train.length <= learningCurveMaxRows ? await learning(data, first, spec, params, checkpoint(0.6, 0.98)) : null;
    const explained = fitted.pipeline.explained;
    writeRefitPlots(db, job.runId, {
      importance: fittedImportance(fitted),
      learningCurve,
      pca: explained ? { ratio: explained.ratio.map(round), cumulative: explained.cumulative.map(round) } : null,
    }, params);
    ctx.progress({ kind: 'train', value: 1, title, detail: 'Done' }, true);
    return summary;
  } finally {
    db.close();
  }
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
async function learning(data: TrainData, fold: StoredFold, spec: ResolvedTrainSpec, params: Readonly<Record<string, ParamValue>>, checkpoint: (f: number, d?: string) => void): Promise<TrainPlots['learningCurve']> {
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

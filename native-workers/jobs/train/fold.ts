import type { FoldSummary, ParamValue, ResolvedTrainSpec, TrainRunSummary } from '../../../preload/contract/train';
import { isThresholdDependent } from '../../../preload/contract/metrics';
import { frameColumn, type Frame } from '../../ml/tabular/frame';
import { takeValues } from '../../ml/tabular/matrix';
import type { TrainFoldJobSpec } from '../../protocol';
import type { JobContext } from '../../runtime/context';
import { connect, type Db } from '../../project/open';
import { loadDataset } from './data';
import { score } from './evaluate';
import { fitRows, predictRows, type TrainData } from './fit';
import { searchParams } from './search';
import { foldSeed } from './candidates';
import { readFold, readRun, writeFoldResult } from '../../project/train';
import { encodeWithClasses } from './target';
import { readFrameFile } from '../../cluster/frame-file';

/**
 * The data every job of a run rebuilds the same way from the project and the plan; `columns`, when given,
 * holds the run's feature and target columns already (a cluster job's inputs, `runColumns`).
 */
export function trainData(db: Db, spec: ResolvedTrainSpec, plan: TrainRunSummary, checkCancelled: () => void, columns?: Frame): TrainData {
  const f = columns ?? loadDataset(db, spec.datasetId, checkCancelled).frame;
  const target = encodeWithClasses(frameColumn(f, spec.target)!, plan.task!, plan.classes);
  return {
    features: { rows: f.rows, columns: plan.features.map((name) => frameColumn(f, name)!) },
    y: target.y,
    task: plan.task!,
    nClasses: plan.classes?.length ?? 1,
  };
}

function thresholdFree(metrics: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(metrics).filter(([name]) => !isThresholdDependent(name)));
}

/** Fits one validation fold on its training rows and stores its validation predictions and metrics. */
export async function runTrainFold(job: TrainFoldJobSpec, ctx: JobContext): Promise<FoldSummary> {
  const db = connect(job.projectPath, false);
  const started = Date.now();
  let summary: FoldSummary | null = null;
  try {
    const { spec, summary: plan } = readRun(db, job.runId);
    const fold = readFold(db, job.runId, job.fold);
    summary = { ...fold.summary, status: 'running' };
    writeFoldResult(db, job.runId, summary, null, null);
    const title = `Fold ${job.fold + 1}`;
    ctx.progress({ kind: 'train', value: 0, title, detail: 'Reading the dataset' }, true);
    const data = trainData(db, spec, plan, () => ctx.checkCancelled(), job.columnsPath ? await readFrameFile(job.columnsPath) : undefined);
    const seed = foldSeed(spec.seed, job.fold);
    const checkpoint = (fraction: number, detail?: string): void => {
      ctx.checkCancelled();
      ctx.progress({ kind: 'train', value: 0.05 + 0.9 * fraction, title, detail: detail ?? `${spec.model} on ${fold.train.length} rows` });
    };
    let params: Readonly<Record<string, ParamValue>> = spec.params;
    if (job.params) params = job.params;
    else if (spec.search) params = await searchParams(data, fold.train, spec, seed, (f, d) => checkpoint(f * 0.7, d));
    const fitted = await fitRows(data, fold.train, spec, params, seed, spec.search ? (f, d) => checkpoint(0.7 + 0.3 * f, d) : checkpoint);
    const predictions = predictRows(fitted, data, fold.validation);
    const scored = score(data.task, takeValues(data.y, fold.validation), predictions, plan.classes);
    summary = {
      ...summary,
      status: 'succeeded',
      seconds: (Date.now() - started) / 1000,
      // A binary fold's decisions wait for the threshold, chosen on every fold's predictions by the final job.
      metrics: data.task === 'binary' ? thresholdFree(scored.metrics) : scored.metrics,
      ...(spec.search ? { params } : {}),
      error: null,
    };
    writeFoldResult(db, job.runId, summary, predictions, null);
    ctx.progress({ kind: 'train', value: 1, title, detail: 'Done' }, true);
    return summary;
  } catch (err) {
    // A failed or cancelled fold says so in its own row; the run goes on with the others.
    if (summary && db.open) {
      const cancelled = ctx.signal.aborted;
      writeFoldResult(db, job.runId, { ...summary, status: cancelled ? 'cancelled' : 'failed', seconds: (Date.now() - started) / 1000, error: cancelled ? null : err instanceof Error ? err.message : String(err) }, null, null);
    }
    throw err;
  } finally {
    db.close();
  }
}

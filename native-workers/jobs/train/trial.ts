import type { TrainTrialJobSpec, TrialResult } from '../../protocol';
import type { JobContext } from '../../runtime/context';
import { connect } from '../../project/open';
import { readFold, readRun } from '../../project/train';
import { trainData } from './fold';
import { foldCandidates, foldSeed } from './candidates';
import { innerSplits } from './folds';
import { scoreCandidate } from './search';
import { readFrameFile } from '../../cluster/frame-file';

/**
 * One search trial on its own (a cluster executor fans a search out this way): one candidate scored by
 * the inner folds of one outer fold's training rows, exactly as the fold's own search loop scores it, so
 * the candidate the trials pick is the one a local run picks. It writes nothing to the project.
 */
export async function runTrainTrial(job: TrainTrialJobSpec, ctx: JobContext): Promise<TrialResult> {
  const db = connect(job.projectPath, true);
  const started = Date.now();
  try {
    const { spec, summary: plan } = readRun(db, job.runId);
    if (!spec.search) throw new Error(`Run ${job.runId} has no search; there are no trials to run.`);
    const fold = readFold(db, job.runId, job.fold);
    const seed = foldSeed(spec.seed, job.fold);
    const list = foldCandidates(spec, seed);
    const params = list[job.candidate];
    if (!params) throw new Error(`Fold ${job.fold + 1} of run ${job.runId} has ${list.length} candidates, not ${job.candidate + 1}.`);
    const title = `Trial ${job.candidate + 1}/${list.length}, fold ${job.fold + 1}`;
    ctx.progress({ kind: 'train', value: 0, title, detail: 'Reading the dataset' }, true);
    const data = trainData(db, spec, plan, () => ctx.checkCancelled(), job.columnsPath ? await readFrameFile(job.columnsPath) : undefined);
    const inner = innerSplits(data, fold.train, spec.search.innerK ?? 3, seed);
    const value = await scoreCandidate(data, inner, spec, params, seed, (f) => {
      ctx.checkCancelled();
      ctx.progress({ kind: 'train', value: f / inner.length, title, detail: `inner fold ${f + 1} of ${inner.length}` });
    });
    return { fold: job.fold, candidate: job.candidate, value, seconds: (Date.now() - started) / 1000 };
  } finally {
    db.close();
  }
}

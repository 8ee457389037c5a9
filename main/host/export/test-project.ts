/** For tests and the bench: a churn project on disk with registered models. */
import path from 'node:path';
import type { TrainRunSummary } from '../../../preload/contract/train';
import type { ImportResult } from '../../../preload/contract/types';
import { Host } from '../host';
import { registerModel } from '../registry/register';

export const churnCsv = path.resolve(__dirname, '../../../../shared/data/mlc_churn.csv');

/**
 * Imports the churn data and trains + registers each model (holdout validation,
 * small learners: a quick fixture). Returns the project path; the host is closed.
 */
export async function makeChurnProject(dir: string, models: readonly ('gbdt' | 'logreg')[], csv = churnCsv): Promise<string> {
  const file = path.join(dir, `churn-${Date.now()}.assay`);
  const host = new Host({ mode: 'browser', configDir: path.join(dir, 'config') });
  try {
    host.newProject(file);
    const job = host.startImport({ source: { kind: 'path', path: csv }, name: 'churn' });
    const done = await host.jobs.wait(job.id);
    if (done.status !== 'succeeded') throw new Error(`import ${done.status}: ${done.error?.message ?? ''}`);
    const datasetId = (host.jobs.resultOf(job.id) as ImportResult).datasetId;
    for (const model of models) {
      const { runId } = (await host.dispatch('train:start', {
        datasetId,
        target: 'churn',
        model,
        params: model === 'gbdt' ? { n_rounds: 30 } : {},
        validation: { kind: 'holdout' },
      })) as { runId: number };
      const s: TrainRunSummary = await host.train.wait(runId);
      if (s.status !== 'succeeded') throw new Error(`train ${model} ${s.status}: ${s.error ?? ''}`);
      registerModel(host.currentProject!.db, runId, `churn-${model}`);
    }
    return file;
  } finally {
    await host.close();
  }
}

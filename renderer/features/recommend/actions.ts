import { client } from '../../lib/client';
import { reportError } from '../toasts';
import { holdoutOf, parseParams } from './form-model';
import { setRuns, setTraining, setTried, useRecommendStore } from './slice';

export async function loadRecsRuns(): Promise<void> {
  setRuns(await client().invoke('recs:list', null));
}

/** Polls the run list until the job ends (a run is listed once its model is stored). */
async function follow(runId: number, jobId: string): Promise<void> {
  for (;;) {
    await new Promise((r) => setTimeout(r, 700));
    const job = (await client().invoke('job:list', null)).find((j) => j.id === jobId);
    if (!job || job.status === 'succeeded' || job.status === 'failed' || job.status === 'cancelled') {
      await loadRecsRuns();
      if (job?.status === 'failed' && job.error) reportError(job.error);
      break;
    }
  }
  setTraining(useRecommendStore.getState().training.filter((r) => r !== runId));
}

export async function trainRecommender(): Promise<void> {
  const { draft, training } = useRecommendStore.getState();
  if (draft.datasetId === null || !draft.userColumn || !draft.itemColumn) return;
  const params = parseParams(draft.params);
  const holdout = holdoutOf(draft.holdout, draft.holdoutAmount, draft.timeColumn !== '');
  if (!params.ok) return reportError(new Error(params.error));
  if (!holdout.ok) return reportError(new Error(holdout.error));
  const needsItems = draft.model === 'content' || draft.model === 'hybrid';
  try {
    const { runId, jobId } = await client().invoke('recs:start', {
      datasetId: draft.datasetId,
      userColumn: draft.userColumn,
      itemColumn: draft.itemColumn,
      ...(draft.weightColumn ? { weightColumn: draft.weightColumn } : {}),
      ...(draft.timeColumn ? { timeColumn: draft.timeColumn } : {}),
      feedback: draft.feedback,
      ...(needsItems && draft.itemsDatasetId !== null && draft.itemKey ? { items: { datasetId: draft.itemsDatasetId, keyColumn: draft.itemKey } } : {}),
      model: draft.model,
      k: draft.k,
      ...(holdout.value ? { holdout: holdout.value } : {}),
      ...(Object.keys(params.value).length ? { params: params.value } : {}),
    });
    setTraining([...training, runId]);
    await follow(runId, jobId);
  } catch (err) {
    reportError(err);
  }
}

export async function tryRecommender(): Promise<void> {
  const { selectedRunId, tryUser } = useRecommendStore.getState();
  if (selectedRunId === null || !tryUser.trim()) return;
  try {
    setTried(await client().invoke('recs:try', { runId: selectedRunId, user: tryUser.trim(), k: 10 }));
  } catch (err) {
    reportError(err);
  }
}

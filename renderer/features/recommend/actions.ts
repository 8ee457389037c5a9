import { client } from '../../lib/client';
import { reportError } from '../toasts';
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
  try {
    const { runId, jobId } = await client().invoke('recs:start', {
      datasetId: draft.datasetId,
      userColumn: draft.userColumn,
      itemColumn: draft.itemColumn,
      ...(draft.weightColumn ? { weightColumn: draft.weightColumn } : {}),
      model: draft.model,
      k: draft.k,
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

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

/** Where a run's model is served from the Recommend area: its registered version and the server answering it. */
export interface ServedRun {
  readonly ref: string;
  readonly serverId: string;
  readonly url: string;
}

/** The version registered from this run (the newest, if it was registered more than once), or null. */
async function versionOf(runId: number): Promise<{ name: string; version: number } | null> {
  const versions = (await client().invoke('registry:list', null)).flatMap((m) => m.versions).filter((v) => v.runId === runId);
  const v = versions.sort((a, b) => b.version - a.version)[0];
  return v ? { name: v.name, version: v.version } : null;
}

/** The server already answering this run's model, if one is. */
export async function findServedRun(runId: number): Promise<ServedRun | null> {
  const v = await versionOf(runId);
  if (!v) return null;
  const s = (await client().invoke('serve:status', null)).find((x) => x.primary.model === v.name && x.primary.version === v.version);
  return s ? { ref: `${v.name}@${v.version}`, serverId: s.serverId, url: s.url } : null;
}

/**
 * Serve from the Recommend area: registers the run under `name` unless it already has a version,
 * then starts a server for that version (or returns the one already running).
 */
export async function serveRun(runId: number, name: string): Promise<ServedRun> {
  const running = await findServedRun(runId);
  if (running) return running;
  const v = (await versionOf(runId)) ?? (await client().invoke('registry:register', { runId, name: name.trim() }));
  const ref = `${v.name}@${v.version}`;
  const info = await client().invoke('serve:start', { model: ref });
  return { ref, serverId: info.serverId, url: info.url };
}

export async function stopServedRun(serverId: string): Promise<void> {
  await client().invoke('serve:stop', { serverId });
}

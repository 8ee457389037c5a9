import { toErrorData } from '../../../preload/contract';
import { client } from '../../lib/client';
import { targetOf } from './form';
import { setExportState, useExportStore } from './slice';

/** Asks the host whether the target is reachable with the credentials it has (never sends any). */
export async function checkExportTarget(): Promise<void> {
  const t = targetOf(useExportStore.getState().draft);
  if ('reason' in t) return setExportState({ error: t.reason });
  setExportState({ checking: true, check: null, error: null });
  try {
    setExportState({ check: await client().invoke('export:check', { to: t.to }), checking: false });
  } catch (err) {
    setExportState({ checking: false, error: toErrorData(err).message });
  }
}

export async function startExport(): Promise<void> {
  const { draft } = useExportStore.getState();
  const t = targetOf(draft);
  if ('reason' in t) return setExportState({ error: t.reason });
  // The last export's outcome goes: a failure shown beside the new attempt would read as its own.
  setExportState({ error: null, jobId: null });
  try {
    const { jobId } = await client().invoke('export:start', { model: draft.model.trim(), to: t.to });
    setExportState({ jobId });
  } catch (err) {
    setExportState({ error: toErrorData(err).message });
  }
}

export async function cancelExport(): Promise<void> {
  const { jobId } = useExportStore.getState();
  if (jobId) await client().invoke('job:cancel', { jobId });
}

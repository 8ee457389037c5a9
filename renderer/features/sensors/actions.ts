import type { DetectResult, ExportColumnChoice, PipelineSpec, RecordingExportPlan, StreamConfig, StreamSource } from '../../../preload/contract';
import { client } from '../../lib/client';
import { loadDatasets } from '../datasets';
import { isReadOnlyNow } from '../project';
import { pushToast, reportError } from '../toasts';
import { bufferFor } from './live-buffer';
import { notifyFrame } from './live-subscribers';
import {
  selectStream,
  setHistoryLoading,
  setPorts,
  setRecordings,
  setStreams,
  setStreamTab,
  useSensorsStore,
} from './slice';

export const readOnlyHint = 'Read-only project: this would change it. Use Save As for an editable copy.';

/** Each returns whether it worked (or its result, null on failure), so a form can keep its input. */
async function attempt<T>(work: () => Promise<T>): Promise<T | null> {
  try {
    return await work();
  } catch (err) {
    reportError(err);
    return null;
  }
}

function refuseReadOnly(): boolean {
  if (!isReadOnlyNow()) return false;
  pushToast('info', readOnlyHint);
  return true;
}

export async function loadPorts(): Promise<void> {
  // A machine without serial support still lists MQTT and Replay: a failing port scan is not an error worth a toast.
  try {
    setPorts(await client().invoke('sensors:ports', null));
  } catch {
    setPorts([]);
  }
}

export async function loadStreams(): Promise<void> {
  setStreams(await client().invoke('stream:list', null));
}

export async function loadRecordings(streamId: number): Promise<void> {
  const list = await client().invoke('recording:list', { streamId });
  // A late answer for a stream the user has left must not overwrite the new one's list.
  if (useSensorsStore.getState().selectedId === streamId) setRecordings(list);
}

/** Everything the Sensors area shows; called when it opens and after a reconnect. */
export async function loadSensors(): Promise<void> {
  await Promise.all([loadPorts(), attempt(loadStreams)]);
  const id = useSensorsStore.getState().selectedId;
  if (id !== null) await attempt(() => loadRecordings(id));
}

export function detectSource(source: StreamSource, seconds?: number): Promise<DetectResult | null> {
  return attempt(() => client().invoke('stream:detect', seconds === undefined ? { source } : { source, seconds }));
}

export async function startNewStream(config: StreamConfig): Promise<number | null> {
  if (refuseReadOnly()) return null;
  const started = await attempt(() => client().invoke('stream:start', config));
  if (!started) return null;
  await attempt(loadStreams);
  selectStream(started.streamId);
  setStreamTab('live');
  return started.streamId;
}

/** Starts a stored stream again; an MQTT password is asked again because the project never stores it. */
export async function restartStream(streamId: number, password?: string): Promise<boolean> {
  if (refuseReadOnly()) return false;
  const ok = await attempt(() => client().invoke('stream:start', password ? { streamId, password } : { streamId }));
  await attempt(loadStreams);
  return ok !== null;
}

export async function stopStream(streamId: number): Promise<void> {
  await attempt(() => client().invoke('stream:stop', { streamId }));
  await attempt(loadStreams);
}

export async function applyPipeline(streamId: number, pipeline: PipelineSpec): Promise<boolean> {
  if (refuseReadOnly()) return false;
  // The channel answers null on success, so success is "did not throw".
  const ok = await attempt(async () => {
    await client().invoke('stream:pipeline', { streamId, pipeline });
    return true;
  });
  if (!ok) return false;
  await attempt(loadStreams);
  pushToast('success', 'Pipeline applied: new readings go through it.');
  return true;
}

export async function startRecording(streamId: number, label: string): Promise<boolean> {
  if (refuseReadOnly()) return false;
  const rec = await attempt(() => client().invoke('recording:start', { streamId, label }));
  await attempt(() => loadRecordings(streamId));
  return rec !== null;
}

export async function stopRecording(streamId: number): Promise<boolean> {
  if (refuseReadOnly()) return false;
  const rec = await attempt(() => client().invoke('recording:stop', { streamId }));
  await attempt(() => loadRecordings(streamId));
  return rec !== null;
}

/** The columns an export of these recordings can write (null when the host refused, with a toast saying why). */
export function planRecordingExport(recordingIds: number[]): Promise<RecordingExportPlan | null> {
  return attempt(() => client().invoke('recording:export-plan', { recordingIds }));
}

export async function exportRecordings(recordingIds: number[], name: string, columns: ExportColumnChoice[]): Promise<boolean> {
  if (refuseReadOnly()) return false;
  const res = await attempt(() => client().invoke('recording:export', { recordingIds, name, columns }));
  if (!res) return false;
  // datasets:changed is pushed too; fetching closes the race with a reader who switches to Datasets at once.
  await attempt(loadDatasets);
  pushToast('success', `Exported to dataset "${name}".`);
  return true;
}

/** Replays a finished recording as a new virtual sensor (speed 1 = original pace) and shows it live. */
export async function replayRecording(recordingId: number, speed: number): Promise<boolean> {
  if (refuseReadOnly()) return false;
  const started = await attempt(() => client().invoke('recording:replay', { recordingId, speed }));
  if (!started) return false;
  await attempt(loadStreams);
  selectStream(started.streamId);
  setStreamTab('live');
  return true;
}

/** Stored readings for a scrolled-back, paused view; kept on the stream's buffer for the draw loop. */
export async function loadHistory(streamId: number, from: number, to: number): Promise<void> {
  setHistoryLoading(true);
  const h = await attempt(() => client().invoke('stream:history', { streamId, from, to, maxPoints: 2000 }));
  const live = useSensorsStore.getState().live;
  // Only keep it if the view still asks for this window.
  if (h && live.paused && live.viewEnd === to) {
    const b = bufferFor(streamId);
    b.history = h;
    b.version++;
    notifyFrame(streamId, null);
  }
  setHistoryLoading(false);
}

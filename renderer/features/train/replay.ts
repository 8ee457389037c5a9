/** Replaying a stored run from the run view: its state per run, and the calls behind the buttons. */
import { create } from 'zustand';
import { toErrorData } from '../../../preload/contract';
import type { ReplayProgress, ReplayReport } from '../../../preload/contract/train';
import { client } from '../../lib/client';

export type ReplayState =
  | { readonly status: 'running'; readonly foldsDone: number; readonly foldsTotal: number }
  | { readonly status: 'done'; readonly report: ReplayReport }
  | { readonly status: 'failed'; readonly message: string; readonly cancelled: boolean };

export const useReplayStore = create<Readonly<Record<number, ReplayState>>>()(() => ({}));

function set(runId: number, state: ReplayState): void {
  useReplayStore.setState({ [runId]: state });
}

/** A train:replayProgress push. */
export function setReplayProgress(p: ReplayProgress): void {
  if (useReplayStore.getState()[p.runId]?.status === 'running') set(p.runId, { status: 'running', foldsDone: p.foldsDone, foldsTotal: p.foldsTotal });
}

/** Tabular runs replay through TrainService, image runs through ImagesService; run ids are shared, so one store serves both. */
export type ReplayKind = 'train' | 'images';

export async function replayRun(runId: number, kind: ReplayKind): Promise<void> {
  set(runId, { status: 'running', foldsDone: 0, foldsTotal: 0 });
  try {
    set(runId, { status: 'done', report: await client().invoke(kind === 'train' ? 'train:replay' : 'images:replay', { runId }) });
  } catch (err) {
    const e = toErrorData(err);
    set(runId, { status: 'failed', message: e.message, cancelled: e.code === 'CANCELLED' });
  }
}

export async function cancelReplay(runId: number, kind: ReplayKind): Promise<void> {
  await client().invoke(kind === 'train' ? 'train:cancelReplay' : 'images:cancelReplay', { runId });
}

export function resetReplays(): void {
  useReplayStore.setState({}, true);
}

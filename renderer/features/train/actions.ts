import { toErrorData, type ErrorCode } from '../../../preload/contract';
import type { TrainSpec } from '../../../preload/contract/train';
import { client } from '../../lib/client';
import { reportError } from '../toasts';
import { isRunFinished, selectRun, setDetail, setRuns, upsertRun, useTrainStore } from './slice';

export async function loadRuns(): Promise<void> {
  setRuns(await client().invoke('train:list', null));
}

/** Fetches a run with its plots; a late answer never replaces a newer state of the run. */
export async function loadRunDetail(runId: number): Promise<void> {
  try {
    const detail = await client().invoke('train:get', { runId });
    const known = useTrainStore.getState().byId[runId];
    if (known && isRunFinished(known) && !isRunFinished(detail.summary)) return;
    setDetail(detail);
  } catch (err) {
    reportError(err);
  }
}

/** Shows a run; a finished run's plots are fetched once. */
export function openRun(runId: number): void {
  selectRun(runId);
  const s = useTrainStore.getState();
  const run = s.byId[runId];
  if (!s.details[runId] && (!run || isRunFinished(run))) void loadRunDetail(runId);
}

/** A host refusal shown under the Start button: what went wrong and what to do about it. */
export interface StartProblem {
  readonly code: ErrorCode;
  readonly message: string;
  readonly detail?: string;
  readonly hint: string;
}

export function hintFor(code: ErrorCode): string {
  switch (code) {
    case 'BAD_INPUT':
      return 'Change the setup (target, features, validation) and start again.';
    case 'NOT_FOUND':
      return 'The dataset or a column is gone: pick the dataset again.';
    case 'READ_ONLY':
      return 'This project is open read-only. Use Save As to make an editable copy, then train there.';
    case 'NO_PROJECT':
      return 'Open or create a project first.';
    case 'BUSY':
      return 'Assay is busy; wait for the running jobs to finish (see Jobs below) and try again.';
    case 'UNSUPPORTED':
      return 'This combination is not supported yet: pick another model, task or validation.';
    default:
      return 'Try again; if it keeps failing, the details below help a bug report.';
  }
}

export type StartOutcome = { readonly ok: true; readonly runId: number } | { readonly ok: false; readonly problem: StartProblem };

export async function startRun(spec: TrainSpec): Promise<StartOutcome> {
  try {
    const { runId } = await client().invoke('train:start', spec);
    // The start push usually arrives first; when not, fetch the run so the view has something to show.
    if (!useTrainStore.getState().byId[runId]) {
      try {
        upsertRun((await client().invoke('train:get', { runId })).summary);
      } catch {
        // The next train:update brings it.
      }
    }
    selectRun(runId);
    return { ok: true, runId };
  } catch (err) {
    const data = toErrorData(err);
    return { ok: false, problem: { ...data, hint: hintFor(data.code) } };
  }
}

export async function cancelRun(runId: number): Promise<void> {
  try {
    await client().invoke('train:cancel', { runId });
  } catch (err) {
    reportError(err);
  }
}

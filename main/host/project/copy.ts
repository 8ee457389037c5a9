import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AssayError } from '../../../preload/contract/errors';
import type { ReplayReport } from '../../../preload/contract/train';
import { ProjectStore } from '../../../native-workers/project/store';

/** How a re-run ended, as both kinds of run record it. */
interface EndedRun {
  readonly status: string;
  readonly error: string | null;
}

/**
 * A replay: `rerun` runs the stored run again on a temporary copy of the project (VACUUM
 * INTO, so a read-only project can be copied too; the file itself never changes), then
 * `compare` sets the re-run against the stored one. A re-run that did not finish says so
 * (cancelled, or failed with its reason) instead of a comparison. The copy is deleted after.
 */
export async function replayOnCopy<R extends EndedRun>(
  store: ProjectStore,
  runId: number,
  rerun: (copy: ProjectStore) => Promise<{ readonly replayRunId: number; readonly replayed: R }>,
  compare: (replayed: R) => Omit<ReplayReport, 'runId' | 'replayRunId'>,
): Promise<ReplayReport> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-replay-'));
  let copy: ProjectStore | null = null;
  try {
    copy = ProjectStore.open(store.saveCopy(path.join(tmp, 'replay.assay')));
    const { replayRunId, replayed } = await rerun(copy);
    if (replayed.status === 'cancelled') throw new AssayError('CANCELLED', `The replay of run ${runId} was cancelled.`);
    if (replayed.status !== 'succeeded') throw new AssayError('BAD_INPUT', `The replay of run ${runId} failed: ${replayed.error ?? 'unknown error'}`);
    return { runId, replayRunId, ...compare(replayed) };
  } finally {
    copy?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

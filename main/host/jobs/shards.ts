import { AssayError } from '../../../preload/contract/errors';
import type { JobKind } from '../../../preload/contract/jobs';
import type { JobResults, WorkerJob } from '../../../native-workers/protocol';
import type { JobManager, RemotePlacement } from './manager';

/** Item ranges [start, end) of about equal size covering `count` items: never more shards than items, never an empty one. */
export function shardRanges(count: number, shards: number): ShardRange[] {
  const n = Math.max(1, Math.min(shards, count));
  return Array.from({ length: n }, (_, i) => ({ start: Math.floor((i * count) / n), end: Math.floor(((i + 1) * count) / n) }));
}

/** The refusal of a shard count that is not a whole number ≥ 1. */
export function shardProblem(shards: number): string | null {
  return Number.isInteger(shards) && shards >= 1 ? null : `The number of shards must be a whole number ≥ 1, not ${shards}.`;
}

export interface ShardRange {
  readonly start: number;
  readonly end: number;
}

/**
 * Runs one job per shard (on a cluster when `remote` is given), all at once, and returns their results in shard
 * order. A shard that fails or is cancelled fails the whole, naming the shard; the caller then writes nothing
 * of its own (what the finished shards cached stays cached: it is what a rerun would compute again).
 */
export async function runShards<K extends JobKind>(
  jobs: JobManager,
  ranges: readonly ShardRange[],
  job: (range: ShardRange) => Extract<WorkerJob, { kind: K }>,
  title: (range: ShardRange, index: number) => string,
  remote: RemotePlacement | null,
): Promise<JobResults[K][]> {
  return Promise.all(
    ranges.map(async (range, i) => {
      const info = jobs.submit(job(range), title(range, i), {}, null, remote);
      const done = await jobs.wait(info.id);
      if (done.status !== 'succeeded') {
        throw new AssayError(done.error?.code ?? 'INTERNAL', `Shard ${i + 1} of ${ranges.length} (${range.start + 1}–${range.end}) ${done.status}: ${done.error?.message ?? 'no reason given'}. Run it again.`);
      }
      return jobs.resultOf(info.id) as JobResults[K];
    }),
  );
}

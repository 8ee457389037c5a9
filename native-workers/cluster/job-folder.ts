/**
 * A cluster job's folder on storage the nodes and the host share: what the host writes before it submits
 * and what the node writes back. Both sides name the files through here.
 */
import path from 'node:path';
import type { WorkerJob } from '../protocol';

/** job.json: what the node runs. */
export interface ClusterJobFile {
  /** The job manager's id of the job (for messages naming it). */
  readonly jobId: string;
  readonly job: WorkerJob;
  /** The project snapshot the job reads: copied to the node's own disk first (SQLite wants a local file). */
  readonly snapshot: string;
  /** The run's columns as an Arrow IPC file (frame-file.ts), when the run wrote them: read instead of the snapshot's rows. */
  readonly columns?: string;
}

export const jobFolderFiles = {
  job: 'job.json',
  /** FromWorker messages, one JSON line each, appended by the node as they happen. */
  messages: 'messages.ndjson',
  /** The ClusterPayload, written whole (renamed into place) when the job succeeded. */
  result: 'result.json',
  /** The scheduler's stdout and stderr of the job. */
  log: 'job.log',
} as const;

export function jobFolderPath(folder: string, file: keyof typeof jobFolderFiles): string {
  return path.join(folder, jobFolderFiles[file]);
}

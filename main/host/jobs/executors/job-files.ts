/**
 * Where the host puts a cluster run's inputs and reads its jobs' messages and results: the shared folder
 * (the default), or S3 (`storage: s3://bucket/prefix`). The engine's own files (SLURM's job.sh and job.log)
 * stay in the job's folder under `sharedDir` either way.
 */
import fs from 'node:fs';
import path from 'node:path';
import { jobFolderFiles, jobFolderPath, S3JobFiles, s3Join, type ClusterJobFile } from '../../../../native-workers/host-api';
import { readNewLines } from './tail';

/** One job's files as the host sees them. */
export interface JobIo {
  /** What the node command is given: the job's folder, or its s3:// URI (with the endpoint to use). */
  readonly nodeArgs: readonly string[];
  /** Where the job's files are, for messages. */
  readonly where: string;
  writeJob(spec: ClusterJobFile): Promise<void>;
  /** The complete message lines written since `offset`. */
  readMessages(offset: number): Promise<{ lines: string[]; offset: number }>;
  /** The result file's text, or null while there is none. */
  readResult(): Promise<string | null>;
}

/** A run's storage: its inputs go in once; each of its jobs gets its files by name. */
export interface RunStorage {
  /** Publishes a file written in the run's local folder (the snapshot, the columns); resolves to where nodes read it. */
  publish(file: string): Promise<string>;
  job(folder: string, name: string): Promise<JobIo>;
  remove(): Promise<void>;
}

export function folderStorage(): RunStorage {
  return {
    publish: async (file) => file,
    job: async (folder) => ({
      nodeArgs: [folder],
      where: folder,
      writeJob: async (spec) => fs.writeFileSync(jobFolderPath(folder, 'job'), JSON.stringify(spec)),
      readMessages: async (offset) => readNewLines(jobFolderPath(folder, 'messages'), offset),
      readResult: async () => {
        const file = jobFolderPath(folder, 'result');
        return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
      },
    }),
    remove: async () => undefined,
  };
}

/** A run's files under `runUri` (s3://bucket/prefix/assay-runs/ID). */
export function s3Storage(s3: S3JobFiles, runUri: string): RunStorage {
  const endpoint = s3.endpoint ? ['--s3-endpoint', s3.endpoint] : [];
  return {
    publish: async (file) => {
      const uri = s3Join(runUri, path.basename(file));
      await s3.putFile(uri, file);
      return uri;
    },
    job: async (_folder, name) => {
      const uri = s3Join(runUri, 'jobs', name);
      return {
        nodeArgs: [uri, ...endpoint],
        where: uri,
        writeJob: (spec) => s3.putText(s3Join(uri, jobFolderFiles.job), JSON.stringify(spec)),
        readMessages: async (offset) => {
          const text = (await s3.getText(s3Join(uri, jobFolderFiles.messages), offset)) ?? '';
          // A line still being written waits for the next read (bytes, as the folder's reader counts them).
          const bytes = Buffer.from(text, 'utf8');
          const end = bytes.lastIndexOf(0x0a);
          if (end < 0) return { lines: [], offset };
          return { lines: bytes.subarray(0, end).toString('utf8').split('\n').filter((l) => l !== ''), offset: offset + end + 1 };
        },
        readResult: () => s3.getText(s3Join(uri, jobFolderFiles.result)),
      };
    },
    remove: () => s3.removeAll(runUri),
  };
}

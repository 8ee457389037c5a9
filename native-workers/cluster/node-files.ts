/**
 * Where a node's job reads its inputs and writes its messages and result: the job folder on shared storage
 * (appended and renamed in place), or its S3 location (job-folder.ts names the files either way).
 */
import fs from 'node:fs';
import type { FromWorker } from '../protocol';
import { jobFolderFiles, jobFolderPath, type ClusterJobFile } from './job-folder';
import { isS3Uri, s3Join, S3JobFiles } from './s3-job-files';

export interface NodeFiles {
  readJob(): Promise<ClusterJobFile>;
  /** Copies an input (the snapshot, the columns) named in job.json to a file on this node's own disk. */
  fetch(location: string, file: string): Promise<void>;
  /** Sends a message: synchronous for the job, written out in order. */
  send(msg: FromWorker): void;
  /** Writes the result whole, after every message sent before it. */
  writeResult(text: string): Promise<void>;
  /** Waits until every message sent is written. */
  flush(): Promise<void>;
}

export function folderFiles(folder: string): NodeFiles {
  return {
    readJob: async () => JSON.parse(fs.readFileSync(jobFolderPath(folder, 'job'), 'utf8')) as ClusterJobFile,
    fetch: async (location, file) => fs.copyFileSync(location, file),
    send: (msg) => fs.appendFileSync(jobFolderPath(folder, 'messages'), `${JSON.stringify(msg)}\n`),
    writeResult: async (text) => {
      const tmp = `${jobFolderPath(folder, 'result')}.tmp`;
      fs.writeFileSync(tmp, text);
      fs.renameSync(tmp, jobFolderPath(folder, 'result'));
    },
    flush: async () => undefined,
  };
}

/** Tries `f` up to three times, a moment apart: S3 answers a 5xx now and then, and says to retry. */
async function retried<T>(f: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await f();
    } catch (err) {
      if (attempt >= 3) throw err;
      await new Promise((r) => setTimeout(r, 200 * attempt));
    }
  }
}

/** The job's files under an s3:// URI: messages kept here and put whole again (S3 has no append), one put at a time. */
export async function s3Files(uri: string, endpoint: string | undefined): Promise<NodeFiles> {
  const s3 = await S3JobFiles.open(endpoint);
  const messages = s3Join(uri, jobFolderFiles.messages);
  let text = '';
  let written = '';
  let writing: Promise<void> = Promise.resolve();
  let failure: Error | null = null;
  const flush = (): Promise<void> => {
    writing = writing.then(async () => {
      if (text === written) return;
      const now = text;
      await retried(() => s3.putText(messages, now)).catch((err: Error) => void (failure ??= err));
      written = now;
    });
    return writing.then(() => {
      if (failure) throw failure;
    });
  };
  return {
    readJob: async () => {
      const body = await retried(() => s3.getText(s3Join(uri, jobFolderFiles.job)));
      if (body === null) throw new Error(`${s3Join(uri, jobFolderFiles.job)} does not exist`);
      return JSON.parse(body) as ClusterJobFile;
    },
    fetch: async (location, file) => (isS3Uri(location) ? retried(() => s3.download(location, file)) : fs.copyFileSync(location, file)),
    send: (msg) => {
      text += `${JSON.stringify(msg)}\n`;
      void flush().catch(() => undefined);
    },
    writeResult: async (body) => {
      // The messages are progress and logs: one that could not be written does not hold the result back.
      await flush().catch(() => undefined);
      await retried(() => s3.putText(s3Join(uri, jobFolderFiles.result), body));
    },
    flush,
  };
}

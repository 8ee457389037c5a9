/**
 * Reading an exported server's prediction logs back (`assay monitor pull`)
 * from where they were shipped: a folder, s3://BUCKET/PREFIX or
 * azure://CONTAINER/PREFIX, through the same clients and credentials as the
 * export's upload (s3-store.ts, azure-store.ts). Every `*.ndjson` file under
 * the folder or prefix, in name order; a log is read whole (a file is at most
 * the server's rotation size, 64 MiB by default).
 */
import fs from 'node:fs';
import path from 'node:path';
import { AssayError } from '../../preload/contract/errors';
import type { Env } from './s3-store';
import { parseTarget } from './target';

export interface LogFile {
  /** The file's name relative to the folder or prefix: with a line number, what identifies a line. */
  readonly name: string;
  read(signal: AbortSignal): Promise<string>;
}

const isLog = (name: string): boolean => name.endsWith('.ndjson');

function folderLogs(dir: string): LogFile[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new AssayError('NOT_FOUND', `${dir} is not a folder: name the folder the server's PREDICTION_LOG_DIR points at.`);
  const out: LogFile[] = [];
  const walk = (sub: string): void => {
    for (const e of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = sub ? `${sub}/${e.name}` : e.name;
      if (e.isDirectory()) walk(rel);
      else if (e.isFile() && isLog(e.name)) out.push({ name: rel, read: () => fs.promises.readFile(path.join(dir, rel), 'utf8') });
    }
  };
  walk('');
  return out;
}

// The cloud clients load only when a pull names their storage: the S3 and Azure SDKs cost ~0.2 s of CPU
// each to load, which every CLI start paid before (this module is reached from the monitor commands).
async function s3Logs(bucket: string, prefix: string, env: Env, signal: AbortSignal): Promise<LogFile[]> {
  const { GetObjectCommand, ListObjectsV2Command } = await import('@aws-sdk/client-s3');
  const { s3Client, s3Error } = await import('./s3-store');
  const client = s3Client(env);
  const out: LogFile[] = [];
  try {
    let token: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix ? `${prefix}/` : undefined, ContinuationToken: token }), { abortSignal: signal });
      for (const o of page.Contents ?? []) {
        const key = o.Key!;
        if (!isLog(key)) continue;
        out.push({
          name: prefix ? key.slice(prefix.length + 1) : key,
          read: async (s) => {
            try {
              return await (await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: s })).Body!.transformToString('utf8');
            } catch (err) {
              throw s3Error(err, bucket, s);
            }
          },
        });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  } catch (err) {
    throw s3Error(err, bucket, signal);
  }
  return out;
}

async function azureLogs(container: string, prefix: string, env: Env, signal: AbortSignal): Promise<LogFile[]> {
  const { containerClient, azureError } = await import('./azure-store');
  const { client } = containerClient(container, env);
  const out: LogFile[] = [];
  try {
    for await (const b of client.listBlobsFlat({ prefix: prefix ? `${prefix}/` : undefined, abortSignal: signal })) {
      if (!isLog(b.name)) continue;
      const blob = client.getBlockBlobClient(b.name);
      out.push({
        name: prefix ? b.name.slice(prefix.length + 1) : b.name,
        read: async (s) => {
          try {
            return (await blob.downloadToBuffer(0, undefined, { abortSignal: s })).toString('utf8');
          } catch (err) {
            throw azureError(err, container, s);
          }
        },
      });
    }
  } catch (err) {
    throw azureError(err, container, signal);
  }
  return out;
}

/** The log files at `from` (a folder, s3://… or azure://…), sorted by name. */
export async function listLogFiles(from: string, env: Env, signal: AbortSignal): Promise<LogFile[]> {
  const t = parseTarget(from);
  const files = t.kind === 'folder' ? folderLogs(t.path) : t.kind === 's3' ? await s3Logs(t.bucket, t.prefix, env, signal) : await azureLogs(t.container, t.prefix, env, signal);
  return files.sort((a, b) => a.name.localeCompare(b.name));
}

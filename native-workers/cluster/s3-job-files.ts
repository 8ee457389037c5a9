/**
 * A cluster job's files on S3 (`storage: s3://bucket/prefix` of an executor) instead of a shared folder: the
 * host puts the run's snapshot and columns and each job's job.json there; the node gets them, writes its
 * messages (the whole ndjson again on each flush: S3 has no append) and its result. Every file is named by its
 * full `s3://bucket/key` URI, so the node needs nothing but that URI and the endpoint. Credentials: the AWS
 * SDK's default chain on each side (environment, profile, instance role), never stored.
 */
import fs from 'node:fs';
import type * as S3Sdk from '@aws-sdk/client-s3';
import { AssayError } from '../../preload/contract/errors';

export interface S3Uri {
  readonly bucket: string;
  readonly key: string;
}

export function isS3Uri(text: string): boolean {
  return text.startsWith('s3://');
}

/** `s3://bucket/some/key` → its bucket and key (no leading or trailing slash on the key). */
export function parseS3Uri(uri: string): S3Uri {
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(uri);
  if (!m) throw new AssayError('BAD_INPUT', `${uri} is not an S3 location: write it as s3://bucket/prefix (a bucket name of 3–63 lower-case letters, digits, dots or dashes).`);
  return { bucket: m[1]!, key: (m[2] ?? '').replace(/^\/+|\/+$/g, '') };
}

/** The URI of `parts` under `base` (an s3:// URI). */
export function s3Join(base: string, ...parts: string[]): string {
  const { bucket, key } = parseS3Uri(base);
  return `s3://${bucket}/${[key, ...parts].filter((p) => p !== '').join('/')}`;
}

interface SdkError {
  name?: string;
  $metadata?: { httpStatusCode?: number };
}

/** The S3 calls a cluster job's files need, on one client (one endpoint). */
export class S3JobFiles {
  private readonly client: S3Sdk.S3Client;
  private readonly sdk: typeof S3Sdk;
  readonly endpoint: string | undefined;

  private constructor(client: S3Sdk.S3Client, sdk: typeof S3Sdk, endpoint: string | undefined) {
    this.client = client;
    this.sdk = sdk;
    this.endpoint = endpoint;
  }

  /** `endpoint`: another S3 API (MinIO, s3rver, a region's private endpoint); path-style addressing then. */
  static async open(endpoint?: string): Promise<S3JobFiles> {
    // Loaded on use: a folder-backed executor and its nodes never load the SDK.
    const sdk = await import('@aws-sdk/client-s3');
    const { s3Client } = await import('../export/s3-store');
    return new S3JobFiles(s3Client({ ...process.env, ...(endpoint ? { AWS_ENDPOINT_URL: endpoint } : {}) }), sdk, endpoint);
  }

  private async call<T>(what: string, uri: string, f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (err) {
      const { s3Error } = await import('../export/s3-store');
      const e = s3Error(err, parseS3Uri(uri).bucket, new AbortController().signal);
      throw new AssayError(e instanceof AssayError ? e.code : 'IO', `${what} ${uri}: ${e.message}`);
    }
  }

  putText(uri: string, text: string): Promise<void> {
    const { bucket, key } = parseS3Uri(uri);
    return this.call('Writing', uri, async () => void (await this.client.send(new this.sdk.PutObjectCommand({ Bucket: bucket, Key: key, Body: text, ContentType: 'application/json' }))));
  }

  putFile(uri: string, file: string): Promise<void> {
    const { bucket, key } = parseS3Uri(uri);
    return this.call('Uploading', uri, async () => void (await this.client.send(new this.sdk.PutObjectCommand({ Bucket: bucket, Key: key, Body: fs.readFileSync(file) }))));
  }

  /** The object's text from byte `from` on: null when there is no such object, '' when it has nothing past `from`. */
  getText(uri: string, from = 0): Promise<string | null> {
    const { bucket, key } = parseS3Uri(uri);
    return this.call('Reading', uri, async () => {
      try {
        const res = await this.client.send(new this.sdk.GetObjectCommand({ Bucket: bucket, Key: key, ...(from > 0 ? { Range: `bytes=${from}-` } : {}) }));
        return (await res.Body?.transformToString('utf8')) ?? '';
      } catch (err) {
        const e = err as SdkError;
        if (e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404) return null;
        // Nothing past `from` yet.
        if (e.name === 'InvalidRange' || e.$metadata?.httpStatusCode === 416) return '';
        throw err;
      }
    });
  }

  download(uri: string, file: string): Promise<void> {
    const { bucket, key } = parseS3Uri(uri);
    return this.call('Downloading', uri, async () => {
      const res = await this.client.send(new this.sdk.GetObjectCommand({ Bucket: bucket, Key: key }));
      fs.writeFileSync(file, await res.Body!.transformToByteArray());
    });
  }

  /** Removes every object under `uri` (a run's folder), a page of keys at a time. */
  removeAll(uri: string): Promise<void> {
    const { bucket, key } = parseS3Uri(uri);
    return this.call('Removing', uri, async () => {
      for (;;) {
        const page = await this.client.send(new this.sdk.ListObjectsV2Command({ Bucket: bucket, Prefix: `${key}/` }));
        const keys = (page.Contents ?? []).flatMap((o) => (o.Key ? [{ Key: o.Key }] : []));
        if (keys.length === 0) return;
        await this.client.send(new this.sdk.DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } }));
      }
    });
  }

  close(): void {
    this.client.destroy();
  }
}

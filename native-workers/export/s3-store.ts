/**
 * Amazon S3 (or an S3 API such as s3rver/MinIO) through @aws-sdk/client-s3 v3.
 * Credentials: the SDK's default chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY,
 * AWS_PROFILE and ~/.aws, SSO, instance roles). AWS_ENDPOINT_URL points it at
 * another server (then path-style addressing). Nothing is ever stored.
 */
import fs from 'node:fs';
import { DeleteObjectCommand, HeadBucketCommand, HeadObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { AssayError } from '../../preload/contract/errors';
import type { ObjectStore } from './store';

export type Env = Readonly<Record<string, string | undefined>>;

/** Parts of 8 MiB (S3's minimum is 5), two at a time. */
export const s3PartSize = 8 * 1024 * 1024;

function credentialSource(env: Env): string {
  if (env['AWS_ACCESS_KEY_ID']) return 'environment (AWS_ACCESS_KEY_ID)';
  if (env['AWS_PROFILE']) return `AWS profile "${env['AWS_PROFILE']}"`;
  return 'AWS default chain (~/.aws, SSO or instance role)';
}

export function s3Client(env: Env): S3Client {
  const endpoint = env['AWS_ENDPOINT_URL_S3'] ?? env['AWS_ENDPOINT_URL'];
  const config: S3ClientConfig = {
    region: env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'] ?? 'us-east-1',
    // Streamed uploads otherwise carry aws-chunked checksum framing that S3 look-alikes store inside the object.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 2,
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
    ...(env['AWS_ACCESS_KEY_ID'] && env['AWS_SECRET_ACCESS_KEY']
      ? {
          credentials: {
            accessKeyId: env['AWS_ACCESS_KEY_ID'],
            secretAccessKey: env['AWS_SECRET_ACCESS_KEY'],
            ...(env['AWS_SESSION_TOKEN'] ? { sessionToken: env['AWS_SESSION_TOKEN'] } : {}),
          },
        }
      : {}),
  };
  return new S3Client(config);
}

interface SdkError {
  name?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
  cause?: { code?: string };
}

/** SDK errors → clear AssayErrors (the secret never appears in a message). */
export function s3Error(err: unknown, bucket: string, signal: AbortSignal): Error {
  if (signal.aborted) return new AssayError('CANCELLED', 'Cancelled');
  if (err instanceof AssayError) return err;
  const e = (err ?? {}) as SdkError;
  const name = e.name ?? '';
  const status = e.$metadata?.httpStatusCode;
  const code = e.code ?? e.cause?.code ?? '';
  const text = err instanceof Error ? err.message : String(err);
  if (name === 'NoSuchBucket' || (name === 'NotFound' && status === 404)) return new AssayError('NOT_FOUND', `S3 bucket "${bucket}" does not exist (or is not visible to these credentials).`);
  if (['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'ExpiredToken', 'TokenRefreshRequired', 'InvalidToken', 'CredentialsProviderError'].includes(name) || name === 'Forbidden' || status === 403 || /credential/i.test(text)) {
    return new AssayError('AUTH', `S3 refused the credentials (${name || status}): check AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_PROFILE, and that they have not expired.`);
  }
  if (['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN'].includes(code) || /ECONNREFUSED|ENOTFOUND|getaddrinfo/.test(text)) {
    return new AssayError('IO', `Cannot reach the S3 endpoint (${code || text}); check the network or AWS_ENDPOINT_URL.`);
  }
  return new AssayError('IO', `S3: ${name ? `${name}: ` : ''}${text}`);
}

export function s3Store(bucket: string, env: Env): ObjectStore {
  const client = s3Client(env);
  const wrap = async <T>(signal: AbortSignal, f: () => Promise<T>): Promise<T> => {
    try {
      return await f();
    } catch (err) {
      throw s3Error(err, bucket, signal);
    }
  };
  return {
    credentials: credentialSource(env),
    check: (signal) => wrap(signal, async () => void (await client.send(new HeadBucketCommand({ Bucket: bucket }), { abortSignal: signal }))),
    existingSha256: (k, signal) =>
      wrap(signal, async () => {
        try {
          const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: k }), { abortSignal: signal });
          return head.Metadata?.['sha256'] ?? null;
        } catch (err) {
          const e = err as SdkError;
          if (e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404) return null;
          throw err;
        }
      }),
    remove: (k, signal) => wrap(signal, async () => void (await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: k }), { abortSignal: signal }))),
    put: (k, file, sha256, type, onBytes, signal) =>
      wrap(signal, async () => {
        const upload = new Upload({
          client,
          params: { Bucket: bucket, Key: k, Body: fs.createReadStream(file), ContentType: type, Metadata: { sha256 } },
          partSize: s3PartSize,
          queueSize: 2,
          // An interrupted multipart upload is aborted: its parts never become an object.
          leavePartsOnError: false,
        });
        upload.on('httpUploadProgress', (p) => onBytes(p.loaded ?? 0));
        const abort = (): void => void upload.abort().catch(() => undefined);
        signal.addEventListener('abort', abort, { once: true });
        try {
          await upload.done();
        } finally {
          signal.removeEventListener('abort', abort);
        }
      }),
  };
}

/**
 * Azure Blob Storage through @azure/storage-blob, from
 * AZURE_STORAGE_CONNECTION_STRING (never stored). Large files go up as staged
 * blocks committed at the end, so an interrupted blob is never visible.
 */
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { AssayError } from '../../preload/contract/errors';
import type { Env } from './s3-store';
import type { ObjectStore } from './store';

export const azureBlockSize = 4 * 1024 * 1024;

interface RestErrorLike {
  statusCode?: number;
  code?: string;
  name?: string;
}

export function azureError(err: unknown, container: string, signal: AbortSignal): Error {
  if (signal.aborted) return new AssayError('CANCELLED', 'Cancelled');
  if (err instanceof AssayError) return err;
  const e = (err ?? {}) as RestErrorLike;
  const text = err instanceof Error ? err.message : String(err);
  if (e.code === 'ContainerNotFound' || (e.statusCode === 404 && !e.code)) return new AssayError('NOT_FOUND', `Azure container "${container}" does not exist.`);
  if (e.statusCode === 403 || e.code === 'AuthenticationFailed' || e.code === 'AuthorizationFailure' || e.statusCode === 401) {
    return new AssayError('AUTH', `Azure Storage refused the credentials (${e.code ?? e.statusCode}): check AZURE_STORAGE_CONNECTION_STRING (account key or SAS, and its expiry).`);
  }
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|getaddrinfo/.test(`${e.code ?? ''} ${text}`)) {
    return new AssayError('IO', `Cannot reach Azure Storage (${e.code ?? text.split('\n')[0]}); check the network or the connection string's endpoint.`);
  }
  return new AssayError('IO', `Azure Storage: ${e.code ? `${e.code}: ` : ''}${text.split('\n')[0]}`);
}

export function containerClient(container: string, env: Env): { client: ContainerClient; credentials: string } {
  const cs = env['AZURE_STORAGE_CONNECTION_STRING'];
  if (!cs) throw new AssayError('AUTH', 'No Azure credentials: set AZURE_STORAGE_CONNECTION_STRING (Azure portal → storage account → Access keys).');
  let service: BlobServiceClient;
  try {
    service = BlobServiceClient.fromConnectionString(cs, { retryOptions: { maxTries: 2, retryDelayInMs: 200, maxRetryDelayInMs: 1000 } });
  } catch (err) {
    throw new AssayError('AUTH', `AZURE_STORAGE_CONNECTION_STRING is not a usable connection string: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { client: service.getContainerClient(container), credentials: `environment (AZURE_STORAGE_CONNECTION_STRING, account ${service.accountName})` };
}

export function azureStore(container: string, env: Env): ObjectStore {
  const { client, credentials } = containerClient(container, env);
  const wrap = async <T>(signal: AbortSignal, f: () => Promise<T>): Promise<T> => {
    try {
      return await f();
    } catch (err) {
      throw azureError(err, container, signal);
    }
  };
  return {
    credentials,
    check: (signal) => wrap(signal, async () => void (await client.getProperties({ abortSignal: signal }))),
    existingSha256: (k, signal) =>
      wrap(signal, async () => {
        try {
          return (await client.getBlockBlobClient(k).getProperties({ abortSignal: signal })).metadata?.['sha256'] ?? null;
        } catch (err) {
          if ((err as RestErrorLike).statusCode === 404 && (err as RestErrorLike).code !== 'ContainerNotFound') return null;
          throw err;
        }
      }),
    remove: (k, signal) => wrap(signal, async () => void (await client.getBlockBlobClient(k).deleteIfExists({ abortSignal: signal }))),
    put: (k, file, sha256, type, onBytes, signal) =>
      wrap(signal, async () => {
        await client.getBlockBlobClient(k).uploadFile(file, {
          blockSize: azureBlockSize,
          concurrency: 2,
          maxSingleShotSize: azureBlockSize,
          metadata: { sha256 },
          blobHTTPHeaders: { blobContentType: type },
          onProgress: (ev) => onBytes(ev.loadedBytes),
          abortSignal: signal,
        });
      }),
  };
}

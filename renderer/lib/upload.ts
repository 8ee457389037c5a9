import { AssayError, reviveError, type ImportSource } from '../../preload/contract';
import { getTransport } from './client';

export interface UploadResult {
  readonly uploadId: string;
  readonly fileName: string;
  readonly bytes: number;
}

/** Browser mode: streams the file to the host. XHR rather than fetch, so upload progress is visible. */
export function uploadFile(file: File, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<UploadResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.open('POST', `/upload?name=${encodeURIComponent(file.name)}`);
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      if (xhr.status === 200) resolve(xhr.response as UploadResult);
      else reject(reviveError(xhr.response ?? `Upload failed (HTTP ${xhr.status}).`));
    };
    xhr.onerror = () => reject(new AssayError('IO', `The upload of ${file.name} failed; is Assay still running?`));
    xhr.onabort = () => reject(new AssayError('CANCELLED', 'Upload cancelled.'));
    xhr.send(file);
  });
}

/** Where an import reads a picked or dropped file from: its real path in Electron, an upload otherwise. */
export async function importSourceFor(file: File, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<ImportSource> {
  const api = getTransport().api;
  const path = api.pathForFile?.(file);
  if (path) return { kind: 'path', path };
  const up = await uploadFile(file, onProgress, signal);
  return { kind: 'upload', uploadId: up.uploadId, fileName: up.fileName };
}

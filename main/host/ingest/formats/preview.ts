import path from 'node:path';
import type { ImportPreview, ImportPreviewRequest } from '../../../../preload/contract/import-options';
import type { ImportSource } from '../../../../preload/contract/types';
import { previewFile } from '../../../../native-workers/host-api';
import type { UploadStore } from '../uploads';

/** The file behind an import source: a path as given, or an upload's private copy. */
export function sourceFile(uploads: UploadStore, source: ImportSource): { path: string; name: string; uploadId: string | null } {
  if (source.kind === 'path') return { path: path.resolve(source.path), name: path.basename(source.path), uploadId: null };
  const upload = uploads.get(source.uploadId);
  return { path: upload.path, name: upload.fileName, uploadId: upload.id };
}

/** Runs in the host: a preview reads a bounded head of the file (see previewFile). */
export function previewImport(uploads: UploadStore, req: ImportPreviewRequest): Promise<ImportPreview> {
  const file = sourceFile(uploads, req.source);
  return previewFile(file.path, file.name, req.options ?? {});
}

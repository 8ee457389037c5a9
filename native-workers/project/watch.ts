/** Watched folders and the files seen in them (schema 8): what the watcher has imported, skipped or refused, and why. */
import type { SourceFileInfo, SourceFileStatus, WatchedFolder } from '../../preload/contract/watch';
import type { Db } from './open';

/** What the watcher knows of one file of a folder: its fingerprint and what became of it. */
export interface SourceFileRow {
  readonly name: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly sha256: string | null;
  readonly status: SourceFileStatus;
  readonly reason: string | null;
}

/** A watched folder's row by id, or null once removed. */
export function folderRow(db: Db, id: number): { id: number; path: string; datasetId: number | null } | null {
  const r = db.prepare('SELECT id, path, dataset_id FROM watched_folders WHERE id = ?').get(id) as { id: number; path: string; dataset_id: number | null } | undefined;
  return r ? { id: r.id, path: r.path, datasetId: r.dataset_id } : null;
}

/** The folder's row, created on first use; a dataset given later re-targets it. */
export function upsertFolder(db: Db, dir: string, datasetId: number | null): number {
  const found = db.prepare('SELECT id FROM watched_folders WHERE path = ?').get(dir) as { id: number } | undefined;
  if (found) {
    if (datasetId !== null) db.prepare('UPDATE watched_folders SET dataset_id = ? WHERE id = ?').run(datasetId, found.id);
    return found.id;
  }
  return Number(db.prepare('INSERT INTO watched_folders (path, dataset_id, created_at) VALUES (?, ?, ?)').run(dir, datasetId, new Date().toISOString()).lastInsertRowid);
}

/** Points a folder at the dataset its first import made: later files append to it. */
export function setFolderDataset(db: Db, folderId: number, datasetId: number): void {
  db.prepare('UPDATE watched_folders SET dataset_id = ? WHERE id = ?').run(datasetId, folderId);
}

/** Stops watching a folder: its row and its files' rows go together (the datasets stay). */
export function removeFolder(db: Db, folderId: number): void {
  db.transaction(() => {
    db.prepare('DELETE FROM source_files WHERE folder_id = ?').run(folderId);
    db.prepare('DELETE FROM watched_folders WHERE id = ?').run(folderId);
  }).immediate();
}

/** What was recorded of a file of a folder, or null when it was never seen. */
export function getSourceFile(db: Db, folderId: number, name: string): SourceFileRow | null {
  const r = db.prepare('SELECT name, size, mtime_ms, sha256, status, reason FROM source_files WHERE folder_id = ? AND name = ?').get(folderId, name) as
    | { name: string; size: number; mtime_ms: number; sha256: string | null; status: SourceFileStatus; reason: string | null }
    | undefined;
  return r ? { name: r.name, size: r.size, mtimeMs: r.mtime_ms, sha256: r.sha256, status: r.status, reason: r.reason } : null;
}

/** Records a file's fingerprint and outcome (a dataset given is kept, one not given keeps the earlier). */
export function putSourceFile(db: Db, folderId: number, row: SourceFileRow, datasetId: number | null): SourceFileInfo {
  const at = new Date().toISOString();
  db.prepare(
    `INSERT INTO source_files (folder_id, name, size, mtime_ms, sha256, status, reason, dataset_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (folder_id, name) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms, sha256 = excluded.sha256,
       status = excluded.status, reason = excluded.reason, dataset_id = coalesce(excluded.dataset_id, dataset_id), at = excluded.at`,
  ).run(folderId, row.name, row.size, row.mtimeMs, row.sha256, row.status, row.reason, datasetId, at);
  return toInfo({ ...row, at });
}

function toInfo(r: SourceFileRow & { at: string }): SourceFileInfo {
  return { name: r.name, bytes: r.size, modifiedAt: new Date(r.mtimeMs).toISOString(), sha256: r.sha256, status: r.status, reason: r.reason, at: r.at };
}

/** Every watched folder with its dataset and files; `active` says which are being watched now. */
export function listFolders(db: Db, active: (id: number) => boolean): WatchedFolder[] {
  const folders = db
    .prepare('SELECT f.id, f.path, f.dataset_id, d.name AS dataset_name FROM watched_folders f LEFT JOIN datasets d ON d.id = f.dataset_id ORDER BY f.id')
    .all() as { id: number; path: string; dataset_id: number | null; dataset_name: string | null }[];
  const files = db.prepare('SELECT name, size, mtime_ms, sha256, status, reason, at FROM source_files WHERE folder_id = ? ORDER BY name');
  return folders.map((f) => ({
    id: f.id,
    path: f.path,
    datasetId: f.dataset_id,
    datasetName: f.dataset_name,
    active: active(f.id),
    files: (
      files.all(f.id) as { name: string; size: number; mtime_ms: number; sha256: string | null; status: SourceFileStatus; reason: string | null; at: string }[]
    ).map((r) => toInfo({ name: r.name, size: r.size, mtimeMs: r.mtime_ms, sha256: r.sha256, status: r.status, reason: r.reason, at: r.at })),
  }));
}

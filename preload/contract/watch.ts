/** Watched folders: new or changed files are ingested (appended to the folder's dataset). */

export type SourceFileStatus = 'ingested' | 'appended' | 'skipped' | 'waiting' | 'importing' | 'failed';

export interface SourceFileInfo {
  readonly name: string;
  readonly bytes: number;
  readonly modifiedAt: string;
  readonly sha256: string | null;
  readonly status: SourceFileStatus;
  /** Why it was skipped or failed ("unchanged (same content)", "not a supported format", …). */
  readonly reason: string | null;
  readonly at: string;
}

export interface WatchedFolder {
  readonly id: number;
  readonly path: string;
  /** The dataset new files append to; null until the first file created it. */
  readonly datasetId: number | null;
  readonly datasetName: string | null;
  readonly active: boolean;
  readonly files: readonly SourceFileInfo[];
}

/** One line per file event (the CLI prints these). */
export interface WatchEvent {
  readonly folderId: number;
  readonly file: SourceFileInfo;
}

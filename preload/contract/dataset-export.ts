/**
 * A dataset written to a file for other tools, from the grid (`dataset:export`, a job) or the CLI
 * (`assay export-data`): the same writer either way.
 */

export const datasetExportFormats = ['csv', 'parquet', 'arrow'] as const;
export type DatasetExportFormat = (typeof datasetExportFormats)[number];

/** What an export wrote. */
export interface ExportedData {
  readonly file: string;
  readonly format: DatasetExportFormat;
  readonly rows: number;
  readonly columns: number;
  /** Cells that did not fit their column's type (written empty); 0 for CSV, which writes every cell as it is. */
  readonly misfits: number;
}

/** The answer to `dataset:export`: the job writing the file and, in browser mode, where to download it once done. */
export interface DatasetExportStarted {
  readonly jobId: string;
  readonly file: string;
  /** Browser mode: the URL path (`/download/ID`) that sends the file once the job has succeeded; null when it was written to a path. */
  readonly download: string | null;
}

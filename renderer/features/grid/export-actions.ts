import type { DatasetExportFormat } from '../../../preload/contract';
import { client, getTransport } from '../../lib/client';

/** An export under way, as the Export bar follows it. */
export interface StartedExport {
  readonly jobId: string;
  readonly file: string;
  /** Browser mode: where to fetch the file once the job has succeeded. */
  readonly download: string | null;
  readonly fetched?: boolean;
}

const dialogFor = { csv: 'exportCsv', parquet: 'exportParquet', arrow: 'exportArrow' } as const;

/** Starts an export: the desktop app asks where first (null when the dialog is cancelled); browser mode writes a download. */
export async function startExport(datasetId: number, format: DatasetExportFormat): Promise<StartedExport | null> {
  if (getTransport().kind === 'electron') {
    const { path } = await client().invoke('dialog:pick', { purpose: dialogFor[format] });
    if (path === null) return null;
    return client().invoke('dataset:export', { datasetId, format, to: path });
  }
  return client().invoke('dataset:export', { datasetId, format });
}

export async function cancelExport(jobId: string): Promise<void> {
  await client().invoke('job:cancel', { jobId });
}

import { useEffect, useState } from 'react';
import { datasetExportFormats, plural, type DatasetExportFormat, type DatasetSummary } from '../../../preload/contract';
import { ProgressBar } from '../../components/ProgressBar';
import { useJobsStore } from '../jobs';
import { reportError } from '../toasts';
import { cancelExport, startExport, type StartedExport } from './export-actions';

const formatLabels: Record<DatasetExportFormat, string> = { csv: 'CSV', parquet: 'Parquet', arrow: 'Arrow' };

/**
 * The grid's Export: the dataset written as CSV, Parquet or Arrow by the same writer as `assay
 * export-data`, as a job with progress and cancel. The desktop app asks where with a save dialog;
 * browser mode downloads the file once the job is done.
 */
export function ExportBar({ dataset }: { readonly dataset: DatasetSummary }) {
  const [format, setFormat] = useState<DatasetExportFormat>('csv');
  const [started, setStarted] = useState<StartedExport | null>(null);
  const job = useJobsStore((s) => (started ? s.byId[started.jobId] : undefined));
  const running = started !== null && (job === undefined || job.status === 'queued' || job.status === 'running');

  // Browser mode: the file is fetched once, as soon as the job has written it.
  useEffect(() => {
    if (job?.status !== 'succeeded' || !started?.download || started.fetched) return;
    const a = document.createElement('a');
    a.href = started.download;
    a.download = started.file;
    a.click();
    setStarted({ ...started, fetched: true });
  }, [job?.status, started]);

  const onExport = (): void => {
    startExport(dataset.id, format).then(
      (s) => s && setStarted(s),
      (err: unknown) => reportError(err),
    );
  };
  const result = job?.status === 'succeeded' ? job.exported : undefined;

  return (
    <div className="export-bar" data-testid="data-export-bar">
      <label className="export-format">
        Export as{' '}
        <select value={format} onChange={(e) => setFormat(e.target.value as DatasetExportFormat)} disabled={running} data-testid="data-export-format">
          {datasetExportFormats.map((f) => (
            <option key={f} value={f}>
              {formatLabels[f]}
            </option>
          ))}
        </select>
      </label>
      {running ? (
        <>
          <div className="export-progress">
            <ProgressBar value={job?.progress?.value ?? 0} indeterminate={!job?.progress} />
          </div>
          <span className="muted export-detail" data-testid="data-export-detail">
            {job?.progress?.detail ?? 'starting…'}
          </span>
          <button type="button" onClick={() => started && void cancelExport(started.jobId)} data-testid="data-export-cancel">
            Cancel
          </button>
        </>
      ) : (
        <>
          <button type="button" className="primary" onClick={onExport} data-testid="data-export-button">
            Export
          </button>
          <span className="muted export-detail" data-testid="data-export-status">
            {job?.status === 'succeeded' && result
              ? `Wrote ${plural(result.rows, 'row')} to ${started?.file ?? ''}${result.misfits ? ` (${plural(result.misfits, 'cell')} that did not fit their type left empty)` : ''}`
              : job?.status === 'cancelled'
                ? 'Export cancelled; no file was left.'
                : job?.status === 'failed'
                  ? `Export failed: ${job.error?.message ?? 'unknown error'}`
                  : ''}
          </span>
        </>
      )}
    </div>
  );
}

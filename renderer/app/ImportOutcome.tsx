import type { JobInfo } from '../../preload/contract';
import { plural } from '../../preload/contract';
import { selectDataset, setTab } from '../features/datasets/slice';
import { setSection } from './section';

/** Opens an imported dataset's quarantine, from wherever the user is. */
function openQuarantine(datasetId: number): void {
  setSection('datasets');
  selectDataset(datasetId);
  setTab('quarantine');
}

/**
 * Under a finished import in the Jobs panel: where its rows went. A plain "Done" hid that
 * most of a file could have gone to quarantine, so the count is said and the quarantine is one click away.
 */
export function ImportOutcome({ job }: { readonly job: JobInfo }) {
  const { imported, datasetId } = job;
  if (job.status !== 'succeeded' || !imported || datasetId === undefined) return null;
  const { rowsStored, rowsQuarantined } = imported;
  return (
    <div className={`job-detail${rowsQuarantined > 0 ? ' warn-text' : ''}`} data-testid="job-outcome">
      {plural(rowsStored, 'row')} imported
      {rowsQuarantined > 0 && (
        <>
          {`, ${rowsQuarantined.toLocaleString('en-US')} of ${plural(rowsStored + rowsQuarantined, 'row')} went to quarantine. `}
          <button type="button" className="link-button" data-testid="job-open-quarantine" onClick={() => openQuarantine(datasetId)}>
            Open quarantine
          </button>
        </>
      )}
    </div>
  );
}

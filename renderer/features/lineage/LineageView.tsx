import { useEffect } from 'react';
import type { DatasetSummary } from '../../../preload/contract';
import { AppendForm } from './AppendForm';
import { detailRows, eventSummary, eventTitle } from './describe';
import { loadLineage, useLineage } from './slice';
import './lineage.css';

/** The chain of everything done to a dataset, oldest first, each step expandable to its details. */
export function LineageView({ dataset }: { readonly dataset: DatasetSummary }) {
  const events = useLineage(dataset.id);
  // Reload whenever the dataset itself changes (an append, a privacy job, a cleansing run).
  const shape = `${dataset.rowCount}:${dataset.quarantinedCount}:${dataset.columns.map((c) => `${c.name}/${c.type}`).join(',')}`;
  useEffect(() => {
    void loadLineage(dataset.id);
  }, [dataset.id, shape]);
  if (!events) return <div className="empty-state">Loading lineage…</div>;
  return (
    <div className="lineage-view">
      <AppendForm datasetId={dataset.id} />
      {events.length === 0 && <div className="empty-state">No lineage recorded for this dataset.</div>}
    <ol className="lineage-timeline" data-testid="lineage-view">
      {events.map((e, i) => (
        <li key={e.id} className={`lineage-event lineage-${e.event}`} data-testid="lineage-event">
          <div className="lineage-dot" aria-hidden="true">
            {i + 1}
          </div>
          <details open={i === events.length - 1}>
            <summary>
              <strong data-testid="lineage-title">{eventTitle(e)}</strong>
              <span className="muted"> · {new Date(e.at).toLocaleString()}</span>
              <div className="lineage-summary" data-testid="lineage-summary">
                {eventSummary(e)}
              </div>
            </summary>
            <table className="lineage-detail">
              <tbody>
                {detailRows(e).map(([k, v]) => (
                  <tr key={k}>
                    <th>{k}</th>
                    <td>{v}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </li>
      ))}
    </ol>
    </div>
  );
}

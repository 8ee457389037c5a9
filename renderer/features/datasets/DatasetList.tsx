import { WatchPanel } from '../watch';
import { useRef } from 'react';
import { useReadOnly } from '../project';
import { openWizard } from '../import-wizard';
import { selectDataset, useDatasets, useSelectedId } from './slice';
import { plural } from '../../../preload/contract';

export const acceptedFiles = '.csv,.tsv,.txt,.json,.ndjson,.jsonl,.gz,.parquet,.xlsx,text/csv,application/json';

export function DatasetList() {
  const datasets = useDatasets();
  const selectedId = useSelectedId();
  const readOnly = useReadOnly();
  const input = useRef<HTMLInputElement>(null);

  return (
    <aside className="sidebar" data-testid="dataset-sidebar">
      <div className="sidebar-head">
        <h2>Datasets</h2>
        <button
          type="button"
          className="small primary"
          data-testid="import-button"
          disabled={readOnly}
          title={readOnly ? 'Read-only project: importing would change it. Use Save As for an editable copy.' : 'Import a CSV file'}
          onClick={() => input.current?.click()}
        >
          Import…
        </button>
        <input
          ref={input}
          type="file"
          hidden
          multiple
          accept={acceptedFiles}
          data-testid="import-input"
          onChange={(e) => {
            const files = [...(e.currentTarget.files ?? [])];
            e.currentTarget.value = '';
            if (files.length) openWizard(files);
          }}
        />
      </div>
      {datasets.length === 0 ? (
        <p className="sidebar-empty" data-testid="no-datasets">
          {readOnly ? 'This project holds no datasets.' : 'No datasets yet. Drop a file (CSV, JSON, Parquet, Excel) or a folder anywhere, or use Import.'}
        </p>
      ) : (
        <ul className="dataset-list" data-testid="dataset-list">
          {datasets.map((d) => (
            <li key={d.id}>
              <button
                type="button"
                className={`dataset-item${d.id === selectedId ? ' selected' : ''}`}
                data-testid="dataset-item"
                aria-current={d.id === selectedId}
                onClick={() => selectDataset(d.id)}
              >
                <span className="dataset-name">{d.name}</span>
                <span className="dataset-meta">
                  {plural(d.rowCount, 'row')} × {plural(d.columns.length, 'col')}
                  {d.quarantinedCount > 0 && (
                    <span className="quarantined" title="Rows that could not be stored, kept aside with their reason">
                      {' '}
                      · {d.quarantinedCount.toLocaleString('en-US')} quarantined
                    </span>
                  )}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <WatchPanel />
    </aside>
  );
}

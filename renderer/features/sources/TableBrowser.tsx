import { JobProgress, useJob } from '../jobs';
import { dbSourceName } from '../../../preload/contract/sources';
import { importSelection, previewSelection, selection } from './actions';
import { SourceSteps } from './SourceSteps';
import { PreviewGrid } from './PreviewGrid';
import { setSources, useSourcesStore } from './slice';
import { useSourcesReadOnly } from './read-only';
import { plural } from '../../../preload/contract';

/** Tables of the selected connection with the database's row estimates, or a query; a 50-row preview; import options. */
export function TableBrowser() {
  const s = useSourcesStore();
  const readOnly = useSourcesReadOnly();
  const job = useJob(s.jobId ?? undefined);
  const kind = s.connections.find((c) => c.id === s.selectedId)?.kind;
  const select = selection();
  if (s.selectedId === null) return <section className="source-card muted" data-testid="browser-empty">Save or pick a connection to browse its tables.</section>;
  return (
    <section className="source-card" data-testid="table-browser">
      <h2>Tables</h2>
      <ul className="source-list tables">
        {s.tables.map((t) => (
          <li key={`${t.schema ?? ''}.${t.name}`}>
            <button className={`link${s.table === t.name ? ' selected' : ''}`} data-testid="table-item" onClick={() => setSources({ table: t.name, preview: null, importName: t.name, dbSteps: {} })}>
              {t.schema && t.schema !== 'public' ? `${t.schema}.` : ''}
              {t.name} <span className="muted" data-testid="table-estimate">{t.rowEstimate === null ? '? rows' : `~${plural(t.rowEstimate, 'row')}`}</span>
            </button>
          </li>
        ))}
      </ul>
      <label>
        …or a SQL query
        <textarea data-testid="source-query" rows={2} value={s.query} placeholder="SELECT … FROM …" onChange={(e) => setSources({ query: e.target.value, table: e.target.value.trim() ? null : s.table, preview: null })} />
      </label>
      <div className="source-form">
        <label>
          Dataset name
          <input data-testid="import-name" value={s.importName} onChange={(e) => setSources({ importName: e.target.value })} />
        </label>
        <label>
          Watermark column (incremental)
          <input data-testid="import-watermark" value={s.watermark} placeholder="updated_at" onChange={(e) => setSources({ watermark: e.target.value })} />
        </label>
        <label>
          Key column (upsert)
          <input data-testid="import-key" value={s.key} placeholder="id" onChange={(e) => setSources({ key: e.target.value })} />
        </label>
      </div>
      <div className="source-actions">
        <button data-testid="source-preview-btn" onClick={() => void previewSelection()} disabled={s.busy}>
          Preview 50 rows
        </button>
        <button className="primary" data-testid="source-import" onClick={() => void importSelection()} disabled={readOnly !== null} title={readOnly ?? ''}>
          Import
        </button>
      </div>
      {job && <JobProgress job={job} />}
      {s.preview && <PreviewGrid testId="db-preview" columns={s.preview.columns} rows={s.preview.rows} />}
      {s.preview && kind && select && (
        <SourceSteps testId="db-steps" name={dbSourceName(kind, select)} columns={s.preview.columns.map((c) => c.name)} rows={s.preview.rows} value={s.dbSteps} onChange={(dbSteps) => setSources({ dbSteps })} />
      )}
    </section>
  );
}

import { httpSourceName } from '../../../preload/contract/sources';
import { JobProgress, useJob } from '../jobs';
import { previewApi, pullApi } from './actions';
import type { ApiDraft } from './form';
import { PreviewGrid } from './PreviewGrid';
import { editApiDraft, setSources, useSourcesStore } from './slice';
import { SourceSteps } from './SourceSteps';
import { useSourcesReadOnly } from './read-only';
import { plural } from '../../../preload/contract';

/** An HTTP JSON API request: URL, records path, pagination, auth (secret from an env variable), a live first-page preview, pull. */
export function ApiBuilder() {
  const s = useSourcesStore();
  const readOnly = useSourcesReadOnly();
  const a = s.api;
  const job = useJob(s.apiJobId ?? undefined);
  return (
    <section className="source-card source-wide" data-testid="api-builder">
      <h2>HTTP JSON API</h2>
      <div className="source-form">
        <label className="wide">
          URL
          <input data-testid="api-url" value={a.url} placeholder="https://api.example.com/v1/items" onChange={(e) => editApiDraft({ url: e.target.value })} />
        </label>
        <label>
          Records path
          <input data-testid="api-records" value={a.recordsPath} placeholder="data.items" onChange={(e) => editApiDraft({ recordsPath: e.target.value })} />
        </label>
        <label>
          Pagination
          <select data-testid="api-paginate" value={a.paginate} onChange={(e) => editApiDraft({ paginate: e.target.value as ApiDraft['paginate'] })}>
            <option value="none">none</option>
            <option value="page">page parameter</option>
            <option value="cursor">cursor field</option>
            <option value="link">Link header</option>
          </select>
        </label>
        {(a.paginate === 'page' || a.paginate === 'cursor') && (
          <label>
            {a.paginate === 'page' ? 'Parameter' : 'Cursor field'}
            <input data-testid="api-paginate-what" value={a.paginateWhat} placeholder={a.paginate === 'page' ? 'page' : 'meta.next'} onChange={(e) => editApiDraft({ paginateWhat: e.target.value })} />
          </label>
        )}
        <label>
          Auth
          <select data-testid="api-auth" value={a.auth} onChange={(e) => editApiDraft({ auth: e.target.value as ApiDraft['auth'] })}>
            <option value="none">none</option>
            <option value="bearer">bearer token</option>
            <option value="api-key">API key header</option>
            <option value="basic">basic</option>
          </select>
        </label>
        {a.auth !== 'none' && (
          <>
            {(a.auth === 'api-key' || a.auth === 'basic') && (
              <label>
                {a.auth === 'api-key' ? 'Header' : 'User'}
                <input data-testid="api-auth-what" value={a.authWhat} onChange={(e) => editApiDraft({ authWhat: e.target.value })} />
              </label>
            )}
            <label>
              Secret from variable
              <input data-testid="api-secret-env" value={a.secretEnv} onChange={(e) => editApiDraft({ secretEnv: e.target.value })} />
            </label>
          </>
        )}
        <label>
          Requests/s
          <input data-testid="api-rps" value={a.maxRps} onChange={(e) => editApiDraft({ maxRps: e.target.value })} />
        </label>
        <label>
          Dataset name
          <input data-testid="api-name" value={a.name} onChange={(e) => editApiDraft({ name: e.target.value })} />
        </label>
      </div>
      <div className="source-actions">
        <button data-testid="api-preview-btn" onClick={() => void previewApi()} disabled={s.busy}>
          Preview first page
        </button>
        <button className="primary" data-testid="api-pull" onClick={() => void pullApi()} disabled={readOnly !== null} title={readOnly ?? ''}>
          Pull all pages
        </button>
      </div>
      {job && <JobProgress job={job} />}
      {s.apiPreview && (
        <>
          <p className="muted" data-testid="api-next">
            HTTP {s.apiPreview.status} · {plural(s.apiPreview.rows.length, 'record')} on this page · next: {s.apiPreview.next ?? 'none (last page)'}
          </p>
          <PreviewGrid testId="api-preview" columns={s.apiPreview.columns.map((name) => ({ name }))} rows={s.apiPreview.rows} />
          <SourceSteps testId="api-steps" name={httpSourceName(a.url.trim())} columns={s.apiPreview.columns} rows={s.apiPreview.rows} value={s.apiSteps} onChange={(apiSteps) => setSources({ apiSteps })} />
        </>
      )}
    </section>
  );
}

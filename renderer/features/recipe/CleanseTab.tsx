import { useEffect } from 'react';
import { type DatasetSummary, plural } from '../../../preload/contract';
import { JobProgress, useJob } from '../jobs';
import { useProject, useReadOnly } from '../project';
import { applyCleanse, loadCleanse, previewCleanse, refreshCleanseInfo } from './actions';
import { editDraft, useCleanse } from './slice';
import { StepList } from './StepList';
import './recipe.css';

function n(x: number): string {
  return x.toLocaleString('en-US');
}

/**
 * The dataset's Cleanse tab: the recipe stored for its source (re-applied to later imports of
 * that source), steps from a palette, a preview of every step, and apply as a job. Applying
 * rewrites the dataset in place; undo is re-importing the source file.
 */
export function CleanseTab({ dataset }: { readonly dataset: DatasetSummary }) {
  const s = useCleanse();
  const readOnly = useReadOnly();
  const projectPath = useProject()?.path ?? null;
  const job = useJob(s.applyJobId ?? undefined);
  useEffect(() => {
    void loadCleanse(dataset.id, projectPath);
  }, [dataset.id, projectPath]);
  const jobDone = job?.status === 'succeeded';
  useEffect(() => {
    if (jobDone) void refreshCleanseInfo(dataset.id);
  }, [jobDone, dataset.id]);
  const running = job !== undefined && (job.status === 'queued' || job.status === 'running');
  const columns = dataset.columns.map((c) => c.name);
  const stale = s.preview !== null && s.previewOf !== JSON.stringify(s.draft);
  const latest = s.info?.latest ?? null;
  const last = s.info?.applied.at(-1);
  return (
    <div className="cleanse" data-testid="cleanse-tab">
      <div className="cleanse-head">
        <div>
          <h2>Cleansing recipe</h2>
          <p className="muted" data-testid="recipe-stored">
            Source <code>{s.info?.sourceKey ?? '…'}</code>
            {latest ? ` · stored recipe v${latest.version}, re-applied to every later import of this source` : ' · no recipe stored yet'}
            {last ? ` · last applied v${last.version} (${last.trigger === 'import' ? 'on import' : 'by hand'}): ${plural(last.rowsChanged, 'row')} changed${last.rowsDropped ? `, ${n(last.rowsDropped)} dropped` : ''}` : ''}
          </p>
        </div>
        <div className="cleanse-actions">
          <button type="button" disabled={s.previewing || s.draft.steps.length === 0 || running} data-testid="recipe-preview" onClick={() => void previewCleanse()}>
            {s.previewing ? 'Previewing…' : 'Preview'}
          </button>
          <button type="button" className="primary" disabled={readOnly || running || s.draft.steps.length === 0} data-testid="recipe-apply" onClick={() => void applyCleanse()}>
            Apply to dataset
          </button>
        </div>
      </div>
      {s.preview && (
        <p className={`recipe-summary${stale ? ' stale' : ''}`} data-testid="recipe-summary">
          {stale ? 'Edited since the preview — preview again. ' : ''}
          Preview {s.preview.sampled ? `on a sample: the first ${n(s.preview.rowsScanned)} of ${plural(s.preview.rowsTotal, 'row')}` : `on all ${plural(s.preview.rowsTotal, 'row')}`}:{' '}
          <strong>{plural(s.preview.rowsChanged, 'row would change', 'rows would change')}</strong>
          {s.preview.rowsDropped ? `, ${n(s.preview.rowsDropped)} dropped` : ''}.
        </p>
      )}
      {job && (
        <div className="cleanse-job">
          <JobProgress job={job} />
          {jobDone && <p className="muted">Applied and stored. To undo, import the source file again with an empty recipe.</p>}
        </div>
      )}
      {s.error && (
        <div className="train-problem" role="alert" data-testid="recipe-error">
          {s.error}
        </div>
      )}
      <StepList recipe={s.draft} columns={columns} onChange={editDraft} outcomes={s.preview?.steps ?? null} stale={stale} disabled={readOnly || running} />
    </div>
  );
}

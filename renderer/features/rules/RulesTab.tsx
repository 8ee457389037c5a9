import { useEffect, useMemo, useState } from 'react';
import { parseRuleSet, type DatasetSummary, type RuleSet } from '../../../preload/contract';
import { client } from '../../lib/client';
import { isFinished, JobProgress } from '../jobs';
import { useReadOnly } from '../project';
import { pushToast, reportError } from '../toasts';
import { saveRules, validateDataset } from './actions';
import { RulesEditor, type RulesPreview } from './RulesEditor';
import { useValidateJob } from './useValidateJob';

const previewRows = 50;

/** The dataset tab "Rules": edit (with suggestions), save as a new version, re-apply to the rows. */
export function RulesTab({ dataset }: { readonly dataset: DatasetSummary }) {
  const readOnly = useReadOnly();
  const [draft, setDraft] = useState<RuleSet | null>(null);
  const [saved, setSaved] = useState<{ version: number | null; json: string }>({ version: null, json: '' });
  const [rows, setRows] = useState<readonly (readonly string[])[]>([]);
  const job = useValidateJob(dataset.id);
  const running = job !== undefined && !isFinished(job);

  useEffect(() => {
    let alive = true;
    void (async () => {
      try {
        const [stored, page] = await Promise.all([
          client().invoke('rules:get', { datasetId: dataset.id }),
          client().invoke('dataset:rows', { datasetId: dataset.id, offset: 0, limit: previewRows }),
        ]);
        if (!alive) return;
        setDraft(stored.rules);
        setSaved({ version: stored.version, json: JSON.stringify(stored.rules) });
        setRows(page.rows.map((r) => r.map((c) => (c === null ? '' : String(c)))));
      } catch (err) {
        reportError(err);
      }
    })();
    return () => {
      alive = false;
    };
  }, [dataset.id]);

  const preview: RulesPreview = useMemo(() => ({ columns: dataset.columns.map((c) => c.name), rows }), [dataset.columns, rows]);
  const valid = useMemo(() => {
    if (!draft) return false;
    try {
      parseRuleSet(draft, preview.columns);
      return true;
    } catch {
      return false;
    }
  }, [draft, preview.columns]);

  if (!draft) return <div className="empty-state">Loading rules…</div>;
  const dirty = JSON.stringify(draft) !== saved.json;

  const save = async (): Promise<void> => {
    const version = await saveRules(dataset.id, draft);
    if (version !== null) {
      setSaved({ version, json: JSON.stringify(draft) });
      pushToast('success', `Rules saved as version ${version}.`);
    }
  };

  return (
    <div className="rules-tab" data-testid="rules-tab">
      <div className="rules-toolbar">
        <span data-testid="rules-version" className="muted">
          {saved.version === null ? 'No rules saved for this dataset yet.' : `Saved version ${saved.version}${dirty ? ' · unsaved changes' : ''}`}
        </span>
        <button type="button" className="primary" data-testid="rules-save" disabled={readOnly || !dirty || !valid} onClick={() => void save()}>
          Save rules
        </button>
        <button
          type="button"
          data-testid="rules-validate"
          disabled={readOnly || dirty || saved.version === null || running}
          title={dirty ? 'Save the rules first.' : 'Check every row; rows that fail move to quarantine.'}
          onClick={() => void validateDataset(dataset.id)}
        >
          Validate dataset
        </button>
      </div>
      {job && <JobProgress job={job} />}
      <RulesEditor
        preview={preview}
        value={draft}
        onChange={setDraft}
        disabled={readOnly}
        suggest={async () => {
          try {
            return await client().invoke('rules:suggest', { datasetId: dataset.id });
          } catch (err) {
            reportError(err);
            return draft;
          }
        }}
      />
    </div>
  );
}

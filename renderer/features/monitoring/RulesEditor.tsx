import { useState } from 'react';
import type { MonitorOverview, MonitorRule } from '../../../preload/contract/monitoring';
import { addRule, removeRule } from './actions';

const ops = ['>', '>=', '<', '<='] as const;

/** What a rule can watch: drift of the whole data or of one column, estimated or realized performance, operations. */
function suggestions(o: MonitorOverview): string[] {
  return [
    'drift_share',
    'dataset_drift',
    ...o.columns.map((c) => `drift:${c.name}`),
    ...(o.prediction ? ['drift:prediction'] : []),
    ...(o.task === 'regression' ? ['rmse', 'mae', 'r2'] : ['accuracy', 'f1', 'precision', 'recall', ...(o.task === 'binary' ? ['roc_auc', 'estimated_accuracy'] : [])]),
    'p99_ms',
    'error_rate',
    'rejected_rate',
    'missing_rate',
  ];
}

const ruleText = (r: MonitorRule): string => `${r.metric} ${r.op} ${r.threshold} over ${r.window}, ≥ ${r.minRows} rows, cooldown ${r.cooldownMs / 60_000} min`;

/** The model's alert rules: the list with Remove, and a one-line form to add one. Read-only projects show the list only. */
export function RulesEditor({ overview, readOnly }: { readonly overview: MonitorOverview; readonly readOnly: string | null }) {
  const [metric, setMetric] = useState('drift_share');
  const [op, setOp] = useState<(typeof ops)[number]>('>');
  const [threshold, setThreshold] = useState('0.3');
  const [window, setWindowText] = useState('1d');
  const [minRows, setMinRows] = useState('100');
  const [cooldown, setCooldown] = useState('60');
  const [webhook, setWebhook] = useState('');
  const [saving, setSaving] = useState(false);
  const disabled = readOnly !== null || saving;

  const submit = async (): Promise<void> => {
    setSaving(true);
    const ok = await addRule({ condition: `${metric} ${op} ${threshold}`, window, minRows: Number(minRows), cooldownMs: Number(cooldown) * 60_000, webhook: webhook.trim() || null });
    setSaving(false);
    if (ok) setWebhook('');
  };

  return (
    <div className="monitor-rules" data-testid="monitor-rules">
      {overview.rules.length === 0 ? (
        <p className="muted" data-testid="no-rules">
          No alert rules yet.
        </p>
      ) : (
        <ul className="monitor-rule-list">
          {overview.rules.map((r) => (
            <li key={r.id} data-testid="monitor-rule" data-rule={r.id}>
              <span>
                #{r.id} <code>{ruleText(r)}</code>
                {r.webhook ? <span className="muted"> → {r.webhook}</span> : null}
              </span>
              <button type="button" className="link" data-testid="rule-remove" disabled={disabled} title={readOnly ?? undefined} onClick={() => void removeRule(r.id)}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        className="monitor-rule-form"
        data-testid="rule-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <fieldset disabled={disabled} title={readOnly ?? undefined}>
          <input list="monitor-metrics" aria-label="Metric" data-testid="rule-metric" value={metric} onChange={(e) => setMetric(e.target.value)} />
          <datalist id="monitor-metrics">
            {suggestions(overview).map((m) => (
              <option key={m} value={m} />
            ))}
          </datalist>
          <select aria-label="Comparison" value={op} onChange={(e) => setOp(e.target.value as (typeof ops)[number])}>
            {ops.map((o) => (
              <option key={o}>{o}</option>
            ))}
          </select>
          <input aria-label="Threshold" data-testid="rule-threshold" className="narrow" value={threshold} onChange={(e) => setThreshold(e.target.value)} />
          <label>
            over <input aria-label="Window" className="narrow" value={window} onChange={(e) => setWindowText(e.target.value)} />
          </label>
          <label>
            min rows <input aria-label="Minimum rows" data-testid="rule-min-rows" className="narrow" type="number" min={1} value={minRows} onChange={(e) => setMinRows(e.target.value)} />
          </label>
          <label>
            cooldown <input aria-label="Cooldown in minutes" className="narrow" type="number" min={0} value={cooldown} onChange={(e) => setCooldown(e.target.value)} /> min
          </label>
          <input aria-label="Webhook URL (optional)" placeholder="webhook URL (optional)" value={webhook} onChange={(e) => setWebhook(e.target.value)} />
          <button type="submit" className="primary" data-testid="rule-add">
            Add rule
          </button>
        </fieldset>
      </form>
      {readOnly && <p className="muted">{readOnly}</p>}
    </div>
  );
}

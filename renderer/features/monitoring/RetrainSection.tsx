import { useState } from 'react';
import { metricLabel } from '../../../preload/contract/metrics';
import type { RetrainEvaluation, RetrainRecord } from '../../../preload/contract/retrain';
import { cancelRetrain, promoteRetrain, rollbackModel, saveRetrainSettings, startRetrain } from './retrain-actions';
import { useMonitoringStore } from './slice';

const fmt = (v: number | undefined): string => (v === undefined ? '—' : v.toFixed(4));
/** The metrics shown side by side: the task's main ones (the stated metric first). */
const shown = ['roc_auc', 'f1_macro', 'f1', 'accuracy', 'precision', 'recall', 'log_loss', 'rmse', 'mae', 'r2'];

function EvaluationTable({ title, e, metric }: { readonly title: string; readonly e: RetrainEvaluation | null; readonly metric: string }) {
  if (!e) {
    return (
      <div className="retrain-eval">
        <h3>{title}</h3>
        <p className="muted">{title === 'Test split' ? 'The run kept no test split (test size 0).' : 'No logged prediction has a feedback label yet: send labels with POST /feedback or assay feedback.'}</p>
      </div>
    );
  }
  const names = [metric, ...shown.filter((m) => m !== metric && (e.champion[m] !== undefined || e.challenger[m] !== undefined))];
  return (
    <div className="retrain-eval">
      <h3>
        {title} <span className="muted">· {e.label}, {e.rows.toLocaleString('en-US')} rows</span>
      </h3>
      <table className="monitor-table" data-testid="retrain-eval" data-kind={title}>
        <thead>
          <tr>
            <th>Metric</th>
            <th>Champion</th>
            <th>Challenger</th>
          </tr>
        </thead>
        <tbody>
          {names.map((m) => (
            <tr key={m} data-metric={m} className={m === metric ? 'stated' : undefined}>
              <td>{metricLabel(m)}</td>
              <td className="num">{fmt(e.champion[m])}</td>
              <td className="num">{fmt(e.challenger[m])}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {e.note ? <p className="muted">{e.note}</p> : null}
    </div>
  );
}

function Latest({ r, readOnly }: { readonly r: RetrainRecord; readonly readOnly: string | null }) {
  const progress = useMonitoringStore((s) => s.retrainProgress);
  const head = `Retrain #${r.id} of v${r.champion} on ${r.source}${r.trigger === 'alert' ? ' (started by an alert)' : ''}`;
  if (r.status === 'training') {
    const p = progress?.runId === r.runId && progress.total > 0 ? `${progress.done} of ${progress.total} fits done` : 'starting';
    return (
      <div data-testid="retrain-latest" data-status={r.status}>
        <p>
          {head}: training run {r.runId} · <span data-testid="retrain-progress">{p}</span>{' '}
          <button type="button" data-testid="retrain-cancel" disabled={readOnly !== null} onClick={() => void cancelRetrain(r.id)}>
            Cancel
          </button>
        </p>
      </div>
    );
  }
  if (r.status !== 'compared' || !r.comparison) {
    return (
      <p data-testid="retrain-latest" data-status={r.status}>
        {head}: {r.status}. {r.error}
      </p>
    );
  }
  const c = r.comparison;
  return (
    <div data-testid="retrain-latest" data-status={r.status}>
      <p>
        {head} → challenger v{r.challenger} (run {r.runId}).
      </p>
      <div className="retrain-compare">
        <EvaluationTable title="Test split" e={c.testSplit} metric={c.metric} />
        <EvaluationTable title="Latest labelled window" e={c.labelled} metric={c.metric} />
      </div>
      <p data-testid="retrain-verdict" data-winner={String(c.winner)} className={c.winner === 'challenger' ? 'retrain-win' : undefined}>
        {c.reason}
      </p>
      <div className="retrain-actions">
        {r.promoted ? (
          <>
            <span data-testid="retrain-promoted">v{r.challenger} was promoted to production by this retrain.</span>
            <button type="button" data-testid="retrain-rollback" disabled={readOnly !== null} title={readOnly ?? 'Put the version that was in production before back'} onClick={() => void rollbackModel(r.model)}>
              Roll back
            </button>
          </>
        ) : (
          <button
            type="button"
            data-testid="retrain-promote"
            disabled={readOnly !== null}
            title={readOnly ?? (c.winner === 'challenger' ? 'Put the challenger in production' : 'The challenger did not win on the stated metric; promote it anyway')}
            onClick={() => void promoteRetrain(r.id)}
          >
            Promote v{r.challenger}
          </button>
        )}
      </div>
    </div>
  );
}

/** Retrain → compare → promote for the shown model, and its opt-ins (an alert retrains; a winner is promoted). */
export function RetrainSection({ readOnly }: { readonly readOnly: string | null }) {
  const { retrain, datasets, window } = useMonitoringStore();
  const [data, setData] = useState('');
  if (!retrain) return null;
  const s = retrain.settings;
  const latest = retrain.history[0];
  const busy = latest?.status === 'training';
  const dataOptions = (
    <>
      <option value="">training dataset as it is now</option>
      <option value="feedback">logged predictions with feedback labels</option>
      {datasets.map((d) => (
        <option key={d} value={d}>
          dataset “{d}”
        </option>
      ))}
    </>
  );
  return (
    <section className="monitor-card" data-testid="monitor-retrain">
      <h2>Retrain</h2>
      <div className="retrain-start">
        <label>
          Train the same spec on{' '}
          <select data-testid="retrain-data" value={data} disabled={readOnly !== null} onChange={(e) => setData(e.target.value)}>
            {dataOptions}
          </select>
        </label>
        <button type="button" data-testid="retrain-start" disabled={readOnly !== null || busy} title={readOnly ?? 'A training run with this version’s spec; the challenger is compared with it on the same rows'} onClick={() => void startRetrain(data, window)}>
          Retrain
        </button>
      </div>
      {latest ? <Latest r={latest} readOnly={readOnly} /> : <p className="muted">No retrain yet.</p>}
      <h3>When an alert fires</h3>
      <div className="retrain-settings">
        <label>
          <input type="checkbox" data-testid="retrain-on-alert" checked={s.onAlert} disabled={readOnly !== null} onChange={(e) => void saveRetrainSettings({ onAlert: e.target.checked })} /> retrain on{' '}
          <select data-testid="retrain-alert-data" value={s.data ?? ''} disabled={readOnly !== null} onChange={(e) => void saveRetrainSettings({ data: e.target.value || null })}>
            {dataOptions}
          </select>
        </label>
        <label>
          <input type="checkbox" data-testid="retrain-auto-promote" checked={s.autoPromote} disabled={readOnly !== null} onChange={(e) => void saveRetrainSettings({ autoPromote: e.target.checked })} /> promote a challenger
          that wins on {metricLabel(s.metric ?? latest?.comparison?.metric ?? 'the task’s main metric')}
        </label>
      </div>
      {retrain.history.length > 1 ? (
        <ul className="monitor-history" data-testid="retrain-history">
          {retrain.history.slice(1, 6).map((h) => (
            <li key={h.id} data-testid="retrain-past">
              #{h.id} {h.startedAt.replace('T', ' ').slice(0, 16)} v{h.champion} → {h.challenger === null ? '—' : `v${h.challenger}`}: {h.status}
              {h.comparison?.winner ? `, ${h.comparison.winner} won` : ''}
              {h.promoted ? ', promoted' : ''}
              {h.trigger === 'alert' ? ' (alert)' : ''}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

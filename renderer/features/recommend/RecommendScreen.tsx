import { useEffect } from 'react';
import { recsModelKinds, recsMetricsJson, type RecsModelKind, type RecsRunSummary } from '../../../preload/contract/recs';
import { Field } from '../../components/Field';
import { PlotlyChart } from '../../components/PlotlyChart';
import { useDatasets } from '../datasets';
import { useReadOnly } from '../project';
import { RegisterModel } from '../train';
import { reportError } from '../toasts';
import { loadRecsRuns, trainRecommender, tryRecommender } from './actions';
import { holdoutOf, parseParams, type HoldoutChoice } from './form-model';
import { coverageAtK, longTail, metricsAtK } from './plot';
import { ServeRun } from './ServeRun';
import { editDraft, selectRun, setTryUser, useRecommendStore } from './slice';
import './recommend.css';

const columnLabels = { userColumn: 'User', itemColumn: 'Item', weightColumn: 'Weight (optional)', timeColumn: 'Time (optional)' } as const;

const paramHints: Readonly<Record<RecsModelKind, string>> = {
  popular: 'halfLife (days, time decay)',
  itemknn: 'neighbours, shrinkage',
  als: 'factors, iterations, regularization, alpha, cgSteps',
  bpr: 'factors, iterations, learningRate, regularization',
  content: 'none',
  hybrid: 'as ALS, and contentShrink',
};

const modelLabels: Readonly<Record<RecsModelKind, string>> = {
  popular: 'Most popular',
  itemknn: 'Item-kNN',
  als: 'Implicit ALS',
  bpr: 'BPR',
  content: 'Content-based',
  hybrid: 'Hybrid (ALS + content)',
};

/** A project dataset picker (the interactions and the item metadata each take one). */
function DatasetSelect({ id, testId, value, onPick }: { readonly id: string; readonly testId: string; readonly value: number | null; readonly onPick: (id: number | null) => void }) {
  const datasets = useDatasets();
  return (
    <select id={id} data-testid={testId} value={value ?? ''} onChange={(e) => onPick(e.target.value ? Number(e.target.value) : null)}>
      <option value="">Pick a dataset…</option>
      {datasets.map((d) => (
        <option key={d.id} value={d.id}>
          {d.name}
        </option>
      ))}
    </select>
  );
}

function TrainForm() {
  const datasets = useDatasets();
  const draft = useRecommendStore((s) => s.draft);
  const training = useRecommendStore((s) => s.training);
  const readOnly = useReadOnly();
  const dataset = datasets.find((d) => d.id === draft.datasetId) ?? null;
  const columns = dataset?.columns.map((c) => c.name) ?? [];
  const needsItems = draft.model === 'content' || draft.model === 'hybrid';
  const itemsDataset = datasets.find((d) => d.id === draft.itemsDatasetId) ?? null;
  const params = parseParams(draft.params);
  const holdout = holdoutOf(draft.holdout, draft.holdoutAmount, draft.timeColumn !== '');
  const ready =
    dataset !== null && draft.userColumn !== '' && draft.itemColumn !== '' && draft.userColumn !== draft.itemColumn && params.ok && holdout.ok && (!needsItems || (itemsDataset !== null && draft.itemKey !== ''));
  return (
    <form
      className="recs-form field-grid"
      data-testid="recs-form"
      onSubmit={(e) => {
        e.preventDefault();
        void trainRecommender();
      }}
    >
      <Field label="Interactions" wide>
        {(id) => (
          <DatasetSelect id={id} testId="recs-dataset" value={draft.datasetId} onPick={(datasetId) => editDraft({ datasetId, userColumn: '', itemColumn: '', weightColumn: '', timeColumn: '' })} />
        )}
      </Field>
      {(['userColumn', 'itemColumn', 'weightColumn', 'timeColumn'] as const).map((key) => (
        <Field key={key} label={columnLabels[key]}>
          {(id) => (
            <select id={id} data-testid={`recs-${key}`} value={draft[key]} disabled={!dataset} onChange={(e) => editDraft({ [key]: e.target.value })}>
              <option value="">{key === 'weightColumn' ? 'none: each counts 1' : key === 'timeColumn' ? 'none' : 'Pick a column…'}</option>
              {columns.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          )}
        </Field>
      ))}
      <Field label="Model">
        {(id) => (
          <select id={id} data-testid="recs-model" value={draft.model} onChange={(e) => editDraft({ model: e.target.value as RecsModelKind })}>
            {recsModelKinds.map((k) => (
              <option key={k} value={k}>
                {modelLabels[k]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Feedback" hint={draft.feedback === 'explicit' ? 'ratings' : 'counts, views'}>
        {(id) => (
          <select id={id} data-testid="recs-feedback" value={draft.feedback} onChange={(e) => editDraft({ feedback: e.target.value === 'explicit' ? 'explicit' : 'implicit' })}>
            <option value="implicit">implicit</option>
            <option value="explicit">explicit</option>
          </select>
        )}
      </Field>
      {needsItems && (
        <>
          <Field label="Item metadata">
            {(id) => (
              <DatasetSelect id={id} testId="recs-items-dataset" value={draft.itemsDatasetId} onPick={(itemsDatasetId) => editDraft({ itemsDatasetId, itemKey: '' })} />
            )}
          </Field>
          <Field label="Its item key">
            {(id) => (
              <select id={id} data-testid="recs-item-key" value={draft.itemKey} disabled={!itemsDataset} onChange={(e) => editDraft({ itemKey: e.target.value })}>
                <option value="">Pick a column…</option>
                {itemsDataset?.columns.map((c) => (
                  <option key={c.name} value={c.name}>
                    {c.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </>
      )}
      <Field label="Holdout">
        {(id) => (
          <select id={id} data-testid="recs-holdout" value={draft.holdout} onChange={(e) => editDraft({ holdout: e.target.value as HoldoutChoice, holdoutAmount: e.target.value === 'random' ? 0.2 : 1 })}>
            <option value="default">{draft.timeColumn ? 'default: last 1 by time' : 'default: random 20 %'}</option>
            <option value="last">last N by time</option>
            <option value="random">random fraction</option>
            <option value="none">none (no metrics)</option>
          </select>
        )}
      </Field>
      <Field label={draft.holdout === 'random' ? 'Fraction' : 'N'} hint={holdout.ok ? undefined : holdout.error}>
        {(id) => (
          <input
            id={id}
            data-testid="recs-holdout-amount"
            type="number"
            min={draft.holdout === 'random' ? 0.01 : 1}
            max={draft.holdout === 'random' ? 0.99 : 1000}
            step={draft.holdout === 'random' ? 0.05 : 1}
            disabled={draft.holdout !== 'last' && draft.holdout !== 'random'}
            value={draft.holdoutAmount}
            onChange={(e) => editDraft({ holdoutAmount: Number(e.target.value) })}
          />
        )}
      </Field>
      <Field label="K" hint="metrics at K">
        {(id) => <input id={id} data-testid="recs-k" type="number" min={1} max={100} value={draft.k} onChange={(e) => editDraft({ k: Math.max(1, Math.min(100, Number(e.target.value) || 10)) })} />}
      </Field>
      <Field label="Parameters" wide hint={params.ok ? `${modelLabels[draft.model]} takes: ${paramHints[draft.model]}` : params.error}>
        {(id) => <input id={id} data-testid="recs-params" type="text" placeholder="NAME=VALUE, …" value={draft.params} onChange={(e) => editDraft({ params: e.target.value })} />}
      </Field>
      <div className="recs-actions wide">
        <button type="submit" className="primary" data-testid="recs-train" disabled={!ready || readOnly} title={readOnly ? 'Read-only project: training stores a run.' : ready ? 'Train, evaluate on a holdout, then refit on everything' : !holdout.ok ? holdout.error : needsItems && draft.itemKey === '' ? 'Content and hybrid models need an item-metadata dataset and its item-key column.' : 'Pick a dataset and its user and item columns (two different ones).'}>
          Train recommender
        </button>
        {training.length > 0 && (
          <span className="muted" data-testid="recs-training">
            Training run {training.map((r) => `#${r}`).join(', ')}…
          </span>
        )}
      </div>
    </form>
  );
}

function RunsTable({ runs, selected }: { readonly runs: readonly RecsRunSummary[]; readonly selected: number | null }) {
  return (
    <table className="recs-runs" data-testid="recs-runs">
      <thead>
        <tr>
          <th>Run</th>
          <th>Model</th>
          <th>Users × items</th>
          <th>NDCG@K</th>
          <th>Recall@K</th>
          <th>Coverage</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((r) => {
          const m = recsMetricsJson(r);
          const k = r.evaluation?.k;
          const cell = (name: string): string => (m[name] === undefined ? '—' : m[name].toFixed(3));
          return (
            <tr key={r.runId} className={r.runId === selected ? 'selected' : ''} data-testid={`recs-run-${r.runId}`} onClick={() => selectRun(r.runId)}>
              <td>#{r.runId}</td>
              <td>{modelLabels[r.spec.model]}</td>
              <td>
                {r.data.users.toLocaleString()} × {r.data.items.toLocaleString()}
              </td>
              <td>{k ? cell(`ndcg@${k}`) : '—'}</td>
              <td>{k ? cell(`recall@${k}`) : '—'}</td>
              <td>{cell('coverage')}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** The selected run's data (users, items, density, the long tail) and its lists' coverage and popularity @K. */
function RunDetails({ run }: { readonly run: RecsRunSummary }) {
  const d = run.data;
  const tail = longTail(run);
  const cov = coverageAtK(run);
  return (
    <section className="recs-details" data-testid="recs-details">
      <div className="recs-summary" data-testid="recs-summary">
        <span>
          <strong>{d.users.toLocaleString()}</strong> users
        </span>
        <span>
          <strong>{d.items.toLocaleString()}</strong> items
        </span>
        <span>
          <strong>{d.interactions.toLocaleString()}</strong> interactions
        </span>
        <span>
          density <strong>{(100 * d.density).toPrecision(2)} %</strong>
        </span>
        <span>
          top 20 % of items: <strong>{(100 * d.top20Share).toFixed(0)} %</strong> of interactions
        </span>
        {run.evaluation ? (
          <span className="muted">
            held out: {run.spec.holdout.kind === 'last' ? `last ${run.spec.holdout.n} by time` : run.spec.holdout.kind === 'random' ? `random ${Math.round(100 * run.spec.holdout.fraction)} %` : 'none'}, {run.evaluation.evaluatedUsers.toLocaleString()} users scored
          </span>
        ) : (
          <span className="muted">not evaluated (no holdout)</span>
        )}
      </div>
      {run.warnings.length > 0 && (
        <ul className="recs-warnings" data-testid="recs-warnings">
          {run.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      <div className="recs-plots">
        <div>
          <h3>Item popularity (long tail)</h3>
          <PlotlyChart data={tail.data} layout={tail.layout} testId="recs-longtail-plot" />
        </div>
        {run.evaluation && (
          <div>
            <h3>Coverage and popularity @K</h3>
            <PlotlyChart data={cov.data} layout={cov.layout} testId="recs-coverage-plot" />
          </div>
        )}
      </div>
    </section>
  );
}

function TryIt({ run }: { readonly run: RecsRunSummary }) {
  const user = useRecommendStore((s) => s.tryUser);
  const tried = useRecommendStore((s) => s.tried);
  return (
    <section className="recs-try" data-testid="recs-try">
      <form
        className="recs-try-form"
        onSubmit={(e) => {
          e.preventDefault();
          void tryRecommender();
        }}
      >
        <label>
          <span className="field-label">Recommend for user</span>
          <input data-testid="recs-user" list="recs-users" value={user} placeholder={`a ${run.spec.userColumn}`} onChange={(e) => setTryUser(e.target.value)} />
        </label>
        <datalist id="recs-users">{tried?.exampleUsers.map((u) => <option key={u} value={u} />)}</datalist>
        <button type="submit" data-testid="recs-ask" disabled={!user.trim()}>
          Recommend
        </button>
      </form>
      {tried && (
        <div className="recs-try-answer">
          <div className="recs-history" data-testid="recs-history">
            <h3>History ({tried.history.length})</h3>
            <ol>
              {tried.history.map((h) => (
                <li key={h.item}>
                  {h.item} <span className="muted">×{h.weight}</span>
                </li>
              ))}
            </ol>
            {tried.history.length === 0 && <p className="muted">No history.</p>}
          </div>
          <div className="recs-list" data-testid="recs-list">
            <h3>Recommended{tried.coldStart ? ' (cold start)' : ''}</h3>
            {tried.note && <p className="muted" data-testid="recs-note">{tried.note}</p>}
            <ol>
              {tried.items.map((x) => (
                <li key={x.item}>
                  <strong>{x.item}</strong> <span className="muted">{x.score.toFixed(3)}</span>
                  <span className="recs-because">{x.reason === 'popular' ? 'popular' : x.because.length ? `because of ${x.because.join(', ')}` : ''}</span>
                </li>
              ))}
            </ol>
          </div>
        </div>
      )}
    </section>
  );
}

/** The name a run's model is registered under by default: its dataset's, as a model name allows. */
const modelName = (run: RecsRunSummary): string => `${run.datasetName}-recs`.replace(/[^A-Za-z0-9._-]/g, '-');

/** The Recommend area: train recommenders from interactions, compare them @K, try one on a user, register and serve it. */
export function RecommendScreen() {
  const runs = useRecommendStore((s) => s.runs);
  const selected = useRecommendStore((s) => s.selectedRunId);
  useEffect(() => {
    void loadRecsRuns().catch(reportError);
  }, []);
  const run = runs.find((r) => r.runId === selected) ?? null;
  const chart = metricsAtK(runs);
  return (
    <div className="recs-screen" data-testid="recommend-screen">
      <aside className="recs-side">
        <h2>Train a recommender</h2>
        <TrainForm />
      </aside>
      <main className="recs-main">
        {runs.length === 0 ? (
          <div className="empty-state" data-testid="recs-empty">
            <h2>No recommender yet</h2>
            <p className="muted">Pick a dataset of interactions (who did what) and its user and item columns.</p>
          </div>
        ) : (
          <>
            <RunsTable runs={runs} selected={selected} />
            {chart.data.length > 0 && <PlotlyChart data={chart.data} layout={chart.layout} testId="recs-metrics-plot" />}
            {run && (
              <>
                <div className="recs-run-head" data-testid="recs-run-head">
                  <h2>
                    Run #{run.runId}: {modelLabels[run.spec.model]} on {run.datasetName}
                  </h2>
                  <RegisterModel key={run.runId} runId={run.runId} defaultName={modelName(run)} />
                  <ServeRun key={`serve-${run.runId}`} runId={run.runId} defaultName={modelName(run)} />
                </div>
                <RunDetails run={run} />
                <TryIt run={run} />
              </>
            )}
          </>
        )}
      </main>
    </div>
  );
}

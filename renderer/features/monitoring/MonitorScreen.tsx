import { useEffect, useMemo, useState } from 'react';
import { driftSeverity, formatStatistic as num, severityColor, verdictText as verdict, type MonitorColumn, type MonitorOverview } from '../../../preload/contract/monitoring';
import { HeatMap, type HeatCell } from '../../components/HeatMap';
import { LineChart } from '../../components/LineChart';
import { JobProgress, useJobsStore } from '../jobs';
import { useReadOnly } from '../project';
import { reportError } from '../toasts';
import { checkNow, downloadReport, loadMonitorModels, selectVersion, setSchedule, setWindow } from './actions';
import { DistributionSection, mostDrifted } from './DistributionSection';
import { OperationsSection } from './OperationsSection';
import { performanceSeries } from './performance-plot';
import { QualitySection } from './QualitySection';
import { RetrainSection } from './RetrainSection';
import { loadRetrain } from './retrain-actions';
import { RulesEditor } from './RulesEditor';
import { readOnlyReason, useMonitoringStore } from './slice';
import './monitoring.css';

const windows = ['1h', '1d', '1w', '1000'] as const;
const schedules = [
  { ms: 60_000, label: 'every minute' },
  { ms: 300_000, label: 'every 5 minutes' },
  { ms: 3_600_000, label: 'every hour' },
  { ms: 0, label: 'off' },
] as const;

function cellsOf(c: MonitorColumn, o: MonitorOverview): HeatCell[] {
  return c.byWindow.map((cell, j) => ({
    color: severityColor(driftSeverity(c, cell)),
    title: `${c.name} · ${o.windows[j]?.label ?? ''}: ${c.method} ${num(cell.statistic)}${cell.pValue !== undefined ? `, p ${num(cell.pValue)}` : ''} → ${verdict(cell.drift)}`,
    data: { drift: String(cell.drift) },
  }));
}

function DriftSection({ o, selected, onSelect }: { readonly o: MonitorOverview; readonly selected: string | null; readonly onSelect: (name: string) => void }) {
  const rows = [...o.columns, ...(o.prediction ? [o.prediction] : [])];
  return (
    <section className="monitor-card" data-testid="monitor-drift">
      <h2>Drift per column over {o.window} windows</h2>
      {o.windows.length === 0 ? (
        <p className="muted">Nothing logged for this version yet: serve it (Serve tab) and its predictions are checked here.</p>
      ) : (
        <>
          <HeatMap testId="drift-heatmap" label="Drift per column and window" rows={rows.map((c) => c.name)} columns={o.windows.map((w) => w.label.replace(/T00:00:00\.000Z$/, ''))} cells={rows.map((c) => cellsOf(c, o))} />
          <p className="muted monitor-legend">
            <span className="swatch" style={{ background: severityColor(0) }} /> far from the threshold <span className="swatch" style={{ background: severityColor(0.9) }} /> near it{' '}
            <span className="swatch" style={{ background: severityColor(2) }} /> drift <span className="swatch" style={{ background: severityColor(null) }} /> no verdict
          </p>
        </>
      )}
      <table className="monitor-table" data-testid="drift-table">
        <thead>
          <tr>
            <th>Column</th>
            <th>Test</th>
            <th>Statistic</th>
            <th>Threshold</th>
            <th>Verdict</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => (
            <tr
              key={c.name}
              data-testid="drift-row"
              data-column={c.name}
              data-drift={String(c.drift)}
              className={c.name === selected ? 'selected' : undefined}
              title="Show its reference vs current distribution"
              // The prediction's overlay is always shown next to the column's, so only input columns are picked.
              onClick={() => {
                if (c !== o.prediction) onSelect(c.name);
              }}
            >
              <td>{c.name}</td>
              <td>{c.method}</td>
              <td className="num">
                {num(c.statistic)}
                {c.pValue !== undefined ? <span className="muted"> (p {num(c.pValue)})</span> : null}
              </td>
              <td className="num">
                {c.compares === 'p-value' ? 'p <' : '≥'} {c.threshold}
              </td>
              <td className={c.drift ? 'drift' : undefined} title={c.reason}>
                {c.reason && c.drift === null ? 'no verdict' : verdict(c.drift)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function AlertsSection({ o, readOnly }: { readonly o: MonitorOverview; readonly readOnly: string | null }) {
  return (
    <section className="monitor-card" data-testid="monitor-alerts">
      <h2>Alerts</h2>
      <label className="monitor-schedule">
        Evaluate while served{' '}
        <select data-testid="monitor-schedule" value={o.checkEveryMs} disabled={readOnly !== null} title={readOnly ?? undefined} onChange={(e) => void setSchedule(Number(e.target.value))}>
          {schedules.some((s) => s.ms === o.checkEveryMs) ? null : <option value={o.checkEveryMs}>every {o.checkEveryMs / 1000} s</option>}
          {schedules.map((s) => (
            <option key={s.ms} value={s.ms}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      <RulesEditor overview={o} readOnly={readOnly} />
      <h3>Fired</h3>
      {o.history.length === 0 ? (
        <p className="muted">No alert has fired.</p>
      ) : (
        <ul className="monitor-history" data-testid="alert-history">
          {o.history.map((h, i) => (
            <li key={`${h.ruleId}-${h.firedAt}-${i}`} data-testid="alert-fired">
              <span className="num">{h.firedAt.replace('T', ' ').slice(0, 19)}</span> rule #{h.ruleId}: <code>{h.metric}</code> = {num(h.value)} (threshold {h.threshold}, {h.rows} rows)
              {h.delivered === null ? '' : h.delivered ? ' · webhook delivered' : ' · webhook failed'}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Check now's job while it runs (progress, Cancel); the Jobs panel shows it too. */
function CheckProgress({ model }: { readonly model: string }) {
  const job = useJobsStore((s) => s.order.map((id) => s.byId[id]!).find((j) => j.kind === 'monitor-check' && j.title === `Check ${model} now` && (j.status === 'queued' || j.status === 'running')));
  return job ? <JobProgress job={job} /> : null;
}

/** The Monitoring area: registered tabular versions on the left; the chosen version's drift, performance and alerts on the right. */
export function MonitorScreen() {
  const { models, loaded, selected, window, overview, loading, checking } = useMonitoringStore();
  const readOnly = useReadOnly() ? readOnlyReason : null;
  useEffect(() => {
    loadMonitorModels().catch(reportError);
  }, []);
  const shownModel = overview?.model;
  useEffect(() => {
    if (shownModel) void loadRetrain();
  }, [shownModel]);
  const perf = useMemo(() => (overview ? performanceSeries(overview) : null), [overview]);
  // The overlay's column: the user's pick while the overview has it, else the most drifted one.
  const [picked, setPicked] = useState<string | null>(null);
  const column = overview && picked !== null && overview.columns.some((c) => c.name === picked) ? picked : overview ? mostDrifted(overview) : null;
  return (
    <div className="workspace" data-testid="monitor-screen">
      <aside className="sidebar" data-testid="monitor-sidebar">
        <div className="sidebar-head">
          <h2>Models</h2>
        </div>
        {loaded && models.length === 0 ? (
          <p className="sidebar-empty" data-testid="monitor-no-models">
            No registered tabular model yet. Train a run and register it; then serve it, and its predictions are monitored here.
          </p>
        ) : (
          <ul className="dataset-list">
            {models.flatMap((m) =>
              m.versions.map((v) => {
                const ref = `${m.name}@${v}`;
                return (
                  <li key={ref}>
                    <button type="button" className={`dataset-item${ref === selected ? ' selected' : ''}`} data-testid="monitor-version" data-ref={ref} onClick={() => selectVersion(ref)}>
                      <span className="dataset-name">
                        {m.name} v{v}
                      </span>
                    </button>
                  </li>
                );
              }),
            )}
          </ul>
        )}
      </aside>
      <main className="main monitor-main">
        {overview ? (
          <>
            <div className="monitor-head">
              <h1>
                {overview.model} v{overview.version}
              </h1>
              <span className={`monitor-status ${overview.status.replace(' ', '-')}`} data-testid="monitor-status">
                {overview.status}
              </span>
              <div className="monitor-actions">
                <label>
                  Windows{' '}
                  <select data-testid="monitor-window" value={window} onChange={(e) => setWindow(e.target.value)}>
                    {windows.map((w) => (
                      <option key={w} value={w}>
                        {/^\d+$/.test(w) ? `${w} predictions` : w}
                      </option>
                    ))}
                  </select>
                </label>
                <button type="button" data-testid="monitor-check" disabled={checking || readOnly !== null} title={readOnly ?? 'Evaluate the alert rules now, drift included'} onClick={() => void checkNow()}>
                  {checking ? 'Checking…' : 'Check now'}
                </button>
                <button type="button" data-testid="monitor-report" onClick={() => void downloadReport()}>
                  Report
                </button>
              </div>
            </div>
            <CheckProgress model={overview.model} />
            <p className="muted" data-testid="monitor-summary">
              {overview.summary} · {overview.rows.toLocaleString('en-US')} rows from the {overview.source} vs a {overview.referenceRows.toLocaleString('en-US')}-row reference
              {loading ? ' · updating…' : ''}
            </p>
            <div className="monitor-body">
              <DriftSection o={overview} selected={column} onSelect={setPicked} />
              <DistributionSection o={overview} column={column} onColumn={setPicked} />
              <section className="monitor-card" data-testid="monitor-performance">
                <h2>Performance over time</h2>
                {perf ? <LineChart labels={perf.labels} series={perf.series} testId="performance-plot" label="Performance per window" /> : <p className="muted">No labels yet: send them with POST /feedback or assay feedback to see realized performance.</p>}
              </section>
              <QualitySection o={overview} />
              <OperationsSection o={overview} />
              <AlertsSection o={overview} readOnly={readOnly} />
              <RetrainSection readOnly={readOnly} />
            </div>
          </>
        ) : (
          <p className="muted">{loading ? 'Checking the log against the reference…' : 'Pick a model version.'}</p>
        )}
      </main>
    </div>
  );
}

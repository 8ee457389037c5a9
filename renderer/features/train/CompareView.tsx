import { useMemo } from 'react';
import { modelLabels, type TrainRunSummary } from '../../../preload/contract/train';
import { openRun } from './actions';
import { compareCharts } from './plot-model';
import { ChartCard } from './RunPlots';
import { RunStatus } from './RunStatus';
import { formatDuration, formatMeanStd, formatNumber, metricLabel, naturalDir, sortRuns, tableMetrics, validationShort, validationText, type SortKey } from './runs-table';
import { clearCompare, sortBy, toggleCompare, useCompareIds, useRunSort, useRunsById } from './slice';
import { useRunLabel } from './run-number';

const fixedColumns: readonly { readonly key: SortKey; readonly label: string; readonly num?: boolean }[] = [
  { key: 'runId', label: 'Run', num: true },
  { key: 'model', label: 'Model' },
  { key: 'dataset', label: 'Data → target' },
  { key: 'task', label: 'Task' },
  { key: 'validation', label: 'Validation' },
  { key: 'status', label: 'Status' },
];

function SortHeader({ k, label, num }: { readonly k: SortKey; readonly label: string; readonly num?: boolean }) {
  const sort = useRunSort();
  const active = sort.key === k;
  return (
    <th className={num ? 'num' : undefined} title="Sort by this column" aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className={`sort-button${active ? ' active' : ''}`} data-testid={`sort-${k}`} onClick={() => sortBy(k, naturalDir(k))}>
        {label}
        {active && (
          <span className="sort-arrow" aria-hidden="true">
            {sort.dir === 'asc' ? '▲' : '▼'}
          </span>
        )}
      </button>
    </th>
  );
}

function RunRow({ run, metrics, ticked }: { readonly run: TrainRunSummary; readonly metrics: readonly string[]; readonly ticked: boolean }) {
  const label = useRunLabel();
  return (
    <tr data-testid="compare-row" data-run-id={run.runId} data-status={run.status} className={ticked ? 'ticked' : undefined}>
      <td>
        <input type="checkbox" aria-label={`Compare run ${label(run.runId)}`} data-testid="compare-check" checked={ticked} onChange={() => toggleCompare(run.runId)} />
      </td>
      <td className="num">
        <button type="button" className="link-button" data-testid="open-run" title="Open this run" onClick={() => openRun(run.runId)}>
          {label(run.runId)}
        </button>
      </td>
      <td>{modelLabels[run.spec.model]}</td>
      <td className="ellipsis" title={`${run.datasetName} → ${run.spec.target}`}>
        {run.datasetName} → {run.spec.target}
      </td>
      <td>{run.task ?? '—'}</td>
      <td title={validationText(run.validation, run.spec.validation)}>{validationShort(run.validation, run.spec.validation)}</td>
      <td>
        <RunStatus status={run.status} />
      </td>
      {metrics.map((m) => {
        const v = run.metrics[m];
        return (
          <td key={m} className="num" title={v ? formatMeanStd(v) : undefined}>
            {v ? (
              <>
                {formatNumber(v.mean)}
                <span className="cell-std"> ±{formatNumber(v.std)}</span>
              </>
            ) : (
              '—'
            )}
          </td>
        );
      })}
      <td className="num">{formatDuration(run.seconds)}</td>
    </tr>
  );
}

/** Every run in a sortable table (click #id to open one); ticked runs are charted side by side below it. */
export function CompareView() {
  const byId = useRunsById();
  const sort = useRunSort();
  const compareIds = useCompareIds();
  const all = useMemo(() => Object.values(byId), [byId]);
  const sorted = useMemo(() => sortRuns(all, sort), [all, sort]);
  const metrics = useMemo(() => tableMetrics(all, 3), [all]);
  const picked = useMemo(() => compareIds.map((id) => byId[id]).filter((r): r is TrainRunSummary => r !== undefined), [compareIds, byId]);
  const charts = useMemo(() => compareCharts(picked), [picked]);

  if (all.length === 0)
    return (
      <div className="empty-state big">
        <h2>No runs to compare yet</h2>
        <p className="muted">Start a few runs (another model, another validation) and compare them here.</p>
      </div>
    );
  return (
    <div className="compare-view" data-testid="compare-view">
      <div className="table-scroll">
        <table className="rec-table runs-table" data-testid="runs-table">
          <thead>
            <tr>
              <th aria-label="Compare" />
              {fixedColumns.map((c) => (
                <SortHeader key={c.key} k={c.key} label={c.label} num={c.num} />
              ))}
              {metrics.map((m) => (
                <SortHeader key={m} k={`metric:${m}`} label={metricLabel(m)} num />
              ))}
              <SortHeader k="seconds" label="Time" num />
            </tr>
          </thead>
          <tbody>
            {sorted.map((r) => (
              <RunRow key={r.runId} run={r} metrics={metrics} ticked={compareIds.includes(r.runId)} />
            ))}
          </tbody>
        </table>
      </div>
      <div className="compare-bar">
        <span className="muted">
          {picked.length === 0 ? 'Tick runs to compare their metrics side by side.' : `${picked.length} run${picked.length === 1 ? '' : 's'} ticked.`}
        </span>
        {picked.length > 0 && (
          <button type="button" className="small" onClick={clearCompare}>
            Clear
          </button>
        )}
      </div>
      {picked.length > 0 && charts.length === 0 && <p className="muted">These runs share no metric (a classifier and a regressor?): tick runs of the same task.</p>}
      <div className="train-plots">
        {charts.map((c) => (
          <ChartCard key={c.id} chart={c} />
        ))}
      </div>
    </div>
  );
}

import { useEffect, useMemo, useState } from 'react';
import type { Layout, PlotData } from 'plotly.js-dist-min';
import type { DatasetSummary, QuarantinePage, QuarantineRow, RuleCount } from '../../../preload/contract';
import { client } from '../../lib/client';
import { isFinished, JobProgress } from '../jobs';
import { PlotlyChart } from '../../components/PlotlyChart';
import { useReadOnly } from '../project';
import { reportError } from '../toasts';
import { revalidateQuarantine } from './actions';
import { quarantineChanged, useQuarantineVersion } from './slice';
import { useValidateJob } from './useValidateJob';
import './rules.css';

const pageSize = 50;

/** Failures per rule; clicking a bar shows only that rule's rows. */
function FailureChart({ counts, onPick }: { readonly counts: readonly RuleCount[]; readonly onPick: (rule: string) => void }) {
  // Largest at the top: Plotly draws horizontal bars bottom-up.
  const data = useMemo(
    () =>
      [
        {
          type: 'bar',
          orientation: 'h',
          x: [...counts].reverse().map((c) => c.count),
          y: [...counts].reverse().map((c) => c.rule),
          marker: { color: '#c5362f' },
          hovertemplate: '%{y}: %{x} rows (click to show them)<extra></extra>',
        },
      ] as unknown as PlotData[],
    [counts],
  );
  const layout = useMemo(
    () =>
      ({
        height: Math.max(120, 40 + counts.length * 26),
        margin: { l: 200, r: 20, t: 10, b: 30 },
        xaxis: { title: { text: 'quarantined rows' }, rangemode: 'tozero' },
        yaxis: { automargin: true },
        paper_bgcolor: 'rgba(0,0,0,0)',
        plot_bgcolor: 'rgba(0,0,0,0)',
      }) as Partial<Layout> as Layout,
    [counts.length],
  );
  return <PlotlyChart data={data} layout={layout} testId="quarantine-chart" onClick={(p) => typeof p.y === 'string' && onPick(p.y)} />;
}

function FixRow({ row, columns, datasetId, onDone }: { readonly row: QuarantineRow; readonly columns: readonly string[]; readonly datasetId: number; onDone(): void }) {
  const [fields, setFields] = useState<string[]>(() => columns.map((_, i) => row.fields?.[i] ?? ''));
  const badColumns = new Set(row.issues.map((i) => i.column));
  const save = async (): Promise<void> => {
    try {
      await client().invoke('quarantine:fix', { datasetId, id: row.id, fields });
      onDone();
    } catch (err) {
      reportError(err);
    }
  };
  return (
    <tr data-testid="quarantine-fix">
      <td colSpan={4}>
        <div className="quarantine-fix">
          {columns.map((c, i) => (
            <label key={c}>
              {c}
              <input
                aria-label={`value of ${c}`}
                className={badColumns.has(c) ? 'bad' : undefined}
                value={fields[i]}
                onChange={(e) => setFields(fields.map((f, k) => (k === i ? e.target.value : f)))}
              />
            </label>
          ))}
        </div>
        <div className="rules-toolbar">
          <button type="button" className="primary small" data-testid="quarantine-fix-save" onClick={() => void save()}>
            Save values
          </button>
          <button type="button" className="small" onClick={onDone}>
            Cancel
          </button>
          <span className="muted">Saved values are checked by Re-validate; rows that pass can then be promoted.</span>
        </div>
      </td>
    </tr>
  );
}

/** The dataset tab "Quarantine": failures per rule, a filterable paged list, inline fixes, re-validate and promote. */
export function QuarantineView({ dataset }: { readonly dataset: DatasetSummary }) {
  const readOnly = useReadOnly();
  const [rule, setRule] = useState<string | null>(null);
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<QuarantinePage | null>(null);
  const [editing, setEditing] = useState<number | null>(null);
  const version = useQuarantineVersion(dataset.id);
  const job = useValidateJob(dataset.id);
  const running = job !== undefined && !isFinished(job);

  useEffect(() => {
    let alive = true;
    client()
      .invoke('quarantine:list', { datasetId: dataset.id, offset, limit: pageSize, rule })
      .then((p) => alive && setPage(p), reportError);
    return () => {
      alive = false;
    };
  }, [dataset.id, offset, rule, version, dataset.quarantinedCount]);

  if (!page) return <div className="empty-state">Loading quarantine…</div>;
  if (page.total === 0 && rule === null) {
    return (
      <div className="empty-state" data-testid="quarantine-empty">
        <h2>Nothing in quarantine</h2>
        <p>Rows that fail a rule or cannot be read land here with the reason.</p>
      </div>
    );
  }
  const pick = (next: string | null): void => {
    setRule(next);
    setOffset(0);
  };

  return (
    <div className="quarantine-view" data-testid="quarantine-view">
      <FailureChart counts={page.ruleCounts} onPick={pick} />
      <div className="quarantine-toolbar">
        <label>
          Failed rule{' '}
          <select aria-label="filter by rule" data-testid="quarantine-filter" value={rule ?? ''} onChange={(e) => pick(e.target.value || null)}>
            <option value="">all rules</option>
            {page.ruleCounts.map((c) => (
              <option key={c.rule} value={c.rule}>
                {c.rule} ({c.count})
              </option>
            ))}
          </select>
        </label>
        <button type="button" data-testid="quarantine-revalidate" disabled={readOnly || running} onClick={() => void revalidateQuarantine(dataset.id, false)}>
          Re-validate
        </button>
        <button
          type="button"
          className="primary"
          data-testid="quarantine-promote"
          disabled={readOnly || running || page.accepted === 0}
          title="Re-checks every quarantined row and moves the ones that pass into the dataset."
          onClick={() => void revalidateQuarantine(dataset.id, true)}
        >
          Promote {page.accepted} accepted
        </button>
        <span className="muted" data-testid="quarantine-total">
          {page.total.toLocaleString('en-US')} row{page.total === 1 ? '' : 's'}
          {rule ? ` failing ${rule}` : ' in quarantine'}
        </span>
      </div>
      {job && <JobProgress job={job} />}
      <table className="quarantine-table">
        <thead>
          <tr>
            <th>Record</th>
            <th>Failed rules</th>
            <th>Reason / raw text</th>
            <th aria-label="actions" />
          </tr>
        </thead>
        <tbody>
          {page.rows.map((r) => (
            <QuarantineEntry
              key={r.id}
              row={r}
              columns={page.columns}
              datasetId={dataset.id}
              editing={editing === r.id}
              readOnly={readOnly}
              onEdit={() => setEditing(editing === r.id ? null : r.id)}
              onPick={pick}
              onFixed={() => {
                setEditing(null);
                quarantineChanged(dataset.id);
              }}
            />
          ))}
        </tbody>
      </table>
      <div className="quarantine-pager">
        <button type="button" className="small" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - pageSize))}>
          ◀ Previous
        </button>
        <span className="muted" data-testid="quarantine-range">
          {page.total === 0 ? 0 : offset + 1}–{Math.min(offset + pageSize, page.total)} of {page.total.toLocaleString('en-US')}
        </span>
        <button type="button" className="small" disabled={offset + pageSize >= page.total} onClick={() => setOffset(offset + pageSize)}>
          Next ▶
        </button>
      </div>
    </div>
  );
}

function QuarantineEntry(props: {
  readonly row: QuarantineRow;
  readonly columns: readonly string[];
  readonly datasetId: number;
  readonly editing: boolean;
  readonly readOnly: boolean;
  onEdit(): void;
  onPick(rule: string): void;
  onFixed(): void;
}) {
  const { row, columns, datasetId, editing, readOnly } = props;
  const rules = [...new Set(row.issues.map((i) => i.rule))];
  return (
    <>
      <tr data-testid="quarantine-row" data-line={row.line} data-status={row.status}>
        <td>{row.line.toLocaleString('en-US')}</td>
        <td>
          {row.status === 'accepted' ? (
            <span className="rule-chip ok">passes · ready to promote</span>
          ) : (
            rules.map((r) => (
              <button type="button" key={r} className="rule-chip" title={`Show only rows failing ${r}`} onClick={() => props.onPick(r)}>
                {r}
              </button>
            ))
          )}
        </td>
        <td>
          <div data-testid="quarantine-reason">{row.reason}</div>
          <div className="raw muted" title={row.raw}>
            {row.raw}
          </div>
        </td>
        <td>
          {row.fields !== null && (
            <button type="button" className="small" data-testid="quarantine-edit" disabled={readOnly} onClick={props.onEdit}>
              {editing ? 'Close' : 'Fix'}
            </button>
          )}
        </td>
      </tr>
      {editing && <FixRow row={row} columns={columns} datasetId={datasetId} onDone={props.onFixed} />}
    </>
  );
}

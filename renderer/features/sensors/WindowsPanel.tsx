import { useEffect, useState } from 'react';
import { windowAggregateName, type StreamSummary, type WindowAggregation, type WindowRow } from '../../../preload/contract';
import { useDatasets } from '../datasets';
import { useReadOnly } from '../project';
import { applyPipeline, readOnlyHint } from './actions';
import { onStreamFrames } from './live-subscribers';
import { defaultWindowForm, describeWindow, mergeLatest, windowFromForm, windowOps, type WindowForm } from './window-draft';

const time = (ms: number): string => new Date(ms).toISOString().slice(11, 19);
const cell = (v: number | string | null): string => (v === null ? '—' : typeof v === 'number' ? String(Math.round(v * 1000) / 1000) : v);

/** The latest window rows as frames bring them; a late update replaces its row. */
function useLatestWindows(streamId: number): WindowRow[] {
  const [rows, setRows] = useState<WindowRow[]>([]);
  useEffect(() => {
    setRows([]);
    return onStreamFrames(streamId, (frame) => {
      const incoming = frame?.windows;
      if (incoming && incoming.length > 0) setRows((r) => mergeLatest(r, incoming));
    });
  }, [streamId]);
  return rows;
}

function AddWindow({ stream, windows }: { readonly stream: StreamSummary; readonly windows: readonly WindowAggregation[] }) {
  const readOnly = useReadOnly();
  const streamFields = stream.fields.map((f) => f.name);
  const datasets = useDatasets().filter((d) => d.status === 'ready');
  const [form, setForm] = useState<WindowForm>(() => defaultWindowForm(streamFields, windows.length));
  const joined = datasets.find((d) => String(d.id) === form.enrichDataset);
  const joinedColumns = joined ? joined.columns.map((c) => c.name) : [];
  // An enrichment's columns (all but its key) are fields too: key and aggregate by them.
  const fields = [...streamFields, ...joinedColumns.filter((c) => c !== form.enrichKey && !streamFields.includes(c))];
  const [busy, setBusy] = useState(false);
  const set = (p: Partial<WindowForm>): void => setForm((f) => ({ ...f, ...p }));
  const made = windowFromForm(form, windows.map((w) => w.name));
  const pick = (label: string, value: string, onChange: (v: string) => void, none?: string, choices: readonly string[] = fields) => (
    <label className="mini">
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid={`window-${label.replace(/\W+/g, '-')}`}>
        {none !== undefined && <option value="">{none}</option>}
        {choices.map((f) => (
          <option key={f} value={f}>
            {f}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <fieldset className="pipe-fields window-form" disabled={readOnly || busy} data-testid="window-form">
      <label className="mini">
        <span>name</span>
        <input value={form.name} onChange={(e) => set({ name: e.target.value })} data-testid="window-name" className="window-name" />
      </label>
      <label className="mini">
        <span>window</span>
        <select value={form.kind} onChange={(e) => set({ kind: e.target.value as WindowForm['kind'] })} data-testid="window-kind">
          <option value="tumbling">tumbling</option>
          <option value="sliding">sliding</option>
          <option value="session">session</option>
        </select>
      </label>
      <label className="mini">
        <span>{form.kind === 'session' ? 'gap (s)' : 'size (s)'}</span>
        <input className="num-input" inputMode="decimal" value={form.size} onChange={(e) => set({ size: e.target.value })} data-testid="window-size" />
      </label>
      {form.kind === 'sliding' && (
        <label className="mini">
          <span>slide (s)</span>
          <input className="num-input" inputMode="decimal" value={form.slide} onChange={(e) => set({ slide: e.target.value })} data-testid="window-slide" />
        </label>
      )}
      {pick('key', form.groupBy, (v) => set({ groupBy: v }), 'none')}
      {pick('event time', form.timeField, (v) => set({ timeField: v }), 'arrival')}
      <label className="mini">
        <span>out of order (s)</span>
        <input className="num-input" inputMode="decimal" value={form.outOfOrder} onChange={(e) => set({ outOfOrder: e.target.value })} data-testid="window-ooo" />
      </label>
      <label className="mini" title="Adds a stored dataset's columns to each event, by key">
        <span>join dataset</span>
        <select value={form.enrichDataset} onChange={(e) => set({ enrichDataset: e.target.value, enrichOn: form.enrichOn || (streamFields[0] ?? ''), enrichKey: '' })} data-testid="window-enrich-dataset">
          <option value="">none</option>
          {datasets.map((d) => (
            <option key={d.id} value={String(d.id)}>
              {d.name}
            </option>
          ))}
        </select>
      </label>
      {joined && pick('on field', form.enrichOn, (v) => set({ enrichOn: v }), undefined, streamFields)}
      {joined && pick('matches column', form.enrichKey, (v) => set({ enrichKey: v }), 'pick', joinedColumns)}
      {pick('of field', form.field, (v) => set({ field: v }))}
      <fieldset className="mini stats-pick">
        <legend>aggregates</legend>
        {windowOps.map((op) => (
          <label key={op} className="inline-check">
            <input
              type="checkbox"
              data-testid={`window-op-${op}`}
              checked={form.ops.includes(op)}
              onChange={(e) => set({ ops: e.target.checked ? windowOps.filter((x) => x === op || form.ops.includes(x)) : form.ops.filter((x) => x !== op) })}
            />
            {op}
          </label>
        ))}
      </fieldset>
      <button
        type="button"
        className="primary small"
        data-testid="window-add"
        disabled={'problem' in made}
        title={readOnly ? readOnlyHint : 'problem' in made ? made.problem : 'Add this window to the stream'}
        onClick={() => {
          if (!('spec' in made)) return;
          setBusy(true);
          void applyPipeline(stream.id, { ...stream.pipeline, windows: [...windows, made.spec] }).then((ok) => {
            setBusy(false);
            if (ok) setForm(defaultWindowForm(streamFields, windows.length + 1));
          });
        }}
      >
        Add window
      </button>
      {'problem' in made && (
        <span className="hint warn-text" data-testid="window-problem">
          {made.problem}
        </span>
      )}
    </fieldset>
  );
}

/** Windowed aggregations of a stream: the ones declared (with a form to add one) and their latest results, live. */
export function WindowsPanel({ stream }: { readonly stream: StreamSummary }) {
  const readOnly = useReadOnly();
  const windows = stream.pipeline.windows ?? [];
  const rows = useLatestWindows(stream.id);
  const byName = new Map(windows.map((w) => [w.name, w]));
  const datasetNames = new Map(useDatasets().map((d) => [d.id, `“${d.name}”`]));
  const remove = (name: string): void => void applyPipeline(stream.id, { ...stream.pipeline, windows: windows.filter((w) => w.name !== name) });
  return (
    <div className="pipeline-editor" data-testid="windows-panel">
      <section className="card pipe-section">
        <header>
          <div>
            <h2>Windows</h2>
            <p className="muted">Aggregates by event time, per key; each window's results are stored as the dataset “{stream.name} · name”.</p>
          </div>
        </header>
        {windows.length > 0 && (
          <ol className="pipe-rows" data-testid="window-list">
            {windows.map((w) => (
              <li key={w.name} className="pipe-row window-item">
                <span>
                  <strong>{w.name}</strong> <span className="muted">{describeWindow(w, (id) => datasetNames.get(id))}</span>
                </span>
                <button type="button" className="dismiss" aria-label={`Remove ${w.name}`} title="Remove" disabled={readOnly} onClick={() => remove(w.name)}>
                  ×
                </button>
              </li>
            ))}
          </ol>
        )}
        <AddWindow key={windows.length} stream={stream} windows={windows} />
      </section>
      {rows.length === 0 ? (
        <p className="muted" data-testid="window-rows-empty">
          {windows.length === 0 ? 'No windows yet.' : 'Results appear here as the watermark closes each window.'}
        </p>
      ) : (
        <div className="window-table-scroll">
          <table className="rec-table" data-testid="window-rows">
            <thead>
              <tr>
                <th>window</th>
                <th>from</th>
                <th>to</th>
                <th>key</th>
                <th className="num">events</th>
                <th>aggregates</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const names = byName.get(r.window)?.aggregates.map(windowAggregateName) ?? [];
                return (
                  <tr key={`${r.window}|${r.start}|${JSON.stringify(r.key)}`} data-testid="window-row">
                    <td>
                      {r.window}
                      {r.revision > 0 ? <span className="muted"> (updated)</span> : null}
                    </td>
                    <td>{time(r.start)}</td>
                    <td>{time(r.end)}</td>
                    <td>{r.key.length ? r.key.map(cell).join(', ') : '—'}</td>
                    <td className="num">{r.events}</td>
                    <td className="window-values">{r.values.map((v, i) => `${names[i] ?? i} ${cell(v)}`).join(' · ')}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

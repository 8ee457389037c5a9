import { useEffect, useState } from 'react';
import type { RecordingExportPlan } from '../../../preload/contract';
import { useReadOnly } from '../project';
import { exportRecordings, loadRecordings, planRecordingExport, replayRecording } from './actions';
import { ExportColumns } from './ExportColumns';
import { choicesOf, columnsProblem, initialDrafts, type ColumnDraft } from './export-columns';
import { useRecordings, useStreamStatus } from './slice';
import { formatCount, recordingDuration } from './status-format';

/** Why Replay is off in a read-only project, and where the readings can be seen instead. */
export const replayReadOnlyHint = 'Read-only project: replay would write a new stream. The Live tab shows the stored readings; Save As makes an editable copy.';
const exportReadOnlyHint = 'Read-only project: an export would change it. The Live tab shows the stored readings; Save As makes an editable copy.';

export function RecordingsPanel({ streamId }: { readonly streamId: number }) {
  const recordings = useRecordings();
  const readOnly = useReadOnly();
  const status = useStreamStatus(streamId);
  const [picked, setPicked] = useState<ReadonlySet<number>>(new Set());
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [speed, setSpeed] = useState('1');
  const running = status?.recordingId ?? null;

  // Reading counts of a running recording grow: refresh with each status (about once a second).
  useEffect(() => {
    void loadRecordings(streamId).catch(() => undefined);
  }, [streamId, running, status?.readings]);

  const finished = recordings.filter((r) => r.stoppedAt !== null);
  const chosen = finished.filter((r) => picked.has(r.id)).map((r) => r.id);
  const chosenKey = chosen.join(',');
  const [plan, setPlan] = useState<RecordingExportPlan | null>(null);
  const [drafts, setDrafts] = useState<ColumnDraft[]>([]);
  // The columns on offer depend on the recordings ticked (their streams' pipelines, what they hold).
  useEffect(() => {
    setPlan(null);
    if (chosenKey === '') return;
    let current = true;
    void planRecordingExport(chosenKey.split(',').map(Number)).then((p) => {
      if (!current || !p) return;
      setPlan(p);
      setDrafts(initialDrafts(p));
    });
    return () => {
      current = false;
    };
  }, [chosenKey]);
  const problem = columnsProblem(drafts);
  /** Why Export is disabled, said next to it (and as its title), or null when it is not. */
  const blocked = readOnly
    ? exportReadOnlyHint
    : chosen.length === 0
      ? 'Tick one or more finished recordings above to export them.'
      : !name.trim()
        ? 'Name the dataset to export to.'
        : plan === null
          ? 'Reading the recordings’ columns…'
          : problem;
  const toggle = (id: number): void =>
    setPicked((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const now = Date.now();

  return (
    <div className="recordings" data-testid="recordings-panel">
      {recordings.length === 0 ? (
        <div className="empty-state" data-testid="no-recordings">
          <h2>No recordings yet</h2>
          <p>Type a label such as “idle” or “fault” above and press Record while the stream is live.</p>
        </div>
      ) : (
        <table className="rec-table" data-testid="recording-list">
          <thead>
            <tr>
              <th aria-label="Select" />
              <th>label</th>
              <th>started</th>
              <th>duration</th>
              <th className="num">readings</th>
              <th>
                replay at{' '}
                <select aria-label="Replay speed" data-testid="replay-speed" value={speed} onChange={(e) => setSpeed(e.target.value)}>
                  <option value="1">original rate</option>
                  <option value="2">2×</option>
                  <option value="10">10×</option>
                  <option value="100">100×</option>
                </select>
              </th>
            </tr>
          </thead>
          <tbody>
            {recordings.map((r) => (
              <tr key={r.id} data-testid="recording-row" data-running={r.stoppedAt === null}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Select recording ${r.label}`}
                    data-testid="recording-select"
                    disabled={r.stoppedAt === null}
                    title={r.stoppedAt === null ? 'Stop the recording to export it.' : undefined}
                    checked={picked.has(r.id)}
                    onChange={() => toggle(r.id)}
                  />
                </td>
                <td>
                  <span className="chip">{r.label}</span>
                  {r.stoppedAt === null && <span className="rec-live"> ● recording</span>}
                </td>
                <td>{new Date(r.startedAt).toLocaleString()}</td>
                <td>{recordingDuration(r, now)}</td>
                <td className="num">{formatCount(r.readings)}</td>
                <td>
                  <button
                    type="button"
                    data-testid="replay-button"
                    disabled={readOnly || r.stoppedAt === null || r.readings === 0}
                    title={readOnly ? replayReadOnlyHint : 'Play this recording back as a virtual sensor (a new stream).'}
                    onClick={() => void replayRecording(r.id, Number(speed))}
                  >
                    ▶ Replay
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {finished.length > 0 && (
        <form
          className="export-row"
          onSubmit={(e) => {
            e.preventDefault();
            if (blocked !== null || busy) return;
            setBusy(true);
            void exportRecordings(chosen, name.trim(), choicesOf(drafts)).then((ok) => {
              setBusy(false);
              if (ok) {
                setPicked(new Set());
                setName('');
              }
            });
          }}
        >
          <input aria-label="Dataset name" data-testid="export-name" placeholder="dataset name, e.g. idle-session" value={name} disabled={readOnly} onChange={(e) => setName(e.target.value)} />
          <button
            type="submit"
            className="primary"
            data-testid="export-button"
            disabled={busy || blocked !== null}
            title={blocked ?? undefined}
          >
            Export {chosen.length > 0 ? `${chosen.length} ` : ''}to dataset
          </button>
          <span className={`hint${blocked !== null && !readOnly && chosen.length > 0 ? ' warn-text' : ''}`} data-testid="export-hint">
            {blocked ?? 'Writes the columns below; the stream’s pipeline is applied.'}
          </span>
        </form>
      )}
      {plan && chosen.length > 0 && <ExportColumns plan={plan} drafts={drafts} onChange={setDrafts} disabled={readOnly || busy} />}
    </div>
  );
}

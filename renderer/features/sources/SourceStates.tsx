import { useState } from 'react';
import type { SourceState } from '../../../preload/contract/sources';
import { refreshSource, scheduleSource } from './actions';
import { useSourcesStore } from './slice';
import { useSourcesReadOnly } from './read-only';

function ScheduleControl({ state }: { readonly state: SourceState }) {
  const readOnly = useSourcesReadOnly();
  const [minutes, setMinutes] = useState(state.scheduleMinutes === null ? '' : String(state.scheduleMinutes));
  return (
    <span className="source-schedule">
      every
      <input data-testid="schedule-minutes" value={minutes} placeholder="—" onChange={(e) => setMinutes(e.target.value)} />
      min
      <button data-testid="schedule-set" disabled={readOnly !== null} title={readOnly ?? ''} onClick={() => void scheduleSource(state.datasetId, minutes.trim() ? Number(minutes) : null)}>
        Set
      </button>
    </span>
  );
}

/** Datasets fed by a database or an API: watermark, resumable position, refresh now, schedule. */
export function SourceStates() {
  const states = useSourcesStore((s) => s.states);
  const readOnly = useSourcesReadOnly();
  return (
    <section className="source-card source-wide" data-testid="source-states">
      <h2>Refresh</h2>
      {states.length === 0 && <p className="muted">Datasets imported from a database or an API appear here.</p>}
      <table className="source-states">
        <tbody>
          {states.map((st) => (
            <tr key={st.datasetId} data-testid="source-state" data-status={st.status}>
              <td>{st.datasetName}</td>
              <td className="muted">
                {st.status === 'resumable'
                  ? `interrupted after ${st.position?.rows ?? 0} records: resume continues from page ${(st.position?.pages ?? 0) + 1}`
                  : st.watermark !== null
                    ? `watermark ${String(st.watermark)}`
                    : st.kind === 'http'
                      ? 'complete API pull'
                      : 'no watermark: import again to update'}
              </td>
              <td>
                <button
                  data-testid="source-refresh"
                  onClick={() => void refreshSource(st.datasetId)}
                  disabled={readOnly !== null || (st.status !== 'resumable' && (st.kind === 'http' || !('incremental' in st.spec && st.spec.incremental)))}
                  title={readOnly ?? ''}
                >
                  {st.status === 'resumable' ? 'Resume' : 'Refresh now'}
                </button>
              </td>
              <td>{st.kind === 'db' && <ScheduleControl state={st} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

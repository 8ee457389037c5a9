import type { StreamStatus } from '../../../preload/contract';
import { counters } from './status-format';

/** The stream's health at a glance; a failure says why, and lost data is never quiet. */
export function StatusPanel({ status }: { readonly status: StreamStatus | null }) {
  if (!status) {
    return (
      <div className="status-panel idle" data-testid="status-panel">
        <span className="muted">Not running. Start it to see its rate, jitter and counters.</span>
      </div>
    );
  }
  return (
    <div className="status-panel" data-testid="status-panel" data-state={status.state}>
      <dl className="status-counters">
        {counters(status).map((c) => (
          <div key={c.key} className={`counter tone-${c.tone}`} title={c.hint} data-testid={`status-${c.key}`} data-value={String(status[c.key])}>
            <dt>{c.label}</dt>
            <dd>{c.value}</dd>
          </div>
        ))}
      </dl>
      {status.lastError && (
        <p className={`status-error${status.state === 'failed' ? ' failed' : ''}`} data-testid="status-error" role="status">
          {status.state === 'reconnecting' ? 'Reconnecting: ' : status.state === 'failed' ? 'Failed: ' : 'Last error: '}
          {status.lastError}
        </p>
      )}
    </div>
  );
}

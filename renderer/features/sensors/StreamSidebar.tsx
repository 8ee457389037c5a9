import { formatCount } from './status-format';
import { selectStream, useSelectedStreamId, useSensorsStore, useStreams } from './slice';
import { StateBadge } from './StateBadge';

export function StreamSidebar() {
  const streams = useStreams();
  const selectedId = useSelectedStreamId();
  const statusById = useSensorsStore((s) => s.statusById);
  return (
    <aside className="sidebar" data-testid="stream-sidebar">
      <div className="sidebar-head">
        <h2>Streams</h2>
        <button type="button" className="small primary" data-testid="new-stream-button" onClick={() => selectStream(null)}>
          New…
        </button>
      </div>
      {streams.length === 0 ? (
        <p className="sidebar-empty" data-testid="no-streams">
          No streams yet. Pick a serial port, an MQTT topic, a Kafka, NATS, Redis or Kinesis stream, or a CSV to replay, then Detect and Start.
        </p>
      ) : (
        <ul className="dataset-list" data-testid="stream-list">
          {streams.map((st) => {
            const status = statusById[st.id] ?? st.status;
            const state = status?.state ?? (st.jobId ? 'connecting' : 'stopped');
            return (
              <li key={st.id}>
                <button
                  type="button"
                  className={`dataset-item${st.id === selectedId ? ' selected' : ''}`}
                  data-testid="stream-item"
                  aria-current={st.id === selectedId}
                  onClick={() => selectStream(st.id)}
                >
                  <span className="stream-item-head">
                    <span className="dataset-name">{st.name}</span>
                    <StateBadge state={state} />
                  </span>
                  <span className="dataset-meta">
                    {st.source.kind} · {formatCount(Math.max(st.readingCount, status?.readings ?? 0))} readings
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </aside>
  );
}

import { useState } from 'react';
import { type StreamSummary, plural } from '../../../preload/contract';
import { useReadOnly } from '../project';
import { readOnlyHint, restartStream, stopStream } from './actions';
import { LiveView } from './LiveView';
import { PipelineEditor } from './PipelineEditor';
import { RecordControls } from './RecordControls';
import { RecordingsPanel } from './RecordingsPanel';
import { setStreamTab, useStreamStatus, useStreamTab, type StreamTab } from './slice';
import { StateBadge } from './StateBadge';
import { StatusPanel } from './StatusPanel';
import { describeSource } from './status-format';
import { TabBar } from '../../components/TabBar';
import { WindowsPanel } from './WindowsPanel';

const tabs: readonly { readonly id: StreamTab; readonly label: string }[] = [
  { id: 'live', label: 'Live' },
  { id: 'pipeline', label: 'Pipeline' },
  { id: 'windows', label: 'Windows' },
  { id: 'recordings', label: 'Recordings' },
];

export function StreamView({ stream }: { readonly stream: StreamSummary }) {
  const readOnly = useReadOnly();
  const status = useStreamStatus(stream.id) ?? stream.status;
  const tab = useStreamTab();
  const state = status?.state ?? (stream.jobId ? 'connecting' : 'stopped');
  const running = state === 'connecting' || state === 'live' || state === 'reconnecting';
  // An MQTT login is not stored, so starting again asks for it.
  const needsPassword = stream.source.kind === 'mqtt' && stream.source.username !== undefined;
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const act = async (work: () => Promise<unknown>): Promise<void> => {
    setBusy(true);
    await work();
    setBusy(false);
  };

  return (
    <div className="stream-view" data-testid="stream-view">
      <div className="dataset-head">
        <div className="stream-title">
          <h1 data-testid="stream-title">
            {stream.name} <StateBadge state={state} />
          </h1>
          <p className="muted" title={JSON.stringify(stream.source)}>
            {describeSource(stream.source)} · {plural(stream.fields.length, 'field')}
          </p>
        </div>
        <div className="stream-actions">
          <RecordControls streamId={stream.id} running={state === 'live'} recordingId={status?.recordingId ?? null} />
          {running ? (
            <button type="button" data-testid="stop-stream" disabled={busy} onClick={() => void act(() => stopStream(stream.id))}>
              Stop
            </button>
          ) : (
            <>
              {needsPassword && (
                <input type="password" aria-label="MQTT password" data-testid="restart-password" placeholder="password" value={password} onChange={(e) => setPassword(e.target.value)} />
              )}
              <button
                type="button"
                className="primary"
                data-testid="restart-stream"
                disabled={readOnly || busy}
                title={readOnly ? readOnlyHint : 'Start reading from this source again'}
                onClick={() => void act(async () => (await restartStream(stream.id, password || undefined)) && setPassword(''))}
              >
                Start again
              </button>
            </>
          )}
        </div>
      </div>
      <StatusPanel status={status} />
      <TabBar items={tabs} value={tab} onChange={setStreamTab} testIdPrefix="stream-tab-" className="stream-tabs" />
      <div className="tab-body">
        {tab === 'live' && <LiveView stream={stream} running={running} />}
        {tab === 'pipeline' && <PipelineEditor stream={stream} />}
        {tab === 'windows' && <WindowsPanel stream={stream} />}
        {tab === 'recordings' && <RecordingsPanel streamId={stream.id} />}
      </div>
    </div>
  );
}

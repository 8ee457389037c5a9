import { useState } from 'react';
import { useReadOnly } from '../project';
import { readOnlyHint, startRecording, stopRecording } from './actions';
import { useRecordings } from './slice';

/** Label + Record / Stop: a recording marks a span of the stream, e.g. "idle" or "fault", for training. */
export function RecordControls({ streamId, running, recordingId }: { readonly streamId: number; readonly running: boolean; readonly recordingId: number | null }) {
  const readOnly = useReadOnly();
  const [label, setLabel] = useState('');
  const [busy, setBusy] = useState(false);
  const recording = recordingId !== null;
  const current = useRecordings().find((r) => r.id === recordingId);
  const act = async (work: () => Promise<boolean>): Promise<void> => {
    setBusy(true);
    await work();
    setBusy(false);
  };
  return (
    <form
      className="record-controls"
      data-testid="record-controls"
      onSubmit={(e) => {
        e.preventDefault();
        if (!recording && label.trim()) void act(() => startRecording(streamId, label.trim()));
      }}
    >
      {recording ? (
        <span className="recording-on" data-testid="recording-indicator">
          <span className="rec-dot" aria-hidden="true" />
          Recording “{current?.label ?? label}”
        </span>
      ) : (
        <input aria-label="Recording label" data-testid="record-label" placeholder="label, e.g. idle" value={label} disabled={readOnly} onChange={(e) => setLabel(e.target.value)} />
      )}
      {recording ? (
        <button type="button" data-testid="record-stop" disabled={readOnly || busy} onClick={() => void act(() => stopRecording(streamId))}>
          ■ Stop recording
        </button>
      ) : (
        <button
          type="submit"
          className="record-button"
          data-testid="record-start"
          disabled={readOnly || busy || !running || label.trim() === ''}
          title={readOnly ? readOnlyHint : !running ? 'Start the stream to record it.' : label.trim() === '' ? 'Give the recording a label first.' : undefined}
        >
          ● Record
        </button>
      )}
    </form>
  );
}

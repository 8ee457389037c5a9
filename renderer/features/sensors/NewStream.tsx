import { useRef, useState } from 'react';
import type { DetectResult, StreamConfig } from '../../../preload/contract';
import { useReadOnly } from '../project';
import { detectSource, readOnlyHint, startNewStream } from './actions';
import { DetectCard } from './DetectCard';
import { buildSource, emptyDraft, suggestName, type SourceDraft, type SourceKind } from './source-form';
import { Field } from '../../components/Field';
import { MqttFields, PlatformFields, ReplayFields, SerialFields } from './SourceFields';
import { TabBar } from '../../components/TabBar';

const kinds: readonly { readonly id: SourceKind; readonly label: string }[] = [
  { id: 'serial', label: 'Serial' },
  { id: 'mqtt', label: 'MQTT' },
  { id: 'replay', label: 'Replay' },
  { id: 'kafka', label: 'Kafka' },
  { id: 'nats', label: 'NATS' },
  { id: 'redis', label: 'Redis' },
  { id: 'kinesis', label: 'Kinesis' },
];

/** Source → Detect → name → Start. The password lives only in this component's state. */
export function NewStream() {
  const readOnly = useReadOnly();
  const [draft, setDraft] = useState<SourceDraft>(emptyDraft);
  const [password, setPassword] = useState('');
  const [detected, setDetected] = useState<DetectResult | null>(null);
  const [detecting, setDetecting] = useState(false);
  const [starting, setStarting] = useState(false);
  const [name, setName] = useState('');
  /** Bumped by every edit and detect, so a late answer for an older source is ignored. */
  const detectSeq = useRef(0);

  const built = buildSource(draft, password);
  const patch = (p: Partial<SourceDraft>): void => {
    setDraft((d) => ({ ...d, ...p }));
    // A changed source makes the last detection stale.
    detectSeq.current++;
    setDetected(null);
    setDetecting(false);
  };
  const shownName = name || suggestName(draft);

  const detect = async (): Promise<void> => {
    if (!built.ok) return;
    const seq = ++detectSeq.current;
    setDetecting(true);
    const result = await detectSource(built.source);
    if (seq !== detectSeq.current) return;
    setDetected(result);
    setDetecting(false);
  };
  const start = async (): Promise<void> => {
    if (!built.ok || shownName.trim() === '') return;
    const config: StreamConfig = {
      name: shownName.trim(),
      source: built.source,
      ...(detected ? { protocol: detected.protocol, fields: detected.fields } : {}),
    };
    setStarting(true);
    const id = await startNewStream(config);
    setStarting(false);
    if (id !== null) setPassword('');
  };

  return (
    <div className="new-stream" data-testid="new-stream">
      <div className="dataset-head">
        <div>
          <h1>New stream</h1>
          <p className="muted">Choose a source, let Assay listen for a moment to detect its format, then start storing readings.</p>
        </div>
      </div>
      <section className="card stream-source-card" aria-label="Source">
        <TabBar items={kinds} value={draft.kind} onChange={(kind) => patch({ kind })} testIdPrefix="source-kind-" className="kind-tabs" label="Source kind" />
        <form
          className="form stream-source-form"
          data-testid="source-form"
          onSubmit={(e) => {
            e.preventDefault();
            void detect();
          }}
        >
          <div className="field-rows">
            {draft.kind === 'serial' && <SerialFields draft={draft} patch={patch} />}
            {draft.kind === 'mqtt' && <MqttFields draft={draft} patch={patch} password={password} setPassword={setPassword} />}
            {draft.kind === 'replay' && <ReplayFields draft={draft} patch={patch} />}
            {(draft.kind === 'kafka' || draft.kind === 'nats' || draft.kind === 'redis' || draft.kind === 'kinesis') && (
              <PlatformFields draft={draft} kind={draft.kind} patch={patch} password={password} setPassword={setPassword} />
            )}
          </div>
          <div className="form-actions field-rows-actions">
            <button type="submit" data-testid="detect-button" disabled={!built.ok || detecting}>
              {detecting ? 'Listening…' : 'Detect'}
            </button>
            {!built.ok && <span className="hint" data-testid="source-problem">{built.error}</span>}
            {built.ok && !detected && !detecting && <span className="hint">Detect listens for a few seconds and reads nothing into the project.</span>}
          </div>
        </form>
      </section>

      {detected && <DetectCard result={detected} />}

      <section className="card start-card" aria-label="Start">
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            void start();
          }}
        >
          <div className="field-rows">
            <Field label="Stream name">
              {(id) => <input id={id} data-testid="stream-name" placeholder="e.g. bench-sensor" value={shownName} onChange={(e) => setName(e.target.value)} />}
            </Field>
          </div>
          <div className="form-actions field-rows-actions">
            <button
              type="submit"
              className="primary"
              data-testid="start-stream"
              disabled={readOnly || !built.ok || shownName.trim() === '' || starting}
              title={readOnly ? readOnlyHint : undefined}
            >
              {starting ? 'Starting…' : 'Start'}
            </button>
            <span className="hint">{readOnly ? readOnlyHint : detected ? 'Starts with the detected format and fields.' : 'Without Detect, the host detects the format as readings arrive.'}</span>
          </div>
        </form>
      </section>
    </div>
  );
}

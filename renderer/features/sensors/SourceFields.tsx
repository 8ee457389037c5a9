import { Field } from '../../components/Field';
import { commonBauds, platformAddressHint, type SourceDraft } from './source-form';
import { usePorts } from './slice';

export type Patch = (p: Partial<SourceDraft>) => void;

export function SerialFields({ draft, patch }: { readonly draft: SourceDraft; readonly patch: Patch }) {
  const ports = usePorts();
  return (
    <>
      <Field label="Port" wide hint={ports.length === 0 ? 'No ports found — plug a device in (the list refreshes by itself) or type a path.' : 'Pick a port or type its path.'}>
        {(id) => (
          <div className="row">
            <select
              aria-label="Detected ports"
              className="port-select"
              data-testid="serial-port-select"
              value={ports.some((p) => p.path === draft.serialPath) ? draft.serialPath : ''}
              onChange={(e) => patch({ serialPath: e.target.value })}
            >
              <option value="">{ports.length === 0 ? 'No ports' : `${ports.length} port${ports.length === 1 ? '' : 's'}…`}</option>
              {ports.map((p) => (
                <option key={p.path} value={p.path}>
                  {p.path}
                  {p.manufacturer ? ` — ${p.manufacturer}` : ''}
                  {p.serialNumber ? ` (${p.serialNumber})` : ''}
                </option>
              ))}
            </select>
            <input id={id} data-testid="serial-path" placeholder="/dev/ttyUSB0 or COM3" value={draft.serialPath} onChange={(e) => patch({ serialPath: e.target.value })} />
          </div>
        )}
      </Field>
      <Field label="Baud rate">
        {(id) => (
          <div className="row">
            <select id={id} data-testid="serial-baud" value={draft.baud} onChange={(e) => patch({ baud: e.target.value })}>
              {commonBauds.map((b) => (
                <option key={b} value={String(b)}>
                  {b.toLocaleString('en-US')}
                </option>
              ))}
              <option value="custom">Custom…</option>
            </select>
            {draft.baud === 'custom' && (
              <input aria-label="Custom baud rate" data-testid="serial-baud-custom" inputMode="numeric" placeholder="e.g. 250000" value={draft.customBaud} onChange={(e) => patch({ customBaud: e.target.value })} />
            )}
          </div>
        )}
      </Field>
      <Field label="Declared rate (Hz, optional)">
        {(id) => (
          <input
            id={id}
            data-testid="serial-declared-rate"
            inputMode="decimal"
            placeholder="from the datasheet, e.g. 500"
            value={draft.declaredRate}
            onChange={(e) => patch({ declaredRate: e.target.value })}
          />
        )}
      </Field>
      <Field label="Framing" double>
        {(id) => (
          <div className="row">
            <select id={id} aria-label="Data bits" data-testid="serial-data-bits" value={draft.dataBits} onChange={(e) => patch({ dataBits: e.target.value as SourceDraft['dataBits'] })}>
              {(['8', '7', '6', '5'] as const).map((b) => (
                <option key={b} value={b}>
                  {b} data bits
                </option>
              ))}
            </select>
            <select aria-label="Parity" data-testid="serial-parity" value={draft.parity} onChange={(e) => patch({ parity: e.target.value as SourceDraft['parity'] })}>
              <option value="none">no parity</option>
              <option value="even">even parity</option>
              <option value="odd">odd parity</option>
            </select>
            <select aria-label="Stop bits" data-testid="serial-stop-bits" value={draft.stopBits} onChange={(e) => patch({ stopBits: e.target.value as SourceDraft['stopBits'] })}>
              <option value="1">1 stop bit</option>
              <option value="2">2 stop bits</option>
            </select>
          </div>
        )}
      </Field>
    </>
  );
}

export function MqttFields({
  draft,
  patch,
  password,
  setPassword,
}: {
  readonly draft: SourceDraft;
  readonly patch: Patch;
  readonly password: string;
  readonly setPassword: (p: string) => void;
}) {
  const secure = /^mqtts:/i.test(draft.mqttUrl.trim());
  return (
    <>
      <Field label="Broker URL" wide>
        {(id) => <input id={id} data-testid="mqtt-url" placeholder="mqtt://localhost:1883" value={draft.mqttUrl} onChange={(e) => patch({ mqttUrl: e.target.value })} />}
      </Field>
      <Field label="Topic" wide hint="+ matches one level, # the rest: lab/+/temperature, lab/#">
        {(id) => <input id={id} data-testid="mqtt-topic" placeholder="lab/+/readings" value={draft.topic} onChange={(e) => patch({ topic: e.target.value })} />}
      </Field>
      <Field label="QoS">
        {(id) => (
          <select id={id} data-testid="mqtt-qos" value={draft.qos} onChange={(e) => patch({ qos: e.target.value as SourceDraft['qos'] })}>
            <option value="0">0 — at most once</option>
            <option value="1">1 — at least once</option>
          </select>
        )}
      </Field>
      <Field label="Username">
        {(id) => <input id={id} data-testid="mqtt-username" autoComplete="off" value={draft.username} onChange={(e) => patch({ username: e.target.value })} />}
      </Field>
      <Field label="Password" hint="Kept in memory while the stream runs; never saved in the project.">
        {(id) => <input id={id} type="password" data-testid="mqtt-password" autoComplete="off" value={password} onChange={(e) => setPassword(e.target.value)} />}
      </Field>
      {secure && (
        <label className="check">
          <input type="checkbox" data-testid="mqtt-reject-unauthorized" checked={draft.rejectUnauthorized} onChange={(e) => patch({ rejectUnauthorized: e.target.checked })} />
          Verify the broker's TLS certificate (untick for a self-signed lab broker)
        </label>
      )}
    </>
  );
}

export function ReplayFields({ draft, patch }: { readonly draft: SourceDraft; readonly patch: Patch }) {
  return (
    <>
      <Field label="CSV file" wide hint="A file on the machine running Assay; its rows are replayed as readings.">
        {(id) => <input id={id} data-testid="replay-path" placeholder="/path/to/readings.csv" value={draft.replayPath} onChange={(e) => patch({ replayPath: e.target.value })} />}
      </Field>
      <Field label="Rate (Hz)" hint="0 = as fast as storage allows">
        {(id) => <input id={id} data-testid="replay-rate" inputMode="decimal" value={draft.rateHz} onChange={(e) => patch({ rateHz: e.target.value })} />}
      </Field>
      <label className="check">
        <input type="checkbox" data-testid="replay-loop" checked={draft.loop} onChange={(e) => patch({ loop: e.target.checked })} />
        Loop: start again at the end
      </label>
    </>
  );
}

const platformNames = {
  kafka: { address: 'Brokers', stream: 'Topic', group: 'Consumer group' },
  nats: { address: 'Server URL', stream: 'JetStream stream', group: 'Durable consumer' },
  redis: { address: 'Server URL', stream: 'Stream key', group: 'Consumer group' },
  kinesis: { address: 'Endpoint', stream: 'Kinesis stream', group: '' },
} as const;

/** Kafka, NATS JetStream, Redis Streams, Kinesis: where, which stream, which durable consumer, where to start. */
export function PlatformFields({
  draft,
  kind,
  patch,
  password,
  setPassword,
}: {
  readonly draft: SourceDraft;
  readonly kind: keyof typeof platformNames;
  readonly patch: Patch;
  readonly password: string;
  readonly setPassword: (p: string) => void;
}) {
  const names = platformNames[kind];
  return (
    <>
      <Field label={names.address} wide hint={kind === 'kinesis' ? 'For a look-alike (kinesalite, LocalStack); credentials come from AWS_* on the host.' : undefined}>
        {(id) => <input id={id} data-testid="platform-address" placeholder={platformAddressHint[kind]} value={draft.platformAddress} onChange={(e) => patch({ platformAddress: e.target.value })} />}
      </Field>
      <Field label={names.stream}>
        {(id) => <input id={id} data-testid="platform-stream" value={draft.platformStream} onChange={(e) => patch({ platformStream: e.target.value })} />}
      </Field>
      {names.group !== '' && (
        <Field label={names.group} hint="Its position survives restarts: nothing is stored twice.">
          {(id) => <input id={id} data-testid="platform-group" value={draft.platformGroup} onChange={(e) => patch({ platformGroup: e.target.value })} />}
        </Field>
      )}
      {kind === 'nats' && (
        <Field label="Subject filter">
          {(id) => <input id={id} data-testid="platform-subject" placeholder="all subjects" value={draft.subject} onChange={(e) => patch({ subject: e.target.value })} />}
        </Field>
      )}
      <Field label="Start from" hint={draft.replay ? 'earliest, an offset or an ISO time: replayed into a new stream' : 'earliest, latest, an offset or an ISO time (for a new consumer)'}>
        {(id) => <input id={id} data-testid="platform-from" value={draft.from} onChange={(e) => patch({ from: e.target.value })} />}
      </Field>
      <label className="check" title="Reads outside the group or durable, whose position stays as it is">
        <input type="checkbox" data-testid="platform-replay" checked={draft.replay} onChange={(e) => patch({ replay: e.target.checked })} />
        Replay from there into a new stream
      </label>
      {kind !== 'kinesis' && (
        <>
          <Field label={kind === 'kafka' ? 'SASL user (PLAIN)' : 'Username'}>
            {(id) => <input id={id} data-testid="platform-username" autoComplete="off" value={draft.username} onChange={(e) => patch({ username: e.target.value })} />}
          </Field>
          <Field label="Password" hint="Kept in memory while the stream runs; never saved in the project.">
            {(id) => <input id={id} type="password" data-testid="platform-password" autoComplete="off" value={password} onChange={(e) => setPassword(e.target.value)} />}
          </Field>
        </>
      )}
    </>
  );
}

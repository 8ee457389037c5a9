import type { RecordingInfo, StreamSource, StreamState, StreamStatus } from '../../../preload/contract';

export type Tone = 'ok' | 'info' | 'warn' | 'danger' | 'muted';

export function stateTone(state: StreamState): Tone {
  switch (state) {
    case 'live':
      return 'ok';
    case 'connecting':
      return 'info';
    case 'reconnecting':
      return 'warn';
    case 'failed':
      return 'danger';
    case 'stopped':
      return 'muted';
  }
}

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function formatHz(hz: number): string {
  if (!Number.isFinite(hz) || hz <= 0) return '0 Hz';
  if (hz >= 1000) return `${(hz / 1000).toFixed(hz >= 10_000 ? 0 : 1)} kHz`;
  return `${hz >= 100 ? Math.round(hz) : hz.toFixed(1)} Hz`;
}

export function formatMs(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  return ms >= 100 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`;
}

export interface Counter {
  readonly key: keyof StreamStatus;
  readonly label: string;
  readonly value: string;
  readonly tone: Tone;
  readonly hint: string;
}

/** The status panel's figures. Lost or unreadable data is shown in warning colours: nothing is dropped silently. */
export function counters(s: StreamStatus): Counter[] {
  const plain = (n: number): Tone => (n > 0 ? 'info' : 'muted');
  return [
    { key: 'readings', label: 'readings', value: formatCount(s.readings), tone: 'ok', hint: 'Readings stored since start' },
    { key: 'rateHz', label: 'rate', value: formatHz(s.rateHz), tone: 'ok', hint: 'Readings per second' },
    { key: 'jitterMs', label: 'jitter', value: formatMs(s.jitterMs), tone: 'ok', hint: 'Spread of the time between readings' },
    { key: 'malformed', label: 'malformed', value: formatCount(s.malformed), tone: s.malformed > 0 ? 'warn' : 'muted', hint: 'Messages that could not be parsed (kept with their raw text)' },
    { key: 'invalid', label: 'invalid', value: formatCount(s.invalid), tone: plain(s.invalid), hint: 'Readings that failed a validation rule (stored, flagged)' },
    { key: 'dropped', label: 'dropped', value: formatCount(s.dropped), tone: s.dropped > 0 ? 'danger' : 'muted', hint: 'Readings lost because storage fell behind' },
    { key: 'gaps', label: 'gaps', value: formatCount(s.gaps), tone: plain(s.gaps), hint: 'Interruptions recorded (disconnects, pauses)' },
    { key: 'reconnects', label: 'reconnects', value: formatCount(s.reconnects), tone: plain(s.reconnects), hint: 'Times the source was connected again' },
    ...platformCounters(s, plain),
  ];
}

/** Streaming platforms: redeliveries skipped, and how far behind each partition the consumer is. */
function platformCounters(s: StreamStatus, plain: (n: number) => Tone): Counter[] {
  const out: Counter[] = [];
  if (s.duplicatesSkipped !== undefined) {
    out.push({ key: 'duplicatesSkipped', label: 'duplicates', value: formatCount(s.duplicatesSkipped), tone: plain(s.duplicatesSkipped), hint: 'Redelivered messages whose row was already stored: skipped, so nothing is stored twice' });
  }
  if (s.lag && s.lag.length > 0) {
    const behind = s.lag.reduce((n, l) => n + l.behind, 0);
    const value = s.lag.map((l) => `${l.partition}: ${l.unit === 'ms' ? formatMs(l.behind) : formatCount(l.behind)}`).join(' · ');
    out.push({ key: 'lag', label: 'lag', value, tone: behind > 0 ? 'info' : 'muted', hint: 'How far behind the consumer is, per partition (Kinesis: ms behind the newest record)' });
  }
  return out;
}

export function describeSource(src: StreamSource): string {
  const base = describeTransport(src);
  // A replay reads outside the group or durable it names: say so, and from where.
  return 'replay' in src && src.replay === true ? `${base} · replay from ${src.from ?? 'earliest'}` : base;
}

function describeTransport(src: StreamSource): string {
  switch (src.kind) {
    case 'serial':
      return `Serial ${src.path} @ ${(src.baudRate ?? 115200).toLocaleString('en-US')} baud`;
    case 'mqtt':
      return `MQTT ${src.url} · ${src.topic}`;
    case 'replay':
      return `Replay ${src.path.split(/[\\/]/).pop() ?? src.path} @ ${src.rateHz ?? 100} Hz${src.loop ? ' · loop' : ''}`;
    case 'kafka':
      return `Kafka ${src.brokers.join(',')} · ${src.topic} · group ${src.group}`;
    case 'nats':
      return `NATS ${src.url} · ${src.stream} · durable ${src.durable}`;
    case 'redis':
      return `Redis ${src.url} · ${src.stream} · group ${src.group}`;
    case 'kinesis':
      return `Kinesis ${src.stream}${src.endpoint ? ` @ ${src.endpoint}` : ''}`;
  }
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** A running recording's duration counts up to `now`. */
export function recordingDuration(r: RecordingInfo, now: number): string {
  const start = Date.parse(r.startedAt);
  const end = r.stoppedAt ? Date.parse(r.stoppedAt) : now;
  return formatDuration(end - start);
}

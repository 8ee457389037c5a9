import { parseStartFrom, type StreamSource } from '../../../preload/contract';

export type SourceKind = StreamSource['kind'];

export const commonBauds = [9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600] as const;

/**
 * What the source form edits: strings as typed, turned into a StreamSource by
 * `buildSource`. The MQTT password is not here on purpose: it stays in the
 * form component's own state and goes straight into the start request.
 */
export interface SourceDraft {
  readonly kind: SourceKind;
  readonly serialPath: string;
  /** A common value, or 'custom' with `customBaud`. */
  readonly baud: string;
  readonly customBaud: string;
  readonly dataBits: '5' | '6' | '7' | '8';
  readonly parity: 'none' | 'even' | 'odd';
  readonly stopBits: '1' | '2';
  /** Optional: the rate the device's datasheet claims, checked against the baud rate by Detect. */
  readonly declaredRate: string;
  readonly mqttUrl: string;
  readonly topic: string;
  readonly qos: '0' | '1';
  readonly username: string;
  readonly rejectUnauthorized: boolean;
  readonly replayPath: string;
  readonly rateHz: string;
  readonly loop: boolean;
  /** Streaming platforms: Kafka brokers (host:port,…), the NATS or Redis URL, or a Kinesis endpoint (optional). */
  readonly platformAddress: string;
  /** Kafka topic, NATS stream, Redis stream key, Kinesis stream. */
  readonly platformStream: string;
  /** Kafka / Redis consumer group, NATS durable. */
  readonly platformGroup: string;
  /** NATS only: a subject filter. */
  readonly subject: string;
  readonly from: string;
  /** Read from `from` outside the group or durable, into a new stream (its position stays as it is). */
  readonly replay: boolean;
}

export const emptyDraft: SourceDraft = {
  kind: 'serial',
  serialPath: '',
  baud: '115200',
  customBaud: '',
  dataBits: '8',
  parity: 'none',
  stopBits: '1',
  declaredRate: '',
  mqttUrl: 'mqtt://localhost:1883',
  topic: '',
  qos: '0',
  username: '',
  rejectUnauthorized: true,
  replayPath: '',
  rateHz: '100',
  loop: false,
  platformAddress: '',
  platformStream: '',
  platformGroup: 'assay',
  subject: '',
  from: 'earliest',
  replay: false,
};

/** What each platform's address field holds, shown as its placeholder. */
export const platformAddressHint = {
  kafka: 'localhost:9092',
  nats: 'nats://localhost:4222',
  redis: 'redis://localhost:6379',
  kinesis: 'https://kinesis.us-east-1.amazonaws.com (optional)',
} as const;

export type Built = { readonly ok: true; readonly source: StreamSource } | { readonly ok: false; readonly error: string };

function positive(text: string): number | null {
  const n = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(n) && n > 0 ? n : null;
}

/** The source to detect or start, or why the form is not ready yet (shown next to the disabled buttons). */
export function buildSource(d: SourceDraft, password: string): Built {
  switch (d.kind) {
    case 'serial': {
      if (d.serialPath.trim() === '') return { ok: false, error: 'Pick a port or type its path.' };
      const baud = positive(d.baud === 'custom' ? d.customBaud : d.baud);
      if (baud === null || !Number.isInteger(baud)) return { ok: false, error: 'The baud rate must be a whole number above 0.' };
      const declared = positive(d.declaredRate);
      if (d.declaredRate.trim() !== '' && declared === null) return { ok: false, error: 'The declared rate must be a number of Hz above 0, or empty.' };
      return {
        ok: true,
        source: {
          kind: 'serial',
          path: d.serialPath.trim(),
          baudRate: baud,
          dataBits: Number(d.dataBits) as 5 | 6 | 7 | 8,
          parity: d.parity,
          stopBits: Number(d.stopBits) as 1 | 2,
          ...(declared !== null ? { declaredRateHz: declared } : {}),
        },
      };
    }
    case 'mqtt': {
      const url = d.mqttUrl.trim();
      if (!/^mqtts?:\/\/[^\s/]+/i.test(url)) return { ok: false, error: 'The broker URL looks like mqtt://host:1883 or mqtts://host:8883.' };
      const topic = d.topic.trim();
      if (topic === '') return { ok: false, error: 'Type a topic (+ and # wildcards are allowed).' };
      if (!validTopicFilter(topic)) return { ok: false, error: '# must be the last level and + must fill a whole level.' };
      const secure = /^mqtts:/i.test(url);
      return {
        ok: true,
        source: {
          kind: 'mqtt',
          url,
          topic,
          qos: d.qos === '1' ? 1 : 0,
          ...(d.username.trim() ? { username: d.username.trim() } : {}),
          ...(password ? { password } : {}),
          ...(secure ? { rejectUnauthorized: d.rejectUnauthorized } : {}),
        },
      };
    }
    case 'replay': {
      if (d.replayPath.trim() === '') return { ok: false, error: 'Type the path of a CSV file to replay.' };
      const rate = d.rateHz.trim() === '0' ? 0 : positive(d.rateHz);
      if (rate === null) return { ok: false, error: 'The rate is readings per second (0 = as fast as possible).' };
      return { ok: true, source: { kind: 'replay', path: d.replayPath.trim(), rateHz: rate, loop: d.loop } };
    }
    default:
      return buildPlatformSource(d, d.kind, password);
  }
}

function buildPlatformSource(d: SourceDraft, kind: 'kafka' | 'nats' | 'redis' | 'kinesis', password: string): Built {
  const address = d.platformAddress.trim();
  const stream = d.platformStream.trim();
  const group = d.platformGroup.trim();
  const from = d.from.trim() || 'earliest';
  try {
    parseStartFrom(from);
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  const start = { from, ...(d.replay ? { replay: true } : {}) };
  const user = d.username.trim() ? { username: d.username.trim() } : {};
  const secret = password ? { password } : {};
  switch (kind) {
    case 'kinesis':
      if (stream === '') return { ok: false, error: 'Type the Kinesis stream name.' };
      return { ok: true, source: { kind: 'kinesis', stream, ...start, ...(address ? { endpoint: address } : {}) } };
    case 'kafka': {
      const brokers = address.split(',').map((b) => b.trim()).filter((b) => b.length > 0);
      if (brokers.length === 0 || !brokers.every((b) => /^[^\s:/]+:\d+$/.test(b))) return { ok: false, error: 'Brokers look like host:9092, comma-separated.' };
      if (stream === '' || group === '') return { ok: false, error: 'Type the topic and the consumer group.' };
      return { ok: true, source: { kind: 'kafka', brokers, topic: stream, group, ...start, ...(user.username ? { sasl: { mechanism: 'PLAIN' as const, username: user.username } } : {}), ...secret } };
    }
    case 'nats':
      if (!/^(nats|tls):\/\/[^\s/]+/i.test(address)) return { ok: false, error: 'The server URL looks like nats://host:4222.' };
      if (stream === '' || group === '') return { ok: false, error: 'Type the stream and the durable consumer name.' };
      return { ok: true, source: { kind: 'nats', url: address, stream, durable: group, ...start, ...(d.subject.trim() ? { subject: d.subject.trim() } : {}), ...user, ...secret } };
    case 'redis':
      if (!/^rediss?:\/\/[^\s/]+/i.test(address)) return { ok: false, error: 'The server URL looks like redis://host:6379.' };
      if (stream === '' || group === '') return { ok: false, error: 'Type the stream key and the consumer group.' };
      return { ok: true, source: { kind: 'redis', url: address, stream, group, ...start, ...user, ...secret } };
  }
}

/** MQTT filter rules: '#' alone and last, '+' a whole level. */
export function validTopicFilter(topic: string): boolean {
  const levels = topic.split('/');
  return levels.every((l, i) => (l.includes('#') ? l === '#' && i === levels.length - 1 : !l.includes('+') || l === '+'));
}

/** A name to offer for the stream: the file, the topic or the port it reads. */
export function suggestName(d: SourceDraft): string {
  const base = (p: string): string => (p.split(/[\\/]/).pop() ?? p).replace(/\.[a-z0-9]+$/i, '');
  switch (d.kind) {
    case 'serial':
      return base(d.serialPath.trim());
    case 'mqtt':
      return d.topic.trim().replace(/[/#+]+/g, '-').replace(/^-|-$/g, '');
    case 'replay':
      return base(d.replayPath.trim());
    default:
      return d.replay ? `${d.platformStream.trim()} replay from ${d.from.trim() || 'earliest'}` : d.platformStream.trim();
  }
}

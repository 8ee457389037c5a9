/**
 * `assay record` from a streaming platform: the flags of Kafka, NATS JetStream, Redis Streams and
 * Kinesis, turned into a stream source (and an Avro protocol when a schema is given). Passwords
 * come from the environment only, so they never sit in shell history or the project.
 */
import fs from 'node:fs';
import type { StreamProtocol, StreamSource } from '../../preload/contract/sensors';
import { parseStartFrom, type KafkaSource } from '../../preload/contract/stream-platforms';
import { positiveNumber, UsageError } from './common';

export const platformFlags = ['kafka', 'nats', 'redis', 'kinesis'] as const;

export const platformRecordOptions = {
  kafka: { type: 'string' },
  nats: { type: 'string' },
  redis: { type: 'string' },
  kinesis: { type: 'string' },
  stream: { type: 'string' },
  subject: { type: 'string' },
  durable: { type: 'string' },
  group: { type: 'string' },
  consumer: { type: 'string' },
  endpoint: { type: 'string' },
  region: { type: 'string' },
  from: { type: 'string' },
  'replay-from': { type: 'string' },
  sasl: { type: 'string' },
  tls: { type: 'boolean' },
  insecure: { type: 'boolean' },
  'ack-wait': { type: 'string' },
  'claim-idle': { type: 'string' },
  'avro-schema': { type: 'string' },
} as const;

export const platformRecordUsage = `  assay record FILE.assay (--kafka BROKERS --topic T --group G [--sasl PLAIN|SCRAM-SHA-256|SCRAM-SHA-512 --username U] [--tls [--insecure]]
                          | --nats URL --stream S [--subject X] --durable D [--ack-wait S]
                          | --redis URL --stream KEY --group G [--consumer C] [--claim-idle S]
                          | --kinesis STREAM [--endpoint URL] [--region R])
               [--from earliest|latest|OFFSET|ISO | --replay-from earliest|OFFSET|ISO] [--avro-schema FILE.avsc] [--duration S] [--json]
      records a streaming platform exactly once into the project (acknowledged only once stored);
      --from applies where the group or durable has no position yet; --replay-from reads from there
      outside the group or durable (whose position stays as it is) into a new stream;
      passwords from $ASSAY_KAFKA_PASSWORD, $ASSAY_NATS_PASSWORD, $ASSAY_REDIS_PASSWORD; Kinesis uses AWS_* credentials`;

type Values = Record<string, string | string[] | boolean | undefined>;

function str(values: Values, k: string): string | undefined {
  const v = values[k];
  return typeof v === 'string' ? v : undefined;
}

function need(values: Values, flag: string, k: string): string {
  const v = str(values, k);
  if (!v) throw new UsageError(`--${flag} needs --${k}`);
  return v;
}

/** The platform flag given, if any. */
export function chosenPlatform(values: Values): (typeof platformFlags)[number] | undefined {
  return platformFlags.find((k) => str(values, k) !== undefined);
}

/** The source the platform flags describe; a usage error names what is missing. */
export function platformSource(values: Values): StreamSource {
  const replayFrom = str(values, 'replay-from');
  if (replayFrom !== undefined && str(values, 'from') !== undefined) throw new UsageError('give --from or --replay-from, not both');
  const from = replayFrom ?? str(values, 'from');
  const flag = replayFrom !== undefined ? '--replay-from' : '--from';
  if (from !== undefined) {
    try {
      parseStartFrom(from);
    } catch (err) {
      throw new UsageError(`${flag}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const common = { ...(from !== undefined ? { from } : {}), ...(replayFrom !== undefined ? { replay: true } : {}) };
  const username = str(values, 'username');
  const kafka = str(values, 'kafka');
  if (kafka !== undefined) {
    const sasl = str(values, 'sasl');
    if (sasl !== undefined && sasl !== 'PLAIN' && sasl !== 'SCRAM-SHA-256' && sasl !== 'SCRAM-SHA-512') throw new UsageError('--sasl must be PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512');
    if (sasl !== undefined && !username) throw new UsageError('--sasl needs --username');
    const password = process.env['ASSAY_KAFKA_PASSWORD'];
    const source: KafkaSource = {
      kind: 'kafka',
      brokers: kafka.split(',').map((b) => b.trim()).filter((b) => b.length > 0),
      topic: need(values, 'kafka', 'topic'),
      group: need(values, 'kafka', 'group'),
      ...common,
      ...(sasl !== undefined && username ? { sasl: { mechanism: sasl, username } } : {}),
      ...(password ? { password } : {}),
      ...(values['tls'] === true ? { tls: true } : {}),
      ...(values['insecure'] === true ? { rejectUnauthorized: false } : {}),
    };
    return source;
  }
  const nats = str(values, 'nats');
  if (nats !== undefined) {
    const password = process.env['ASSAY_NATS_PASSWORD'];
    const ackWait = positiveNumber('--ack-wait', str(values, 'ack-wait'));
    const subject = str(values, 'subject');
    return {
      kind: 'nats',
      url: nats,
      stream: need(values, 'nats', 'stream'),
      durable: need(values, 'nats', 'durable'),
      ...(subject ? { subject } : {}),
      ...common,
      ...(username ? { username } : {}),
      ...(password ? { password } : {}),
      ...(ackWait !== undefined ? { ackWaitSeconds: ackWait } : {}),
    };
  }
  const redis = str(values, 'redis');
  if (redis !== undefined) {
    const password = process.env['ASSAY_REDIS_PASSWORD'];
    const consumer = str(values, 'consumer');
    const claimIdle = positiveNumber('--claim-idle', str(values, 'claim-idle'));
    return {
      kind: 'redis',
      url: redis,
      stream: need(values, 'redis', 'stream'),
      group: need(values, 'redis', 'group'),
      ...(consumer ? { consumer } : {}),
      ...(claimIdle !== undefined ? { claimIdleSeconds: claimIdle } : {}),
      ...common,
      ...(username ? { username } : {}),
      ...(password ? { password } : {}),
    };
  }
  const kinesis = str(values, 'kinesis');
  if (!kinesis) throw new UsageError(`assay record needs one of ${platformFlags.map((f) => `--${f}`).join(', ')}`);
  const endpoint = str(values, 'endpoint');
  const region = str(values, 'region');
  return { kind: 'kinesis', stream: kinesis, ...(endpoint ? { endpoint } : {}), ...(region ? { region } : {}), ...common };
}

/** --avro-schema FILE: the Avro protocol with the file's schema text (fields come from it). */
export function avroProtocol(values: Values): StreamProtocol | undefined {
  const file = str(values, 'avro-schema');
  if (file === undefined) return undefined;
  let schema: string;
  try {
    schema = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`--avro-schema: cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { kind: 'avro', schema };
}

/**
 * Streaming platforms as stream sources (Kafka, NATS JetStream, Redis Streams, Kinesis): their
 * source specs, where a consumer starts, and the durable positions (partition/shard + offset)
 * that make delivery into the project exactly once. Pure: shared by host, worker, CLI and UI.
 */

/**
 * Where a new consumer starts: 'earliest', 'latest', an offset/sequence (Kafka offset, NATS
 * stream sequence, Redis entry id, Kinesis sequence number) or an ISO 8601 time. A consumer
 * that already has a position (a durable, a group, a checkpoint) resumes from it instead.
 */
export type StartFrom = string;

/**
 * Every platform source may be a replay: it reads from `from` outside the group or durable (NATS:
 * an ordered consumer; Redis: XRANGE; Kafka: a group of its own that commits nothing; Kinesis:
 * shard iterators, as always), so the consumer's own position is untouched, into a stream of its
 * own. A replay stream restarted resumes after its own checkpoints.
 */
export interface Replayable {
  readonly from?: StartFrom;
  readonly replay?: boolean;
}

export type StartPosition =
  | { readonly kind: 'earliest' }
  | { readonly kind: 'latest' }
  | { readonly kind: 'offset'; readonly offset: string }
  | { readonly kind: 'time'; readonly ms: number };

/** Reads --from / `from`; throws with what was expected. Default: earliest (nothing published is missed). */
export function parseStartFrom(from: StartFrom | undefined): StartPosition {
  const text = (from ?? 'earliest').trim();
  if (text === 'earliest' || text === '') return { kind: 'earliest' };
  if (text === 'latest') return { kind: 'latest' };
  // Offsets: digits (Kafka, NATS, Kinesis) or a Redis entry id MS-SEQ.
  if (/^\d+(-\d+)?$/.test(text)) return { kind: 'offset', offset: text };
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
    const ms = Date.parse(text);
    if (Number.isFinite(ms)) return { kind: 'time', ms };
  }
  throw new Error(`"${text}" is not a start position: use earliest, latest, an offset (e.g. 1200, or 1700000000000-0 for Redis) or an ISO time (2026-12-06T10:00:00Z).`);
}

export interface KafkaSource extends Replayable {
  readonly kind: 'kafka';
  /** host:port of one or more brokers. */
  readonly brokers: readonly string[];
  readonly topic: string;
  readonly group: string;
  readonly sasl?: { readonly mechanism: 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512'; readonly username: string };
  /** SASL password. Never stored in the project: the host keeps it in memory for the stream's life. */
  readonly password?: string;
  /** TLS to the brokers. Default false. */
  readonly tls?: boolean;
  /** With tls: reject self-signed certificates unless false. Default true. */
  readonly rejectUnauthorized?: boolean;
}

export interface NatsSource extends Replayable {
  readonly kind: 'nats';
  /** nats://host:port */
  readonly url: string;
  /** The JetStream stream. */
  readonly stream: string;
  /** Only these subjects of the stream (may hold * and >). Default: all. */
  readonly subject?: string;
  /** Durable consumer name: its position survives restarts. */
  readonly durable: string;
  readonly username?: string;
  /** Never stored in the project. */
  readonly password?: string;
  /** Unacknowledged messages are redelivered after this. Default 30. */
  readonly ackWaitSeconds?: number;
}

export interface RedisSource extends Replayable {
  readonly kind: 'redis';
  /** redis://host:port (a password in the URL is never stored: give it as password). */
  readonly url: string;
  /** The stream's key. */
  readonly stream: string;
  readonly group: string;
  /** Consumer name in the group; default assay-<stream id>, stable across restarts so its pending entries are its own. */
  readonly consumer?: string;
  readonly username?: string;
  /** Never stored in the project. */
  readonly password?: string;
  /** Pending entries of other consumers idle this long are claimed (XAUTOCLAIM) on start. Default 60. */
  readonly claimIdleSeconds?: number;
}

export interface KinesisSource extends Replayable {
  readonly kind: 'kinesis';
  readonly stream: string;
  /** A Kinesis look-alike (kinesalite, LocalStack): http://host:port. Credentials come from the environment (AWS_*). */
  readonly endpoint?: string;
  /** Default $AWS_REGION, else us-east-1. */
  readonly region?: string;
}

export type PlatformSource = KafkaSource | NatsSource | RedisSource | KinesisSource;
export const platformKinds = ['kafka', 'nats', 'redis', 'kinesis'] as const;
export type PlatformKind = (typeof platformKinds)[number];

export function isPlatformKind(kind: string): kind is PlatformKind {
  return (platformKinds as readonly string[]).includes(kind);
}

export function isPlatformSource(source: { readonly kind: string }): source is PlatformSource {
  return isPlatformKind(source.kind);
}

/** How far a consumer is behind, per partition/shard: messages (Kafka, NATS, Redis) or ms (Kinesis' MillisBehindLatest). */
export interface PartitionLag {
  readonly partition: string;
  readonly behind: number;
  readonly unit: 'messages' | 'ms';
}

/** The offsets a stream stored from one partition/shard: first and last (as text: Kinesis sequence numbers exceed 2^53). */
export interface OffsetRange {
  readonly topic: string;
  readonly partition: string;
  readonly first: string;
  readonly last: string;
  readonly count: number;
}

/**
 * Compares offsets as the platforms order them: numbers of any length, or Redis' MS-SEQ. Runs for
 * every stored row, so it allocates nothing (no split, no regex).
 */
export function compareOffsets(a: string, b: string): number {
  const aDash = a.indexOf('-');
  const bDash = b.indexOf('-');
  // The usual case, offsets of one partition: same shape, no leading zeros, so the text orders as the numbers do.
  if (a.length === b.length && aDash === bDash && plain(a, aDash) && plain(b, bDash)) return a < b ? -1 : a > b ? 1 : 0;
  const aEnd = aDash < 0 ? a.length : aDash;
  const bEnd = bDash < 0 ? b.length : bDash;
  return compareDigits(a, 0, aEnd, b, 0, bEnd) || compareDigits(a, aDash < 0 ? a.length : aDash + 1, a.length, b, bDash < 0 ? b.length : bDash + 1, b.length);
}

/** No part of the offset starts with a zero unless it is "0" itself. */
function plain(x: string, dash: number): boolean {
  if (x.charCodeAt(0) === 48 && dash !== 1 && x.length !== 1) return false;
  return dash < 0 || x.charCodeAt(dash + 1) !== 48 || dash + 2 === x.length;
}

/** Compares the digit runs a[aFrom, aTo) and b[bFrom, bTo) as numbers (leading zeros ignored; empty is 0). */
function compareDigits(a: string, aFrom: number, aTo: number, b: string, bFrom: number, bTo: number): number {
  while (aFrom < aTo - 1 && a.charCodeAt(aFrom) === 48) aFrom++;
  while (bFrom < bTo - 1 && b.charCodeAt(bFrom) === 48) bFrom++;
  const aLen = aTo - aFrom === 1 && a.charCodeAt(aFrom) === 48 ? 0 : aTo - aFrom;
  const bLen = bTo - bFrom === 1 && b.charCodeAt(bFrom) === 48 ? 0 : bTo - bFrom;
  if (aLen !== bLen) return aLen - bLen;
  for (let i = 0; i < aLen; i++) {
    const d = a.charCodeAt(aFrom + i) - b.charCodeAt(bFrom + i);
    if (d !== 0) return d;
  }
  return 0;
}

/** The name a platform source is shown by: its topic or stream. */
export function platformLabel(source: PlatformSource): string {
  return source.kind === 'kafka' ? source.topic : source.stream;
}

/**
 * Whether two sources are the same durable consumer (kind, server, topic/stream, group/durable):
 * a new `assay record` of it resumes the stored stream, so its unique positions skip what is stored.
 * A replay is never the same consumer: each replay is a stream of its own.
 */
export function sameConsumer(a: PlatformSource, b: PlatformSource): boolean {
  if (a.replay === true || b.replay === true) return false;
  switch (a.kind) {
    case 'kafka':
      return b.kind === 'kafka' && a.topic === b.topic && a.group === b.group && [...a.brokers].sort().join(',') === [...b.brokers].sort().join(',');
    case 'nats':
      return b.kind === 'nats' && sameServer(a.url, b.url) && a.stream === b.stream && a.durable === b.durable;
    case 'redis':
      return b.kind === 'redis' && sameServer(a.url, b.url) && a.stream === b.stream && a.group === b.group;
    case 'kinesis':
      return b.kind === 'kinesis' && a.stream === b.stream && (a.endpoint ?? '') === (b.endpoint ?? '') && (a.region ?? '') === (b.region ?? '');
  }
}

/** URLs compared without credentials (the stored one has none). */
function sameServer(a: string, b: string): boolean {
  const strip = (u: string): string => u.replace(/\/\/[^@/]*@/, '//').replace(/\/$/, '');
  return strip(a) === strip(b);
}

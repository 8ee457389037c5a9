import type { StreamSource, StreamState } from '../../preload/contract/sensors';
import type { PartitionLag } from '../../preload/contract/stream-platforms';
import type { Checkpoint, RowPosition } from '../project/stream-offsets';

/** One message as it arrived: a text line/payload, or a binary frame. */
export interface SourceMessage {
  readonly text?: string;
  readonly bytes?: Uint8Array;
  /** Host clock, ms since epoch. */
  readonly arrivedAt: number;
  /** MQTT topic, when the source has topics. */
  readonly topic?: string;
  /** Streaming platforms: partition/shard and offset, stored with the row and acknowledged once it is durable. */
  readonly position?: RowPosition;
}

export interface SourceEvents {
  onMessage(message: SourceMessage): void;
  /** 'reconnecting' after a loss (unplug, broker restart), with the reason in detail. */
  onState(state: Exclude<StreamState, 'stopped'>, detail?: string): void;
  /** Time with no data because the source was gone: recorded explicitly in stream_events. */
  onGap(fromMs: number, toMs: number, reason: string): void;
  /** A finite source (a replay without loop) has nothing more to send. */
  onEnd?(): void;
  /**
   * Messages received but not yet stored. Streaming platforms pull only while this is below
   * `maxBacklog`: dropping a message there would lose it once a later offset is committed.
   */
  backlog?(): number;
}

/** A platform source stops pulling while this many messages wait for storage. */
export const maxBacklog = 20_000;

/**
 * A stream's transport (serial port, MQTT subscription, CSV replay). It keeps
 * reconnecting with backoff by itself until stopped; it never throws after start.
 */
export interface SourceAdapter {
  start(events: SourceEvents): Promise<void>;
  stop(): Promise<void>;
  /** Streaming platforms: these messages are stored (committed): ack, XACK or commit their offsets. */
  acknowledge?(positions: readonly RowPosition[]): void;
  /** Streaming platforms: how far behind the consumer is, as last seen. */
  lag?(): PartitionLag[];
}

export interface SourceOptions {
  /** Raw frames (slip-f32, Avro) instead of text. */
  readonly binary: boolean;
  /** The stream's id: names a Redis consumer that must stay the same across restarts. */
  readonly streamId?: number;
  /** The project's checkpoints for this stream (Kinesis and replays resume after them). */
  readonly checkpoints?: readonly Checkpoint[];
  /** Detect and replays: read without moving a durable consumer or group (nothing is acknowledged, nothing claimed). */
  readonly peek?: boolean;
}

export type SourceFactory<K extends StreamSource['kind']> = (source: Extract<StreamSource, { kind: K }>, options: SourceOptions) => SourceAdapter;

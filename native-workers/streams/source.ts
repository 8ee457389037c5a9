import type { StreamSource, StreamState } from '../../preload/contract/sensors';

/** One message as it arrived: a text line/payload, or a binary frame. */
export interface SourceMessage {
  readonly text?: string;
  readonly bytes?: Uint8Array;
  /** Host clock, ms since epoch. */
  readonly arrivedAt: number;
  /** MQTT topic, when the source has topics. */
  readonly topic?: string;
}

export interface SourceEvents {
  onMessage(message: SourceMessage): void;
  /** 'reconnecting' after a loss (unplug, broker restart), with the reason in detail. */
  onState(state: Exclude<StreamState, 'stopped'>, detail?: string): void;
  /** Time with no data because the source was gone: recorded explicitly in stream_events. */
  onGap(fromMs: number, toMs: number, reason: string): void;
  /** A finite source (a replay without loop) has nothing more to send. */
  onEnd?(): void;
}

/**
 * A stream's transport (serial port, MQTT subscription, CSV replay). It keeps
 * reconnecting with backoff by itself until stopped; it never throws after start.
 */
export interface SourceAdapter {
  start(events: SourceEvents): Promise<void>;
  stop(): Promise<void>;
}

export type SourceFactory<K extends StreamSource['kind']> = (source: Extract<StreamSource, { kind: K }>, options: { readonly binary: boolean }) => SourceAdapter;

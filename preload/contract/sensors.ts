/**
 * Live sensors and streams: the JSON-safe specs and views shared by the host,
 * the stream worker, the CLI and the renderer. Defaults are documented per field.
 */
import type { OffsetRange, PartitionLag, PlatformSource } from './stream-platforms';

/** Where readings come from. */
export type StreamSource =
  | {
      readonly kind: 'serial';
      readonly path: string;
      /** Default 115200. */
      readonly baudRate?: number;
      /** Default 8. */
      readonly dataBits?: 5 | 6 | 7 | 8;
      /** Default 'none'. */
      readonly parity?: 'none' | 'even' | 'odd';
      /** Default 1. */
      readonly stopBits?: 1 | 2;
      /** The rate the device's datasheet claims (Hz): detection warns when it cannot fit the baud rate. */
      readonly declaredRateHz?: number;
    }
  | {
      readonly kind: 'mqtt';
      /** mqtt://host:port or mqtts://host:port */
      readonly url: string;
      /** May hold + and # wildcards. */
      readonly topic: string;
      /** Default 0. */
      readonly qos?: 0 | 1;
      readonly username?: string;
      /** Never stored in the project: the host keeps it in memory for the stream's life. */
      readonly password?: string;
      /** mqtts: reject self-signed certificates unless false. Default true. */
      readonly rejectUnauthorized?: boolean;
    }
  | {
      readonly kind: 'replay';
      /** A CSV file whose rows are replayed as readings. */
      readonly path: string;
      /** Readings per second; 0 = as fast as storage allows. Default 100. Ignored with timeColumn. */
      readonly rateHz?: number;
      /** A column of timestamps (ms, or seconds when below 1e11): replay at the original pace, divided by speed. */
      readonly timeColumn?: string;
      /** With timeColumn: 1 = original rate, 10 = ten times faster. Default 1. */
      readonly speed?: number;
      /** Start again at the end. Default false. */
      readonly loop?: boolean;
    }
  /** Kafka, NATS JetStream, Redis Streams, Kinesis: see stream-platforms.ts. */
  | PlatformSource;

/** How one message (a line, an MQTT payload, a binary frame) becomes a reading. */
export type StreamProtocol =
  | { readonly kind: 'csv'; readonly delimiter: string; readonly header: boolean }
  | { readonly kind: 'kv'; readonly pairSeparator: string; readonly keyValueSeparator: string }
  | { readonly kind: 'json' }
  /** SLIP-framed (RFC 1055) binary records of little-endian float32 values, one per field. */
  | { readonly kind: 'slip-f32' }
  /** Binary Avro records (no container header) of a schema the user gives (JSON text). */
  | { readonly kind: 'avro'; readonly schema: string };

export interface FieldSpec {
  readonly name: string;
  /** Optional unit shown in plots (after transforms). */
  readonly unit?: string;
}

export type ValidationRule =
  | { readonly kind: 'type'; readonly field: string; readonly type: 'number' | 'integer' | 'text' }
  | { readonly kind: 'range'; readonly field: string; readonly min?: number; readonly max?: number }
  | { readonly kind: 'required'; readonly field: string }
  /** The same value `count` times in a row: a stuck sensor. */
  | { readonly kind: 'stuck'; readonly field: string; readonly count: number }
  /** The rate over the last `windowSeconds` fell below `minHz`. */
  | { readonly kind: 'rate'; readonly minHz: number; readonly windowSeconds: number };

export type Transform =
  /** value * scale + offset (unit conversion, linear calibration). */
  | { readonly kind: 'linear'; readonly field: string; readonly scale: number; readonly offset: number; readonly unit?: string }
  /** c0 + c1 x + c2 x² + … */
  | { readonly kind: 'polynomial'; readonly field: string; readonly coefficients: readonly number[]; readonly unit?: string }
  /** A new field from an arithmetic expression over fields: + - * / ^, parentheses, numbers, field names, sqrt/abs/min/max/log/exp. */
  | { readonly kind: 'derived'; readonly name: string; readonly expression: string; readonly unit?: string };

export type Analytic =
  | { readonly kind: 'rolling'; readonly field: string; readonly windowSeconds: number; readonly stats: readonly ('mean' | 'std' | 'min' | 'max')[] }
  | { readonly kind: 'ewma'; readonly field: string; readonly alpha: number }
  /** Flags |x - rolling mean| / rolling std > threshold over windowSeconds. */
  | { readonly kind: 'zscore'; readonly field: string; readonly windowSeconds: number; readonly threshold: number }
  /** Flags |dx/dt| > maxPerSecond. */
  | { readonly kind: 'rate-of-change'; readonly field: string; readonly maxPerSecond: number };

/** Applied in order: parse → validate → transform → analytics → windows. */
export interface PipelineSpec {
  readonly validation: readonly ValidationRule[];
  readonly transforms: readonly Transform[];
  readonly analytics: readonly Analytic[];
  /** Windowed aggregations of the readings (raw fields, transformed and derived ones); each stores its results as a dataset. Default none. */
  readonly windows?: readonly WindowAggregation[];
}

export const emptyPipeline: PipelineSpec = { validation: [], transforms: [], analytics: [] };

/** The shape of an event-time window. */
export type WindowShape =
  | { readonly kind: 'tumbling'; readonly sizeSeconds: number }
  /** Windows of sizeSeconds starting every slideSeconds (slide ≤ size): an event is in size/slide of them. */
  | { readonly kind: 'sliding'; readonly sizeSeconds: number; readonly slideSeconds: number }
  /** Per key, events at most gapSeconds apart share a window; it ends gapSeconds after its last event. */
  | { readonly kind: 'session'; readonly gapSeconds: number };

export type WindowAggregateOp = 'count' | 'sum' | 'mean' | 'min' | 'max' | 'percentile';

export interface WindowAggregate {
  readonly op: WindowAggregateOp;
  /** The field aggregated; count without one counts events, with one its non-null values. */
  readonly field?: string;
  /** For percentile: 0–100 (numpy's linear interpolation while exact). */
  readonly percentile?: number;
}

/** Adds a stored dataset's columns to each event by key (a lookup, loaded when the stream starts). */
export interface WindowEnrichment {
  readonly datasetId: number;
  /** The event's field whose value is looked up. */
  readonly on: string;
  /** The dataset's column holding that value (unique; the first row wins). */
  readonly key: string;
  /** Columns added to the event (default: all but the key); usable in groupBy and aggregates. */
  readonly columns?: readonly string[];
}

/** A windowed aggregation of a stream by event time; its results are stored as a dataset. */
export interface WindowAggregation {
  /** Names the results dataset ("<stream> · <name>"). */
  readonly name: string;
  readonly window: WindowShape;
  /** Event time: a field in ms since epoch (seconds when below 1e11). Default: the arrival time. */
  readonly timeField?: string;
  /** Zero or more fields; one result row per window and key. */
  readonly groupBy: readonly string[];
  readonly aggregates: readonly WindowAggregate[];
  /** The watermark trails the newest event time by this much. Default 0. */
  readonly outOfOrderSeconds?: number;
  /** A window closed by the watermark still takes events this long (emitting an updated row). Default 0. */
  readonly allowedLatenessSeconds?: number;
  /** Events later than that: kept as stream events (counted) or only counted. Default 'keep'. */
  readonly late?: 'keep' | 'drop';
  readonly enrich?: WindowEnrichment;
}

/** One emitted window result; a later revision of the same window and key replaces it. */
export interface WindowRow {
  /** The aggregation's name. */
  readonly window: string;
  /** Event time, ms since epoch: [start, end). */
  readonly start: number;
  readonly end: number;
  /** The groupBy values, in order. */
  readonly key: readonly (number | string | null)[];
  /** Events in the window for this key. */
  readonly events: number;
  /** Aggregates in the order declared (see windowAggregateName). */
  readonly values: readonly (number | null)[];
  /** 0 when first emitted; each late update adds 1. */
  readonly revision: number;
  /** Starts of this key's earlier rows that this one supersedes (sessions a late event merged). */
  readonly replaces?: readonly number[];
}

/** A result column's name: "count", "mean_temp", "p95_temp". */
export function windowAggregateName(a: WindowAggregate): string {
  const op = a.op === 'percentile' ? `p${a.percentile ?? 50}` : a.op;
  return a.field ? `${op}_${a.field}` : op;
}

export interface StreamConfig {
  readonly name: string;
  readonly source: StreamSource;
  /** Detected from the first messages when absent (see stream:detect). */
  readonly protocol?: StreamProtocol;
  /** Detected when absent. */
  readonly fields?: readonly FieldSpec[];
  /** A field holding the device's own timestamp (seconds or ms since epoch, or a counter); else host time only. */
  readonly deviceTimeField?: string;
  /** Default: emptyPipeline. */
  readonly pipeline?: PipelineSpec;
}

export interface DetectResult {
  readonly protocol: StreamProtocol;
  readonly fields: readonly FieldSpec[];
  readonly sample: readonly string[];
  readonly rateHz: number | null;
  readonly jitterMs: number | null;
  /** E.g. "120 Hz × 48 bytes needs 57,600 baud; the port runs at 9,600". */
  readonly warnings: readonly string[];
}

export interface SerialPortInfo {
  readonly path: string;
  readonly manufacturer?: string;
  readonly serialNumber?: string;
  readonly vendorId?: string;
  readonly productId?: string;
}

export type StreamState = 'connecting' | 'live' | 'reconnecting' | 'stopped' | 'failed';

/** Counters of a running stream; sent about once a second and on every state change. */
export interface StreamStatus {
  readonly streamId: number;
  readonly state: StreamState;
  /** Readings stored since start. */
  readonly readings: number;
  /** Messages that could not be parsed (kept in stream_events with their raw text). */
  readonly malformed: number;
  /** Readings that failed a validation rule (stored, flagged). */
  readonly invalid: number;
  /** Readings lost because storage fell behind (bounded queue overflow). Never silent. */
  readonly dropped: number;
  readonly gaps: number;
  readonly reconnects: number;
  readonly rateHz: number;
  readonly jitterMs: number;
  readonly lastError: string | null;
  readonly recordingId: number | null;
  /** With windowed aggregations: result rows stored, and events too late for their windows. */
  readonly windowRows?: number;
  readonly late?: number;
  /** Streaming platforms: redelivered messages whose row was already stored (nothing stored twice). */
  readonly duplicatesSkipped?: number;
  /** Streaming platforms: how far behind the consumer is, per partition/shard. */
  readonly lag?: readonly PartitionLag[];
}

/** New points since the last frame, decimated for display; at most ~30 frames/s. */
export interface LiveFrame {
  readonly streamId: number;
  /** Host receive time, ms since epoch, one per point. */
  readonly t: readonly number[];
  /** Per field (after transforms, plus analytic outputs such as "temp.mean"), values aligned with t. */
  readonly series: Readonly<Record<string, readonly (number | null)[]>>;
  /** Points flagged by validation or analytics. */
  readonly anomalies: readonly { readonly t: number; readonly field: string; readonly reason: string }[];
  /** Latest arrival time (ms since epoch, host clock) of a message in this frame: for latency checks. */
  readonly newestArrival: number;
  /** Window results emitted since the last frame (windowed aggregations only). */
  readonly windows?: readonly WindowRow[];
}

export interface StreamSummary {
  readonly id: number;
  readonly name: string;
  readonly source: StreamSource;
  readonly protocol: StreamProtocol | null;
  readonly fields: readonly FieldSpec[];
  readonly pipeline: PipelineSpec;
  readonly readingCount: number;
  readonly createdAt: string;
  /** Present while a stream job runs. */
  readonly status: StreamStatus | null;
  readonly jobId: string | null;
}

export interface RecordingInfo {
  readonly id: number;
  readonly streamId: number;
  readonly label: string;
  readonly startedAt: string;
  readonly stoppedAt: string | null;
  readonly readings: number;
}

export interface StreamHistory {
  readonly streamId: number;
  readonly t: readonly number[];
  readonly series: Readonly<Record<string, readonly (number | null)[]>>;
  readonly from: number;
  readonly to: number;
  /** True when min-max decimation reduced the points. */
  readonly decimated: boolean;
  /** Everything the stream stored (not only this range): for the stored-history view's counters. */
  readonly stored?: { readonly readings: number; readonly from: number; readonly to: number; readonly invalid: number };
}

/** What `assay record --json` prints. */
export interface RecordSummary {
  readonly streamId: number;
  readonly recordingId: number | null;
  readonly readings: number;
  readonly malformed: number;
  readonly dropped: number;
  readonly gaps: number;
  readonly rateHz: number;
  /** With windowed aggregations: result rows stored, and events too late for their windows. */
  readonly windowRows?: number;
  readonly late?: number;
  /** Streaming platforms: redeliveries whose row was already stored. */
  readonly duplicatesSkipped?: number;
  readonly lag?: readonly PartitionLag[];
  /** Streaming platforms: what this run stored, per partition/shard. */
  readonly offsets?: readonly OffsetRange[];
}

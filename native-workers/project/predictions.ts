/**
 * The prediction log (`predictions`, migration 004): every prediction a
 * model server answered, with its input, output and latency. Written in
 * batches by the log's own thread (main/host/serving/prediction-log.ts).
 */
import type { Db } from './open';

/** One served prediction as the log keeps it. */
export interface LoggedPrediction {
  readonly name: string;
  readonly version: number;
  readonly at: number;
  /** The row, or its JSON text as the client sent it (a single-row request is logged without serialising it again). */
  readonly input: object | string;
  readonly output: unknown;
  readonly latencyMs: number;
  /** The prediction's id (schema 14): a request's id, or REQUEST.ROW in a batch; null for none. */
  readonly pid?: string | null;
  /** The request it was answered in (a batch's rows share it). */
  readonly requestId?: string | null;
}

/** A request a server refused or failed: the prediction log never sees it (migration 014). */
export interface ServingEvent {
  readonly name: string;
  readonly version: number;
  readonly at: number;
  readonly status: number;
  /** The refusal's metrics label (bad_json, bad_input, too_large, internal…). */
  readonly reason: string;
  /** Rows the request held (what was refused), 0 when unknown. */
  readonly rows: number;
  readonly latencyMs: number;
  /** A pulled log's own id for the event, so importing it twice stores it once. */
  readonly eventId?: string | null;
}

/** Bytes of input and output text the log holds: what the log's cap counts (octet_length reads no value). */
export function predictionLogBytes(db: Db): number {
  return (db.prepare('SELECT coalesce(sum(octet_length(input) + octet_length(output)), 0) AS n FROM predictions').get() as { n: number }).n;
}

/**
 * A writer of batches of predictions, each in one transaction; the statement
 * is prepared once, and the JSON serialisation happens here, in the log's
 * thread, never on the serving thread. It writes rows while fewer than `room`
 * bytes were written (the last one may pass it) and says how many it wrote.
 */
export function predictionInserter(db: Db): (rows: readonly LoggedPrediction[], room?: number) => { written: number; bytes: number } {
  // OR IGNORE: a prediction id already logged (a pulled log read again) is not stored twice.
  const insert = db.prepare('INSERT OR IGNORE INTO predictions (name, version, at, input, output, latency_ms, pid, request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const write = db.transaction((rows: readonly LoggedPrediction[], room: number) => {
    let written = 0;
    let bytes = 0;
    for (const r of rows) {
      if (bytes >= room) break;
      const input = typeof r.input === 'string' ? r.input : JSON.stringify(r.input);
      const output = JSON.stringify(r.output) ?? 'null';
      if (insert.run(r.name, r.version, r.at, input, output, r.latencyMs, r.pid ?? null, r.requestId ?? null).changes === 0) continue;
      bytes += Buffer.byteLength(input) + Buffer.byteLength(output);
      written++;
    }
    return { written, bytes };
  });
  return (rows, room = Infinity) => write.immediate(rows, room);
}

/** Writes refused or failed requests; one already stored under its event id is skipped. Returns how many were stored. */
export function servingEventInserter(db: Db): (events: readonly ServingEvent[]) => number {
  const insert = db.prepare('INSERT OR IGNORE INTO serving_events (name, version, at, status, reason, rows, latency_ms, event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const write = db.transaction((events: readonly ServingEvent[]) => {
    let n = 0;
    for (const e of events) n += insert.run(e.name, e.version, e.at, e.status, e.reason, e.rows, e.latencyMs, e.eventId ?? null).changes;
    return n;
  });
  return (events) => (events.length ? write.immediate(events) : 0);
}

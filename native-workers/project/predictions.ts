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
  const insert = db.prepare('INSERT INTO predictions (name, version, at, input, output, latency_ms) VALUES (?, ?, ?, ?, ?, ?)');
  const write = db.transaction((rows: readonly LoggedPrediction[], room: number) => {
    let written = 0;
    let bytes = 0;
    for (const r of rows) {
      if (bytes >= room) break;
      const input = typeof r.input === 'string' ? r.input : JSON.stringify(r.input);
      const output = JSON.stringify(r.output) ?? 'null';
      insert.run(r.name, r.version, r.at, input, output, r.latencyMs);
      bytes += Buffer.byteLength(input) + Buffer.byteLength(output);
      written++;
    }
    return { written, bytes };
  });
  return (rows, room = Infinity) => write.immediate(rows, room);
}

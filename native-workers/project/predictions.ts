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

/**
 * A writer of batches of predictions, each in one transaction; the statement
 * is prepared once, and the JSON serialisation happens here, in the log's
 * thread, never on the serving thread.
 */
export function predictionInserter(db: Db): (rows: readonly LoggedPrediction[]) => void {
  const insert = db.prepare('INSERT INTO predictions (name, version, at, input, output, latency_ms) VALUES (?, ?, ?, ?, ?, ?)');
  const write = db.transaction((rows: readonly LoggedPrediction[]) => {
    for (const r of rows) insert.run(r.name, r.version, r.at, typeof r.input === 'string' ? r.input : JSON.stringify(r.input), JSON.stringify(r.output), r.latencyMs);
  });
  return (rows) => write.immediate(rows);
}

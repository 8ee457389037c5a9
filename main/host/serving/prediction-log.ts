/**
 * Every served prediction goes to the project's `predictions` table, off the
 * request path: rows are buffered and written in one transaction every
 * `flushMs` (200 ms), so a request never waits on SQLite. The buffer is
 * bounded; beyond it predictions are counted as dropped rather than growing
 * memory without end. A read-only project gets no log (`enabled` false).
 */
import { connect, type Db } from '../project/store';

/**
 * The log's own connection to the project: WAL with synchronous = NORMAL (as the
 * import and stream workers write), so a flush never waits on an fsync; a crash
 * can lose the last flushes, never corrupt the file.
 */
export function openLogDb(file: string): Db {
  const db = connect(file, false);
  db.pragma('synchronous = NORMAL');
  return db;
}

export interface LoggedPrediction {
  readonly name: string;
  readonly version: number;
  readonly at: number;
  /** The row, or its JSON text as the client sent it (a single-row request is logged without serialising it again). */
  readonly input: object | string;
  readonly output: unknown;
  readonly latencyMs: number;
}

export interface PredictionLogOptions {
  readonly flushMs?: number;
  readonly maxPending?: number;
  /** Close `db` with the log (a connection opened for it by openLogDb). */
  readonly ownsDb?: boolean;
}

export class PredictionLog {
  readonly enabled: boolean;
  private pending: LoggedPrediction[] = [];
  private timer: NodeJS.Timeout | null = null;
  private droppedCount = 0;
  private writtenCount = 0;
  private readonly maxPending: number;
  private readonly insert: ((p: readonly LoggedPrediction[]) => void) | null;
  private readonly ownDb: Db | null;

  constructor(db: Db | null, opts: PredictionLogOptions = {}) {
    this.enabled = db !== null;
    this.ownDb = opts.ownsDb ? db : null;
    this.maxPending = opts.maxPending ?? 200_000;
    if (db) {
      const stmt = db.prepare('INSERT INTO predictions (name, version, at, input, output, latency_ms) VALUES (?, ?, ?, ?, ?, ?)');
      this.insert = db.transaction((rows: readonly LoggedPrediction[]) => {
        for (const r of rows) stmt.run(r.name, r.version, r.at, typeof r.input === 'string' ? r.input : JSON.stringify(r.input), JSON.stringify(r.output), r.latencyMs);
      });
      this.timer = setInterval(() => this.flush(), opts.flushMs ?? 200);
      this.timer.unref();
    } else {
      this.insert = null;
    }
  }

  get dropped(): number {
    return this.droppedCount;
  }

  get written(): number {
    return this.writtenCount;
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  /** The inputs and outputs of one request (same length), stamped with its latency. */
  add(name: string, version: number, inputs: readonly (object | string)[], outputs: readonly unknown[], latencyMs: number): void {
    if (!this.enabled) return;
    const room = this.maxPending - this.pending.length;
    const n = Math.min(inputs.length, room);
    if (n < inputs.length) this.droppedCount += inputs.length - n;
    const at = Date.now();
    for (let i = 0; i < n; i++) this.pending.push({ name, version, at, input: inputs[i]!, output: outputs[i], latencyMs });
  }

  /**
   * Writes what is buffered, at most `limit` rows in one transaction (the
   * timer's flushes stay short so requests keep flowing; the rest follows
   * on the next turn of the event loop). Synchronous: a shutdown calls flush(Infinity) last.
   */
  flush(limit = 10_000): void {
    if (!this.insert || this.pending.length === 0) return;
    let rows = this.pending;
    if (rows.length > limit) {
      this.pending = rows.slice(limit);
      rows = rows.slice(0, limit);
      setImmediate(() => this.flush(limit));
    } else {
      this.pending = [];
    }
    try {
      this.insert(rows);
      this.writtenCount += rows.length;
    } catch {
      // The project was closed or is busy beyond its timeout: these predictions are lost, not the server.
      this.droppedCount += rows.length;
    }
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.flush(Infinity);
    if (this.ownDb?.open) this.ownDb.close();
  }
}

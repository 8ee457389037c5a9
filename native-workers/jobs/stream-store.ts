import { streamBatchWriter, type StreamEvent, type StreamEventKind, type StreamReading } from '../project/streams';
import type { Db } from '../project/open';

/** Readings held in memory while storage catches up; beyond this, new readings are dropped and counted. */
export const defaultQueueLimit = 200_000;
/** A flush this big is done at once rather than waiting for the timer. */
export const flushAtRows = 5000;
/**
 * WAL pages (4 KiB) after which a stream's connections checkpoint, instead of SQLite's 1,000. Each
 * checkpoint fsyncs twice (8–33 ms per 4 MB on this machine's disk) inside the commit that runs it,
 * stalling the storage thread while the consumer waits on its backlog: 50,000 rows of three fields
 * write ~1,550 WAL pages, one or two checkpoints at the default. 32 MB makes them ~8× rarer (one
 * per ~260,000 such rows) and copies the index pages every batch rewrites once for many batches;
 * the host's close still truncates the WAL (#19.2).
 */
export const streamCheckpointPages = 8192;

/**
 * The write side of a stream: a bounded queue of readings and events, flushed
 * in one transaction with multi-row INSERTs. A failed flush (the project locked
 * by another writer) keeps everything queued for the next attempt.
 */
export class StreamWriter {
  private queue: StreamReading[] = [];
  private events: StreamEvent[] = [];
  private readonly write: ReturnType<typeof streamBatchWriter>;
  private readonly limit: number;
  /** Readings stored so far (committed). */
  stored = 0;
  /** Readings refused because the queue was full. */
  dropped = 0;
  private droppedSinceEvent = 0;
  private firstDropAt = 0;
  /** Called inside each flush's transaction with the rows it commits (recording counters). */
  onCommitted: ((rows: readonly StreamReading[]) => void) | null = null;

  constructor(db: Db, streamId: number, fieldCount: number, limit = defaultQueueLimit) {
    this.limit = limit;
    this.write = streamBatchWriter(db, streamId, fieldCount);
  }

  get pending(): number {
    return this.queue.length;
  }

  /** False when the queue is full: the reading is dropped and counted, never silently. */
  add(row: StreamReading): boolean {
    if (this.queue.length >= this.limit) {
      this.dropped++;
      if (this.droppedSinceEvent++ === 0) this.firstDropAt = row[0];
      return false;
    }
    this.queue.push(row);
    return true;
  }

  event(kind: StreamEventKind, detail: Record<string, unknown>, at = Date.now()): void {
    this.events.push({ at, kind, detail: JSON.stringify(detail) });
  }

  /** Writes everything queued; throws (keeping the queue) if the database refuses. */
  flush(): number {
    if (this.droppedSinceEvent > 0) {
      this.event('drop', { count: this.droppedSinceEvent, from: this.firstDropAt, to: Date.now(), reason: 'storage fell behind; queue full' });
      this.droppedSinceEvent = 0;
    }
    if (this.queue.length === 0 && this.events.length === 0) return 0;
    const rows = this.queue;
    const events = this.events;
    this.write(rows, events, () => this.onCommitted?.(rows));
    this.queue = [];
    this.events = [];
    this.stored += rows.length;
    return rows.length;
  }
}

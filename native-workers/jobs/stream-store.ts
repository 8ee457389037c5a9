import type Database from 'better-sqlite3';
import { BatchInserter } from '../runtime/batch-insert';
import type { FieldSpec } from '../../preload/contract/sensors';
import type { Value } from '../ml/stream/protocols';

export type EventKind = 'start' | 'stop' | 'gap' | 'reconnect' | 'error' | 'malformed' | 'drop';

/** One stored reading: host receive time, device time, recording, validation flags, raw values in field order. */
export type Row = [hostTime: number, deviceTime: number | null, recordingId: number | null, flags: string | null, ...values: Value[]];

/** Readings held in memory while storage catches up; beyond this, new readings are dropped and counted. */
export const defaultQueueLimit = 200_000;
/** A flush this big is done at once rather than waiting for the timer. */
export const flushAtRows = 5000;

export function streamTable(streamId: number): string {
  return `st_${streamId}`;
}

/** The per-stream table described in migrations/002-streams.ts; created on the stream's first start. */
export function ensureStreamTable(db: Database.Database, streamId: number, fields: readonly FieldSpec[]): void {
  const table = streamTable(streamId);
  const cols = fields.map((_, i) => `, f${i} ANY`).join('');
  db.exec(
    `CREATE TABLE IF NOT EXISTS ${table} (seq INTEGER PRIMARY KEY, host_time REAL NOT NULL, device_time REAL, recording_id INTEGER, flags TEXT${cols}) STRICT;
     CREATE INDEX IF NOT EXISTS ${table}_time ON ${table} (host_time);`,
  );
}

/**
 * The write side of a stream: a bounded queue of readings and events, flushed
 * in one transaction with multi-row INSERTs. A failed flush (the project locked
 * by another writer) keeps everything queued for the next attempt.
 */
export class StreamWriter {
  private queue: Row[] = [];
  private events: { at: number; kind: EventKind; detail: string }[] = [];
  private readonly db: Database.Database;
  private readonly streamId: number;
  private readonly width: number;
  private readonly inserter: BatchInserter;
  private readonly insertEvent: Database.Statement;
  private readonly limit: number;
  /** Readings stored so far (committed). */
  stored = 0;
  /** Readings refused because the queue was full. */
  dropped = 0;
  private droppedSinceEvent = 0;
  private firstDropAt = 0;
  /** Called inside each flush's transaction with the rows it commits (recording counters). */
  onCommitted: ((rows: readonly Row[]) => void) | null = null;

  constructor(db: Database.Database, streamId: number, fieldCount: number, limit = defaultQueueLimit) {
    this.db = db;
    this.streamId = streamId;
    this.limit = limit;
    this.width = 4 + fieldCount;
    const table = streamTable(streamId);
    const names = ['host_time', 'device_time', 'recording_id', 'flags', ...Array.from({ length: fieldCount }, (_, i) => `f${i}`)];
    this.inserter = new BatchInserter(db, table, names, this.width);
    this.insertEvent = db.prepare('INSERT INTO stream_events (stream_id, at, kind, detail) VALUES (?, ?, ?, ?)');
  }

  get pending(): number {
    return this.queue.length;
  }

  /** False when the queue is full: the reading is dropped and counted, never silently. */
  add(row: Row): boolean {
    if (this.queue.length >= this.limit) {
      this.dropped++;
      if (this.droppedSinceEvent++ === 0) this.firstDropAt = row[0];
      return false;
    }
    this.queue.push(row);
    return true;
  }

  event(kind: EventKind, detail: Record<string, unknown>, at = Date.now()): void {
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
    const width = this.width;
    const inserter = this.inserter;
    this.db.transaction(() => {
      inserter.run(() => {
        for (const row of rows) {
          for (let c = 0; c < width; c++) inserter.set(c, row[c] as Value | undefined);
          inserter.commitRow();
        }
      });
      for (const e of events) this.insertEvent.run(this.streamId, e.at, e.kind, e.detail);
      this.onCommitted?.(rows);
    }).immediate();
    this.queue = [];
    this.events = [];
    this.stored += rows.length;
    return rows.length;
  }
}

/**
 * Exactly-once storage for streams fed by a streaming platform (schema 16): each row keeps the
 * (partition, offset) it came from under a unique index, the stream's checkpoint per partition is
 * written in the same transaction as its rows, and each recording keeps the offset ranges it holds.
 */
import type { OffsetRange } from '../../preload/contract/stream-platforms';
import type { Value } from '../ml/stream/protocols';
import type { Db } from './open';
import { streamTable, type StreamEvent, type StreamReading } from './streams';

/** Where a stored row came from: partition/shard and offset/sequence, as text. */
export interface RowPosition {
  readonly partition: string;
  readonly offset: string;
}

/** A stream's checkpoint on one partition: the last offset stored and how many rows came from it. */
export interface Checkpoint {
  readonly partition: string;
  readonly topic: string;
  readonly lastOffset: string;
  readonly stored: number;
}

/** Adds the position columns and their unique index to a platform stream's table (idempotent). */
export function ensurePositionColumns(db: Db, streamId: number): void {
  const table = streamTable(streamId);
  const cols = new Set((db.prepare(`SELECT name FROM pragma_table_info('${table}')`).all() as { name: string }[]).map((c) => c.name));
  if (!cols.has('src_partition')) db.exec(`ALTER TABLE ${table} ADD COLUMN src_partition TEXT`);
  if (!cols.has('src_offset')) db.exec(`ALTER TABLE ${table} ADD COLUMN src_offset TEXT`);
  db.exec(`CREATE UNIQUE INDEX IF NOT EXISTS ${table}_position ON ${table} (src_partition, src_offset)`);
}

/** The stream's checkpoints, one per partition/shard it has stored from. */
export function loadCheckpoints(db: Db, streamId: number): Checkpoint[] {
  return db
    .prepare('SELECT partition, topic, last_offset AS lastOffset, stored FROM stream_offsets WHERE stream_id = ? ORDER BY partition')
    .all(streamId) as Checkpoint[];
}

/** A recording's lineage: the offset ranges it holds per partition. */
export function recordingOffsets(db: Db, recordingId: number): OffsetRange[] {
  return db
    .prepare('SELECT topic, partition, first_offset AS first, last_offset AS last, count FROM recording_offsets WHERE recording_id = ? ORDER BY partition')
    .all(recordingId) as OffsetRange[];
}

/** One flush of a platform stream: rows with their positions, events. */
export interface PositionedFlush {
  readonly readings: readonly StreamReading[];
  readonly positions: readonly RowPosition[];
  readonly events: readonly StreamEvent[];
}

/** What a flush writes besides its rows, once it knows which rows were stored: checkpoints and recording ranges that changed. */
export interface FlushBookkeeping {
  readonly checkpoints: readonly Checkpoint[];
  readonly ranges: readonly (OffsetRange & { readonly recordingId: number })[];
}

/**
 * Prepared once for a platform stream job: writes rows with their positions, skipping any whose
 * position is already stored (a redelivery), plus events, checkpoints and recording ranges, in one
 * write transaction. Returns, per row, whether it was stored (false: a duplicate). `inside` runs
 * in the transaction with that answer and returns the checkpoints and ranges to save. Throws, writing nothing, when the
 * project stays locked past the busy timeout.
 */
export function positionedBatchWriter(
  db: Db,
  streamId: number,
  fieldCount: number,
): (flush: PositionedFlush, inside: (stored: readonly boolean[]) => FlushBookkeeping) => boolean[] {
  const table = streamTable(streamId);
  const width = 4 + fieldCount;
  const names = ['host_time', 'device_time', 'recording_id', 'flags', ...Array.from({ length: fieldCount }, (_, i) => `f${i}`), 'src_partition', 'src_offset'];
  // ON CONFLICT names the position index: any other constraint failure still throws.
  const insert = db.prepare(
    `INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')}) ON CONFLICT (src_partition, src_offset) DO NOTHING`,
  );
  const insertEvent = db.prepare('INSERT INTO stream_events (stream_id, at, kind, detail) VALUES (?, ?, ?, ?)');
  const saveCheckpoint = db.prepare(
    `INSERT INTO stream_offsets (stream_id, partition, topic, last_offset, stored, updated_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (stream_id, partition) DO UPDATE SET topic = excluded.topic, last_offset = excluded.last_offset, stored = excluded.stored, updated_at = excluded.updated_at`,
  );
  const saveRange = db.prepare(
    `INSERT INTO recording_offsets (recording_id, partition, topic, first_offset, last_offset, count) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (recording_id, partition) DO UPDATE SET first_offset = excluded.first_offset, last_offset = excluded.last_offset, count = excluded.count`,
  );
  const values = new Array<Value>(width + 2);
  return (flush, inside) => {
    const stored = new Array<boolean>(flush.readings.length);
    db.transaction(() => {
      flush.readings.forEach((row, r) => {
        for (let c = 0; c < width; c++) values[c] = (row[c] as Value | undefined) ?? null;
        values[width] = flush.positions[r].partition;
        values[width + 1] = flush.positions[r].offset;
        stored[r] = insert.run(values).changes > 0;
      });
      for (const e of flush.events) insertEvent.run(streamId, e.at, e.kind, e.detail);
      const { checkpoints, ranges } = inside(stored);
      const now = Date.now();
      for (const c of checkpoints) saveCheckpoint.run(streamId, c.partition, c.topic, c.lastOffset, c.stored, now);
      for (const g of ranges) saveRange.run(g.recordingId, g.partition, g.topic, g.first, g.last, g.count);
    }).immediate();
    return stored;
  };
}

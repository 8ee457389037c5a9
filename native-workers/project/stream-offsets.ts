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
 *
 * Rows go in multi-row INSERTs (crossing into SQLite once per row was most of a flush's cost).
 * A statement that stored fewer rows than it was given held a redelivery: which of its rows went
 * in is read back by seq, the rowids it just took (seq has no AUTOINCREMENT, so a statement's new
 * rows take consecutive ones).
 */
export function positionedBatchWriter(
  db: Db,
  streamId: number,
  fieldCount: number,
): (flush: PositionedFlush, inside: (stored: readonly boolean[]) => FlushBookkeeping) => boolean[] {
  const table = streamTable(streamId);
  const width = 4 + fieldCount;
  const rowWidth = width + 2;
  const names = ['host_time', 'device_time', 'recording_id', 'flags', ...Array.from({ length: fieldCount }, (_, i) => `f${i}`), 'src_partition', 'src_offset'];
  const perStatement = Math.max(1, Math.min(200, Math.floor(4000 / rowWidth)));
  const tuple = `(${names.map(() => '?').join(', ')})`;
  // ON CONFLICT names the position index: any other constraint failure still throws.
  const statement = (rows: number) =>
    db.prepare(`INSERT INTO ${table} (${names.join(', ')}) VALUES ${new Array<string>(rows).fill(tuple).join(', ')} ON CONFLICT (src_partition, src_offset) DO NOTHING`);
  // A full statement's worth, then powers of two for the rest: a 50 ms flush of a few hundred rows still takes a few statements.
  const sizes = [perStatement];
  for (let k = 1 << Math.floor(Math.log2(perStatement)); k >= 1; k >>= 1) if (k < perStatement) sizes.push(k);
  const inserts = sizes.map((size) => ({ size, insert: statement(size), values: new Array<Value>(rowWidth * size) }));
  const storedBetween = db.prepare(`SELECT src_partition, src_offset FROM ${table} WHERE seq > ? AND seq <= ?`).raw(true);
  const insertEvent = db.prepare('INSERT INTO stream_events (stream_id, at, kind, detail) VALUES (?, ?, ?, ?)');
  const saveCheckpoint = db.prepare(
    `INSERT INTO stream_offsets (stream_id, partition, topic, last_offset, stored, updated_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (stream_id, partition) DO UPDATE SET topic = excluded.topic, last_offset = excluded.last_offset, stored = excluded.stored, updated_at = excluded.updated_at`,
  );
  const saveRange = db.prepare(
    `INSERT INTO recording_offsets (recording_id, partition, topic, first_offset, last_offset, count) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (recording_id, partition) DO UPDATE SET first_offset = excluded.first_offset, last_offset = excluded.last_offset, count = excluded.count`,
  );

  /** Rows [from, from + count) of the flush, through `insert` bound with `values`; marks which were stored. */
  const insertRows = (flush: PositionedFlush, from: number, { size: count, insert, values }: (typeof inserts)[number], stored: boolean[]): void => {
    for (let r = 0; r < count; r++) {
      const row = flush.readings[from + r];
      const base = r * rowWidth;
      for (let c = 0; c < width; c++) values[base + c] = (row[c] as Value | undefined) ?? null;
      values[base + width] = flush.positions[from + r].partition;
      values[base + width + 1] = flush.positions[from + r].offset;
    }
    const info = insert.run(values);
    if (info.changes === count) {
      stored.fill(true, from, from + count);
      return;
    }
    const last = Number(info.lastInsertRowid);
    const fresh = new Set<string>();
    if (info.changes > 0) for (const [p, o] of storedBetween.all(last - info.changes, last) as [string, string][]) fresh.add(`${p}\u0000${o}`);
    for (let r = 0; r < count; r++) {
      const key = `${flush.positions[from + r].partition}\u0000${flush.positions[from + r].offset}`;
      // The same position twice in one statement: only its first row went in.
      stored[from + r] = fresh.delete(key);
    }
  };

  return (flush, inside) => {
    const n = flush.readings.length;
    const stored = new Array<boolean>(n);
    db.transaction(() => {
      let r = 0;
      for (const chunk of inserts) for (; r + chunk.size <= n; r += chunk.size) insertRows(flush, r, chunk, stored);
      for (const e of flush.events) insertEvent.run(streamId, e.at, e.kind, e.detail);
      const { checkpoints, ranges } = inside(stored);
      const now = Date.now();
      for (const c of checkpoints) saveCheckpoint.run(streamId, c.partition, c.topic, c.lastOffset, c.stored, now);
      for (const g of ranges) saveRange.run(g.recordingId, g.partition, g.topic, g.first, g.last, g.count);
    }).immediate();
    return stored;
  };
}

import { compareOffsets, type OffsetRange } from '../../preload/contract/stream-platforms';
import type { Db } from '../project/open';
import { positionedBatchWriter, type Checkpoint, type FlushBookkeeping, type RowPosition } from '../project/stream-offsets';
import type { StreamEvent, StreamEventKind, StreamReading } from '../project/streams';

type Range = { topic: string; partition: string; first: string; last: string; count: number };

function widen(range: Range | undefined, topic: string, p: RowPosition): Range {
  if (!range) return { topic, partition: p.partition, first: p.offset, last: p.offset, count: 1 };
  // Offsets mostly arrive in order: one comparison per row.
  if (compareOffsets(p.offset, range.last) > 0) range.last = p.offset;
  else if (compareOffsets(p.offset, range.first) < 0) range.first = p.offset;
  range.count++;
  return range;
}

/**
 * The write side of a stream fed by a streaming platform: rows queue with their (partition,
 * offset) and are stored once each (a redelivery is counted in duplicatesSkipped); malformed
 * messages settle through their events. Only after a flush's transaction commits are its
 * positions handed to `onDurable` (ack, XACK, offset commit), so nothing acknowledged is ever
 * lost. Nothing is dropped: the source stops pulling while the queue is long (see backlog).
 */
export class DeliveryWriter {
  private queue: StreamReading[] = [];
  private positions: RowPosition[] = [];
  private settled: RowPosition[] = [];
  private events: StreamEvent[] = [];
  private readonly write: ReturnType<typeof positionedBatchWriter>;
  private readonly checkpoints = new Map<string, Checkpoint>();
  private readonly dirty = new Set<string>();
  private readonly ranges = new Map<string, Range & { recordingId: number }>();
  private readonly dirtyRanges = new Set<string>();
  private readonly runRanges = new Map<string, Range>();
  stored = 0;
  /** Never more than 0: kept so the job reads both writers alike. */
  readonly dropped = 0;
  duplicatesSkipped = 0;
  onCommitted: ((rows: readonly StreamReading[]) => void) | null = null;
  /** Positions whose rows or events are committed: acknowledge them now. */
  onDurable: ((positions: readonly RowPosition[]) => void) | null = null;

  constructor(
    db: Db,
    streamId: number,
    fieldCount: number,
    private readonly topic: string,
    resume: readonly Checkpoint[],
  ) {
    this.write = positionedBatchWriter(db, streamId, fieldCount);
    for (const c of resume) this.checkpoints.set(c.partition, c);
  }

  get pending(): number {
    return this.queue.length + this.settled.length;
  }

  add(row: StreamReading, position: RowPosition): void {
    this.queue.push(row);
    this.positions.push(position);
  }

  /** A message that stores no row (malformed, a header line): acknowledged with the next commit. */
  settle(position: RowPosition): void {
    this.settled.push(position);
  }

  event(kind: StreamEventKind, detail: Record<string, unknown>, at = Date.now()): void {
    this.events.push({ at, kind, detail: JSON.stringify(detail) });
  }

  /** What this run stored, per partition. */
  offsets(): OffsetRange[] {
    return [...this.runRanges.values()].sort((a, b) => a.partition.localeCompare(b.partition, 'en', { numeric: true }));
  }

  /** Writes everything queued in one transaction, then hands the positions on; throws (keeping the queue) if the database refuses. */
  flush(): number {
    if (this.queue.length === 0 && this.events.length === 0 && this.settled.length === 0) return 0;
    const rows = this.queue;
    const positions = this.positions;
    const settled = this.settled;
    const checkpointsBefore = new Map(this.checkpoints);
    const rangesBefore = new Map([...this.ranges].map(([k, r]) => [k, { ...r }]));
    const runBefore = new Map([...this.runRanges].map(([k, r]) => [k, { ...r }]));
    let duplicates = 0;
    try {
      this.write({ readings: rows, positions, events: this.events }, (stored) => {
        const kept = stored.includes(false) ? rows.filter((_, i) => stored[i]) : rows;
        duplicates = rows.length - kept.length;
        this.onCommitted?.(kept);
        return this.advance(rows, positions, stored, settled);
      });
    } catch (err) {
      // Rolled back: so are the checkpoints and ranges this flush moved.
      this.restore(this.checkpoints, checkpointsBefore);
      this.restore(this.ranges, rangesBefore);
      this.restore(this.runRanges, runBefore);
      throw err;
    }
    this.queue = [];
    this.positions = [];
    this.settled = [];
    this.events = [];
    this.dirty.clear();
    this.dirtyRanges.clear();
    this.stored += rows.length - duplicates;
    this.duplicatesSkipped += duplicates;
    this.onDurable?.(settled.length > 0 ? positions.concat(settled) : positions);
    return rows.length - duplicates;
  }

  private restore<V>(target: Map<string, V>, before: Map<string, V>): void {
    target.clear();
    for (const [k, v] of before) target.set(k, v);
  }

  /**
   * Moves checkpoints (past duplicates and settled messages too: their offsets are in the project)
   * and the ranges of the rows this flush stored. Runs for every row: per-partition totals first,
   * one checkpoint object per partition after.
   */
  private advance(rows: readonly StreamReading[], positions: readonly RowPosition[], stored: readonly boolean[], settled: readonly RowPosition[]): FlushBookkeeping {
    const seen = new Map<string, { last: string; stored: number }>();
    const note = (p: RowPosition, storedRow: boolean): void => {
      const s = seen.get(p.partition);
      if (!s) seen.set(p.partition, { last: p.offset, stored: storedRow ? 1 : 0 });
      else {
        if (compareOffsets(p.offset, s.last) > 0) s.last = p.offset;
        if (storedRow) s.stored++;
      }
    };
    let rangeKey = '';
    let rangeOf: { recordingId: number | null; partition: string } = { recordingId: null, partition: '' };
    for (let i = 0; i < rows.length; i++) {
      const p = positions[i];
      note(p, stored[i]);
      if (!stored[i]) continue;
      this.runRanges.set(p.partition, widen(this.runRanges.get(p.partition), this.topic, p));
      const recordingId = rows[i][2];
      if (recordingId === null) continue;
      // The key is built only when the recording or partition changes from the row before.
      if (rangeOf.recordingId !== recordingId || rangeOf.partition !== p.partition) {
        rangeKey = `${recordingId}\u0000${p.partition}`;
        rangeOf = { recordingId, partition: p.partition };
      }
      const range = this.ranges.get(rangeKey);
      if (range) widen(range, this.topic, p);
      else this.ranges.set(rangeKey, { ...widen(undefined, this.topic, p), recordingId });
      this.dirtyRanges.add(rangeKey);
    }
    for (const p of settled) note(p, false);
    for (const [partition, s] of seen) {
      const c = this.checkpoints.get(partition);
      const last = c && compareOffsets(c.lastOffset, s.last) >= 0 ? c.lastOffset : s.last;
      this.checkpoints.set(partition, { partition, topic: this.topic, lastOffset: last, stored: (c?.stored ?? 0) + s.stored });
      this.dirty.add(partition);
    }
    return {
      checkpoints: [...this.dirty].map((k) => this.checkpoints.get(k)).filter((c): c is Checkpoint => c !== undefined),
      ranges: [...this.dirtyRanges].map((k) => this.ranges.get(k)).filter((r): r is Range & { recordingId: number } => r !== undefined),
    };
  }
}

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../main/host/testing';
import { countTableRows, holdWriteLock, tableRows } from '../project/inspect';
import { connectForBulkWrites } from '../project/open';
import { ProjectStore } from '../project/store';
import { ensurePositionColumns, loadCheckpoints, recordingOffsets, type RowPosition } from '../project/stream-offsets';
import { ensureStreamTable, insertRecording, insertStream, type StreamReading } from '../project/streams';
import { DeliveryWriter } from './stream-delivery';

function setup() {
  const store = ProjectStore.create(path.join(tempDir(), 'delivery.assay'));
  const db = store.db;
  const fields = [{ name: 'seq' }];
  const id = insertStream(db, { name: 'n', source: { kind: 'nats', url: 'nats://127.0.0.1:4222', stream: 'S', durable: 'd' }, protocol: { kind: 'json' }, fields });
  ensureStreamTable(db, id, fields);
  ensurePositionColumns(db, id);
  return { store, db, id };
}

const row = (seq: number, recording: number | null = null): StreamReading => [1000 + seq, null, recording, null, seq];
const at = (partition: string, offset: number | string): RowPosition => ({ partition, offset: String(offset) });

describe('DeliveryWriter: exactly once into the project', () => {
  it('stores a redelivered position nothing twice, counts it, and acknowledges only after the commit', () => {
    const { store, db, id } = setup();
    const rec = insertRecording(db, id, 'r');
    const writer = new DeliveryWriter(db, id, 1, 'S', []);
    const durable: RowPosition[][] = [];
    writer.onDurable = (positions) => durable.push([...positions]);
    for (let s = 1; s <= 5; s++) writer.add(row(s, rec.id), at('p0', s));
    writer.settle(at('p0', 6)); // a malformed message: no row, still acknowledged
    expect(durable).toEqual([]);
    expect(writer.flush()).toBe(5);
    expect(durable).toEqual([[1, 2, 3, 4, 5, 6].map((s) => at('p0', s))]);
    // A crash between commit and ack: 4 and 5 come again, with 7 new, and one on another partition.
    for (const s of [4, 5, 7]) writer.add(row(s, rec.id), at('p0', s));
    writer.add(row(100, rec.id), at('p1', 3));
    expect(writer.flush()).toBe(2);
    expect(writer.duplicatesSkipped).toBe(2);
    expect(writer.stored).toBe(7);
    expect(countTableRows(db, `st_${id}`)).toBe(7);
    expect(loadCheckpoints(db, id).map((c) => [c.partition, c.lastOffset])).toEqual([['p0', '7'], ['p1', '3']]);
    expect(recordingOffsets(db, rec.id)).toEqual([
      { topic: 'S', partition: 'p0', first: '1', last: '7', count: 6 },
      { topic: 'S', partition: 'p1', first: '3', last: '3', count: 1 },
    ]);
    expect(writer.offsets().map((o) => [o.partition, o.first, o.last])).toEqual([['p0', '1', '7'], ['p1', '3', '3']]);
    store.close();
  });

  it('finds the redeliveries inside multi-row statements: a batch of 450 with stored positions and one repeated', () => {
    const { store, db, id } = setup();
    const writer = new DeliveryWriter(db, id, 1, 'S', []);
    for (const s of [7, 200, 449]) writer.add(row(s), at('p0', s));
    expect(writer.flush()).toBe(3);
    // 0 … 449 again (7, 200, 449 already stored), and 300 twice in the same flush.
    for (let s = 0; s < 450; s++) writer.add(row(s), at('p0', s));
    writer.add(row(300), at('p0', 300));
    expect(writer.flush()).toBe(447);
    expect(writer.duplicatesSkipped).toBe(4);
    expect(writer.stored).toBe(450);
    const seqs = tableRows(db, `st_${id}`, { columns: ['f0'] }).map((r) => Number(r['f0']));
    expect(seqs.length).toBe(450);
    expect(new Set(seqs).size).toBe(450);
    expect(writer.offsets()).toEqual([{ topic: 'S', partition: 'p0', first: '0', last: '449', count: 450 }]);
    store.close();
  });

  it('orders Kinesis sequence numbers past 2^64 and Redis ids by value, not as text', () => {
    const { store, db, id } = setup();
    const writer = new DeliveryWriter(db, id, 1, 'S', [{ partition: 'shard', topic: 'S', lastOffset: '9', stored: 1 }]);
    writer.add(row(1), at('shard', '49590338271490256608559692538361571095921575989136588898'));
    writer.add(row(2), at('shard', '10'));
    writer.add(row(3), at('redis', '1700000000000-10'));
    writer.add(row(4), at('redis', '1700000000000-9'));
    writer.flush();
    expect(Object.fromEntries(loadCheckpoints(db, id).map((c) => [c.partition, c.lastOffset]))).toEqual({
      shard: '49590338271490256608559692538361571095921575989136588898',
      redis: '1700000000000-10',
    });
    store.close();
  });

  it('keeps the queue, checkpoints and acknowledgements when the transaction fails', () => {
    const { store, id } = setup();
    // As the stream job connects: a short busy timeout, so a locked project fails the flush soon.
    const db = connectForBulkWrites(store.path, { busyMs: 50 });
    const writer = new DeliveryWriter(db, id, 1, 'S', []);
    const durable: RowPosition[][] = [];
    writer.onDurable = (positions) => durable.push([...positions]);
    writer.add(row(1), at('p0', 1));
    // Another connection holds the write lock: the flush fails, nothing is acknowledged.
    const release = holdWriteLock(store.path);
    expect(() => writer.flush()).toThrow();
    release();
    expect(durable).toEqual([]);
    expect(writer.pending).toBe(1);
    expect(loadCheckpoints(db, id)).toEqual([]);
    expect(writer.flush()).toBe(1);
    expect(durable).toEqual([[at('p0', 1)]]);
    expect(tableRows(db, 'stream_offsets', { columns: ['partition', 'last_offset'] })).toEqual([{ partition: 'p0', last_offset: '1' }]);
    db.close();
    store.close();
  });
});

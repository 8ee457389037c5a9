import { build } from 'esbuild';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../main/host/testing';
import { countTableRows, holdWriteLock, tableRows } from '../project/inspect';
import { ProjectStore } from '../project/store';
import { ensurePositionColumns, loadCheckpoints, type RowPosition } from '../project/stream-offsets';
import { ensureStreamTable, insertRecording, insertStream, type StreamReading } from '../project/streams';
import { DeliveryThread } from './delivery-thread';

// Inside the repository, so the bundle's require('better-sqlite3') finds node_modules.
const threadFile = path.resolve(__dirname, '../../node_modules/.cache/assay-tests/delivery-writer-thread.cjs');

beforeAll(async () => {
  await build({ entryPoints: [path.join(__dirname, 'delivery-writer-thread.ts')], bundle: true, platform: 'node', format: 'cjs', packages: 'external', outfile: threadFile, logLevel: 'warning' });
});

function setup() {
  const store = ProjectStore.create(path.join(tempDir(), 'delivery-thread.assay'));
  const fields = [{ name: 'seq' }];
  const id = insertStream(store.db, { name: 'n', source: { kind: 'nats', url: 'nats://127.0.0.1:4222', stream: 'S', durable: 'd' }, protocol: { kind: 'json' }, fields });
  ensureStreamTable(store.db, id, fields);
  ensurePositionColumns(store.db, id);
  return { store, id };
}

// Every fifth row carries flags and a device time: the packed hand-over must keep text, numbers and nulls apart.
const row = (seq: number, recording: number | null = null): StreamReading => [1000 + seq, seq % 5 === 0 ? seq / 4 : null, recording, seq % 5 === 0 ? '["high"]' : null, seq];
const at = (partition: string, offset: number): RowPosition => ({ partition, offset: String(offset) });

describe('DeliveryThread: storage on a second thread, acknowledged only once committed', () => {
  it('hands positions on only after the thread commits; redeliveries stored nothing twice; recording counts and offsets reported', async () => {
    const { store, id } = setup();
    const rec = insertRecording(store.db, id, 'r');
    const writer = new DeliveryThread(threadFile, { dbPath: store.path, streamId: id, fieldCount: 1, topic: 'S', resume: [], busyMs: 250 });
    const durable: RowPosition[] = [];
    const counts: (readonly [number, number])[] = [];
    writer.onDurable = (positions) => durable.push(...positions);
    writer.onRecordingCounts = (c) => counts.push(...c);
    for (let s = 1; s <= 300; s++) writer.add(row(s, rec.id), at('p0', s));
    writer.settle(at('p0', 301));
    writer.event('start', { recordingId: rec.id });
    expect(writer.queued).toBe(301);
    writer.flush();
    // Handed over, not yet committed: still the source's backlog, nothing acknowledged.
    expect(writer.queued).toBe(0);
    expect(durable).toEqual([]);
    expect(writer.drain(10_000)).toBe(true);
    expect(durable).toEqual(Array.from({ length: 301 }, (_, i) => at('p0', i + 1)));
    expect(writer.pending).toBe(0);
    expect(counts).toEqual([[rec.id, 300]]);
    // 299 and 300 again (a crash between commit and ack), with 302 new.
    for (const s of [299, 300, 302]) writer.add(row(s, rec.id), at('p0', s));
    expect(writer.drain(10_000)).toBe(true);
    expect({ stored: writer.stored, duplicatesSkipped: writer.duplicatesSkipped }).toEqual({ stored: 301, duplicatesSkipped: 2 });
    expect(writer.offsets()).toEqual([{ topic: 'S', partition: 'p0', first: '1', last: '302', count: 301 }]);
    await writer.close();
    expect(countTableRows(store.db, `st_${id}`)).toBe(301);
    expect(tableRows(store.db, `st_${id}`, { columns: ['host_time', 'device_time', 'recording_id', 'flags', 'f0', 'src_partition', 'src_offset'], where: { f0: 5 } })).toEqual([
      { host_time: 1005, device_time: 1.25, recording_id: rec.id, flags: '["high"]', f0: 5, src_partition: 'p0', src_offset: '5' },
    ]);
    expect(tableRows(store.db, `st_${id}`, { columns: ['device_time', 'flags'], where: { f0: 6 } })).toEqual([{ device_time: null, flags: null }]);
    expect(loadCheckpoints(store.db, id).map((c) => [c.partition, c.lastOffset, c.stored])).toEqual([['p0', '302', 301]]);
    expect(tableRows(store.db, 'stream_events', { columns: ['kind'] })).toEqual([{ kind: 'start' }]);
    store.close();
  });

  it('a locked project: the failure is reported, nothing acknowledged, the rows kept and stored on the retry', async () => {
    const { store, id } = setup();
    const writer = new DeliveryThread(threadFile, { dbPath: store.path, streamId: id, fieldCount: 1, topic: 'S', resume: [], busyMs: 50 });
    const durable: RowPosition[] = [];
    writer.onDurable = (positions) => durable.push(...positions);
    writer.add(row(1), at('p0', 1));
    const release = holdWriteLock(store.path);
    expect(writer.drain(10_000)).toBe(false);
    expect(() => writer.flush()).toThrow(/locked|busy/i);
    expect(durable).toEqual([]);
    expect(writer.pending).toBe(1);
    release();
    // Nothing new queued: a flush after a failure asks the thread to retry what it holds (the first retry went while
    // the lock was still held, so its failure may come first).
    let committed = false;
    for (let attempt = 0; attempt < 5 && !committed; attempt++) {
      try {
        writer.flush();
      } catch {
        // that earlier retry's failure
      }
      committed = writer.drain(10_000);
    }
    expect(committed).toBe(true);
    expect(durable).toEqual([at('p0', 1)]);
    expect(writer.stored).toBe(1);
    await writer.close();
    store.close();
  });
});

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../main/host/testing';
import { ProjectStore } from './store';
import {
  countReadingsBetween,
  ensureStreamTable,
  firstSeqFrom,
  getRecording,
  getStream,
  insertRecording,
  insertStream,
  readingsBetween,
  recordingCountSaver,
  recordingPages,
  streamBatchWriter,
  streamTimeBounds,
  type StreamReading,
} from './streams';

describe('stream readings', () => {
  it('writes readings and events in one batch, then pages a recording and ranges of host time', () => {
    const store = ProjectStore.create(path.join(tempDir(), 'streams.assay'));
    const db = store.db;
    const fields = [{ name: 'a' }, { name: 'b' }];
    const id = insertStream(db, { name: 's', source: { kind: 'replay', path: '/x.csv' }, protocol: { kind: 'csv', delimiter: ',', header: true }, fields });
    ensureStreamTable(db, id, fields);
    const stream = getStream(db, id);
    expect(streamTimeBounds(db, stream)).toBeNull();
    const rec = insertRecording(db, id, 'idle');
    const write = streamBatchWriter(db, id, fields.length);
    // 450 rows: past a multi-row INSERT's batch, so both of its statements run.
    const rows: StreamReading[] = Array.from({ length: 450 }, (_, i) => [1000 + i, i, i >= 100 ? rec.id : null, null, i, `v${i}`]);
    let inside = 0;
    write(rows, [{ at: 1000, kind: 'start', detail: '{}' }], () => inside++);
    expect(inside).toBe(1);
    expect(db.prepare('SELECT count(*) AS n FROM stream_events WHERE stream_id = ?').get(id)).toEqual({ n: 1 });
    recordingCountSaver(db)(new Map([[rec.id, 350]]));
    expect(getRecording(db, rec.id).readings).toBe(350);

    expect(streamTimeBounds(db, stream)).toEqual({ from: 1000, to: 1449 });
    expect(countReadingsBetween(db, stream, 1010, 1019)).toBe(10);
    expect([...readingsBetween(db, stream, 1010, 1011)]).toEqual([
      [1010, 10, 'v10'],
      [1011, 11, 'v11'],
    ]);
    const after = (firstSeqFrom(db, stream, 1100) ?? 0) - 1;
    const page = recordingPages(db, stream, { deviceTime: true });
    const first = page(rec.id, after, 2);
    expect(first).toEqual([
      [101, 1100, 100, 100, 'v100'],
      [102, 1101, 101, 101, 'v101'],
    ]);
    expect(page(rec.id, 450, 10)).toEqual([]);
    expect(recordingPages(db, stream, { deviceTime: false })(rec.id, after, 1)).toEqual([[101, 1100, 100, 'v100']]);
    store.close();
  });
});

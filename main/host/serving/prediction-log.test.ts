import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tableRows } from '../../../native-workers/project/inspect';
import { ProjectStore } from '../../../native-workers/project/store';
import { tempDir } from '../testing';
import { PredictionLog } from './prediction-log';

describe('PredictionLog (written by its worker thread; needs the built dist/)', () => {
  it('writes every prediction through its thread, flush() returns once they are on disk, close() once its connection is closed', async () => {
    const file = path.join(tempDir(), 'log.assay');
    const store = ProjectStore.create(file);
    const log = new PredictionLog(file, { flushMs: 5 });
    for (let i = 0; i < 250; i++) log.add('m', 1, [{ x: i }, `{"x":${-i}}`], [{ label: 'a' }, { label: 'b' }], 0.5);
    log.flush();
    expect(log.written).toBe(500);
    expect(log.pendingCount).toBe(0);
    const rows = tableRows(store.db, 'predictions', { columns: ['input', 'output'], orderBy: 'id' }).slice(0, 2);
    expect(rows).toEqual([
      { input: '{"x":0}', output: '{"label":"a"}' },
      { input: '{"x":0}', output: '{"label":"b"}' },
    ]);
    store.close();
    // The thread's is then the last connection: closing it folds the WAL in and removes it.
    await log.close();
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });

  it("writes a recommender's events off the serving thread, in one go per flush, and holds none back at close", () => {
    const file = path.join(tempDir(), 'recs.assay');
    const store = ProjectStore.create(file);
    // A flush interval no test waits for: only close() can have put them on disk.
    const log = new PredictionLog(file, { flushMs: 60_000 });
    for (let i = 0; i < 3; i++) {
      log.recsEvents({ model: 'shop', version: 2, source: i === 2 ? 'mqtt' : 'http', at: 1000 + i, events: [{ user: `u${i}`, item: 'i1', weight: i + 1, knownItem: i !== 1, ...(i === 0 ? { recommendationId: 'r0' } : {}) }] });
    }
    expect(tableRows(store.db, 'recs_events', {})).toEqual([]);
    log.close();
    expect(tableRows(store.db, 'recs_events', { columns: ['model', 'version', 'user', 'weight', 'known_item', 'recommendation_id', 'source', 'at'], orderBy: 'id' })).toEqual([
      { model: 'shop', version: 2, user: 'u0', weight: 1, known_item: 1, recommendation_id: 'r0', source: 'http', at: 1000 },
      { model: 'shop', version: 2, user: 'u1', weight: 2, known_item: 0, recommendation_id: null, source: 'http', at: 1001 },
      { model: 'shop', version: 2, user: 'u2', weight: 3, known_item: 1, recommendation_id: null, source: 'mqtt', at: 1002 },
    ]);
    store.close();
  });

  it('counts what it cannot write as dropped instead of failing the server', () => {
    const log = new PredictionLog(path.join(tempDir(), 'gone', 'missing.assay'));
    log.add('m', 1, [{ x: 1 }], [1], 0.1);
    log.flush();
    expect(log.dropped).toBe(1);
    expect(log.written).toBe(0);
    log.close();
  });

  it('bounds its buffer: beyond maxPending predictions are counted as dropped', () => {
    const log = new PredictionLog(null, { maxPending: 2 });
    log.add('m', 1, [{}, {}, {}], [1, 2, 3], 0.1);
    expect(log.enabled).toBe(false);
    expect(log.dropped).toBe(0);
    const file = path.join(tempDir(), 'b.assay');
    ProjectStore.create(file).close();
    const bounded = new PredictionLog(file, { maxPending: 2, flushMs: 60_000 });
    bounded.add('m', 1, [{}, {}, {}], [1, 2, 3], 0.1);
    expect(bounded.dropped).toBe(1);
    bounded.flush();
    expect(bounded.written).toBe(2);
    bounded.close();
  });
});

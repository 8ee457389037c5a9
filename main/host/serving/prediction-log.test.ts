import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tableRows } from '../../../native-workers/project/inspect';
import { ProjectStore } from '../../../native-workers/project/store';
import { tempDir } from '../testing';
import { PredictionLog } from './prediction-log';

describe('PredictionLog (written by its worker thread; needs the built dist/)', () => {
  it('writes every prediction through its thread, and flush() returns once they are on disk', () => {
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
    log.close();
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

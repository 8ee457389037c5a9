import { build } from 'esbuild';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ProjectStore } from '../project/store';
import { tempDir } from '../../main/host/testing';
import { DatasetWriter, type SourceValue } from '../ingest/writer';
import { BatchInserter } from '../project/batch-insert';
import { insertRowBatch, RowBatchEncoder } from './row-batch';
import { RowWriterThread } from './row-writer';
import { createImportingDataset, readRows } from '../project/datasets';
import { chunkRows } from '../project/columns/chunk-codec';
import { datasetStorage } from '../project/columns/chunk-store';
import { withNewStorage } from '../project/columns/testing';
import { openScratchTable, scratchTable } from '../project/dataset-tables';
import { countTableRows, datasetCells, tableCells } from '../project/inspect';

// Inside the repository, so the bundle's require('better-sqlite3') finds node_modules.
const threadFile = path.resolve(__dirname, '../../node_modules/.cache/assay-tests/row-writer-thread.cjs');

beforeAll(async () => {
  await build({ entryPoints: [path.join(__dirname, 'row-writer-thread.ts')], bundle: true, platform: 'node', format: 'cjs', packages: 'external', outfile: threadFile, logLevel: 'warning' });
});

const odd = ['', 'ünïcødé ✓', 'a\u0000b', ' padded ', 'x'.repeat(5000)];

describe('RowBatchEncoder', () => {
  it('packs nulls, numbers, strings (empty, non-ASCII, NUL) and bigints, past its first capacity, and unpacks them as they were', () => {
    const db = openScratchTable(3);
    const enc = new RowBatchEncoder(3, 4);
    const rows: (string | number | bigint | null)[][] = [];
    for (let i = 0; i < 11; i++) rows.push([i % 3 === 0 ? null : i * 0.5, odd[i % odd.length]!, i === 7 ? 2n ** 62n : -i]);
    for (const r of rows) {
      r.forEach((v, c) => enc.set(c, v));
      enc.commitRow();
    }
    enc.keep([3, 'raw', 'why', '[]', null]);
    const batch = enc.take();
    expect(batch.quarantine).toEqual([[3, 'raw', 'why', '[]', null]]);
    expect(enc.take().rows).toBe(0);
    db.defaultSafeIntegers(true);
    db.transaction(() => insertRowBatch(batch, 3, new BatchInserter(db, scratchTable, null, 3))).immediate();
    const back = tableCells(db, scratchTable);
    expect(back.map((r) => [r[0] === null ? null : Number(r[0]), r[1], typeof r[2] === 'bigint' && r[2] > 2n ** 53n ? r[2] : Number(r[2])])).toEqual(rows);
  });
});

describe('DatasetWriter on a row-writer thread', () => {
  function store(): ProjectStore {
    const s = ProjectStore.create(path.join(tempDir(), 'w.assay'));
    expect(createImportingDataset(s.db, 'one-thread', 's').id).toBe(1);
    expect(createImportingDataset(s.db, 'two-threads', 's').id).toBe(2);
    return s;
  }

  it('stores the same rows, types, quarantine and counts as on one thread', () => {
    const s = store();
    const batches: SourceValue[][][] = [];
    for (let b = 0; b < 3; b++) {
      const rows: SourceValue[][] = [];
      for (let i = 0; i < 2500; i++) {
        const n = b * 2500 + i;
        rows.push(n % 997 === 5 ? [String(n)] : [String(n), odd[n % odd.length]!, n % 50 === 0 ? 'NA' : n === 6001 ? '1.5' : String(n % 9)]);
      }
      batches.push(rows);
    }
    for (const [id, file] of [[1, null], [2, threadFile]] as const) {
      const w = new DatasetWriter(s.db, id, [], undefined, file);
      w.begin(['id', 'text', 'n'], ['integer', 'text', 'integer']);
      for (const rows of batches) w.writeBatch(rows, (r) => r.join(','));
      w.reject('a,"b', 'unterminated quote');
      w.finish({ source: 'test' });
      expect(w.counts).toEqual({ rowsRead: 7501, rowsStored: 7492, rowsQuarantined: 9 });
    }
    const table = (id: number): unknown[] => datasetCells(s.db, id);
    expect(table(2)).toEqual(table(1));
    const q = (id: number): unknown[] => tableCells(s.db, 'quarantine', { columns: ['line', 'raw', 'reason', 'fields'], where: { dataset_id: id }, orderBy: 'line' });
    expect(q(2)).toEqual(q(1));
    const types = (id: number): unknown[] => tableCells(s.db, 'dataset_columns', { columns: ['type'], where: { dataset_id: id }, orderBy: 'position' }).map((r) => r[0]);
    expect(types(2)).toEqual(['integer', 'text', 'number']);
    expect(types(2)).toEqual(types(1));
    s.close();
  });

  it("hands the thread's failure, with its SQLite code, to the import thread", () => {
    const s = store();
    const t = new RowWriterThread(threadFile, { dbPath: s.path, table: 'no_such_table', width: 2, datasetId: 1, storage: 'rows' });
    try {
      t.set(0, 1);
      t.set(1, 'x');
      t.commitRow();
      let caught: unknown = null;
      try {
        t.drain();
      } catch (err) {
        caught = err;
      }
      expect(caught).toMatchObject({ message: expect.stringMatching(/no such table: no_such_table/), code: 'SQLITE_ERROR' });
      // It stays failed: the next batch is refused at once, not stored.
      expect(() => t.send()).toThrow(/no such table/);
    } finally {
      t.dispose();
      s.close();
    }
  });
});

describe('DatasetWriter into column chunks (ASSAY_DATASET_STORAGE=columns)', () => {
  it('stores, on one thread and on the row-writer thread, the rows, types, quarantine and counts a row table holds, across chunk boundaries', () => {
    const s = ProjectStore.create(path.join(tempDir(), 'c.assay'));
    const n = 2 * chunkRows + 777;
    const batches: SourceValue[][][] = [];
    for (let at = 0; at < n; at += 10_000) {
      const rows: SourceValue[][] = [];
      for (let k = at; k < Math.min(n, at + 10_000); k++) {
        rows.push(k % 9973 === 5 ? [String(k)] : [String(k), odd[k % odd.length]!, k % 50 === 0 ? 'NA' : k === 70_001 ? '1.5' : String(k % 9), k % 3 === 0 ? 'yes' : 'no']);
      }
      batches.push(rows);
    }
    const ids: number[] = [];
    for (const [storage, file] of [['rows', null], ['columns', null], ['columns', threadFile]] as const) {
      const { id } = withNewStorage(storage, () => {
        const made = createImportingDataset(s.db, `${storage}-${file ? 'thread' : 'inline'}`, 's');
        const w = new DatasetWriter(s.db, made.id, [], undefined, file);
        w.begin(['id', 'text', 'n', 'flag'], ['integer', 'text', 'integer', 'text']);
        for (const rows of batches) w.writeBatch(rows, (r) => r.join(','));
        w.reject('a,"b', 'unterminated quote');
        w.finish({ source: 'test' });
        expect(w.counts.rowsQuarantined).toBe(Math.floor((n - 6) / 9973) + 1 + 1);
        return made;
      });
      expect(datasetStorage(s.db, id)).toBe(storage);
      ids.push(id);
    }
    const [rows, inline, thread] = ids as [number, number, number];
    // Chunks, no row table: 3 chunks × 4 columns for each columnar dataset.
    expect(countTableRows(s.db, 'dataset_chunks', { dataset_id: inline })).toBe(12);
    expect(countTableRows(s.db, 'dataset_chunks', { dataset_id: thread })).toBe(12);
    expect(countTableRows(s.db, 'sqlite_master', { name: `ds_${thread}` })).toBe(0);
    for (const offset of [0, chunkRows - 5, 2 * chunkRows - 3, n - 20]) {
      const want = readRows(s.db, rows, offset, 300);
      expect(want.rows.length).toBeGreaterThan(0);
      expect(readRows(s.db, inline, offset, 300)).toEqual({ ...want, datasetId: inline });
      expect(readRows(s.db, thread, offset, 300)).toEqual({ ...want, datasetId: thread });
    }
    const q = (id: number): unknown[] => tableCells(s.db, 'quarantine', { columns: ['line', 'raw', 'reason', 'fields'], where: { dataset_id: id }, orderBy: 'line' });
    expect(q(thread)).toEqual(q(rows));
    expect(q(inline)).toEqual(q(rows));
    s.close();
  });
});

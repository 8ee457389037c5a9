import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../main/host/testing';
import type { Cell, ColumnType } from '../../../preload/contract/types';
import { datasetTable, readRows, recountDataset, requireReadyDataset } from '../datasets';
import { compactRowTable } from '../dataset-tables';
import { countTableRows, tableRows } from '../inspect';
import { castColumnToText, rowInserter, type RowFilter } from '../rows';
import { ProjectStore } from '../store';
import { chunkRows } from './chunk-codec';
import { datasetColumnArrays, datasetFirstRows, datasetRowPages, datasetSpreadRows, storedRowCount } from './dataset-rows';
import { appendChunkRows, castChunkColumnToText, keepChunkColumns, mapColumnChunks, rewriteChunks } from './rewrite';
import { columnDataset, rowDataset } from './testing';

const types: ColumnType[] = ['integer', 'number', 'categorical', 'text', 'boolean'];
const columns = types.map((type, j) => ({ name: `c${j}`, type }));

function row(i: number): Cell[] {
  return [i, i % 11 === 0 ? null : (i % 97) - 40.5, ['a', 'b', null, 'c'][i % 4]!, i % 7 === 0 ? `t${i}` : i % 7 === 1 ? 3 : null, i % 3 === 0 ? 1 : 0];
}

function pages(gen: Generator<Cell[][]>): Cell[][] {
  return [...gen].flat();
}

/** The same data twice, once per storage, across three chunks (the last partial). */
function both(n = 2 * chunkRows + 777): { store: ProjectStore; rows: number; cols: number; n: number } {
  const store = ProjectStore.create(path.join(tempDir(), 'both.assay'));
  const rows = rowDataset(store.db, 'rows', columns, n, row);
  const cols = columnDataset(store.db, 'cols', columns, n, row);
  return { store, rows, cols, n };
}

describe('a dataset read row by row, whatever its storage', () => {
  it('gives the same pages, columns, filters, samples and counts on a row table and on column chunks', () => {
    const { store, rows, cols, n } = both(chunkRows + 777);
    const db = store.db;
    const r = requireReadyDataset(db, rows);
    const c = requireReadyDataset(db, cols);
    const filters: (RowFilter | undefined)[] = [undefined, { kind: 'null', column: 1 }, { kind: 'number', column: 3 }, { kind: 'number-outside', column: 1, lo: -20, hi: 30 }];
    for (const filter of filters) {
      for (const opts of [{}, { columns: [3, 0] }, { columns: [] }]) {
        const o = { ...opts, ...(filter ? { filter } : {}) };
        const a = pages(datasetRowPages(db, r, 5000, o));
        const b = pages(datasetRowPages(db, c, 5000, o));
        expect(b.length).toBeGreaterThan(0);
        // As JSON: a deep equal of 66k rows is slow on a busy machine, and cells are numbers, text and null only.
        expect(JSON.stringify(b)).toBe(JSON.stringify(a));
      }
    }
    // Page sizes as rowPages makes them: full pages, then the rest.
    expect([...datasetRowPages(db, c, 30_000)].map((p) => p.length)).toEqual([...datasetRowPages(db, r, 30_000)].map((p) => p.length));
    expect(datasetFirstRows(db, c, 7)).toEqual(datasetFirstRows(db, r, 7));
    expect(datasetSpreadRows(db, c, 97, 500)).toEqual(datasetSpreadRows(db, r, 97, 500));
    expect(datasetSpreadRows(db, c, 1, 10)).toEqual(datasetSpreadRows(db, r, 1, 10));
    expect(datasetColumnArrays(db, c, [2, 1])).toEqual(datasetColumnArrays(db, r, [2, 1]));
    expect(storedRowCount(db, c)).toBe(n);
    expect(storedRowCount(db, r)).toBe(n);
    store.close();
  });
});

describe('rewriting a columnar dataset in a transaction', () => {
  it('rewrites all rows (some left out) as compactRowTable does, with no chunk left under the scratch id', () => {
    const { store, rows, cols } = both();
    const db = store.db;
    const gone = new Set([1, 2, chunkRows, chunkRows + 1, 2 * chunkRows + 5]);
    db.transaction(() => {
      compactRowTable(db, datasetTable(rows), types.length, gone);
      const c = requireReadyDataset(db, cols);
      function* kept(): Generator<Cell[]> {
        for (const page of datasetRowPages(db, c, 1000)) for (const [rowid, ...cells] of page) if (!gone.has(rowid)) yield cells;
      }
      rewriteChunks(db, cols, types.length, kept());
    }).immediate();
    const r = requireReadyDataset(db, rows);
    const c = requireReadyDataset(db, cols);
    expect(pages(datasetRowPages(db, c, 10_000))).toEqual(pages(datasetRowPages(db, r, 10_000)));
    expect(countTableRows(db, 'dataset_chunks', { dataset_id: -cols })).toBe(0);
    recountDataset(db, cols);
    expect(readRows(db, cols, 0, 1).total).toBe(storedRowCount(db, r));
    store.close();
  });

  it('appends rows after a partial last chunk and after a full one, as the row table appends them', () => {
    for (const n of [chunkRows + 10, chunkRows]) {
      const { store, rows, cols } = both(n);
      const db = store.db;
      const more = Array.from({ length: chunkRows - 5 }, (_, k) => row(1_000_000 + k));
      const lastChunkBefore = tableRows(db, 'dataset_chunks', { columns: ['id'], where: { dataset_id: cols, chunk: 0 } });
      db.transaction(() => {
        const insert = rowInserter(db, datasetTable(rows), null, types.length);
        for (const m of more) insert.one(m);
        appendChunkRows(db, cols, types.length, more);
      }).immediate();
      const r = requireReadyDataset(db, rows);
      const c = requireReadyDataset(db, cols);
      expect(pages(datasetRowPages(db, c, 10_000))).toEqual(pages(datasetRowPages(db, r, 10_000)));
      expect(storedRowCount(db, c)).toBe(n + more.length);
      // The chunks before the last are not rewritten (their ids stay).
      expect(tableRows(db, 'dataset_chunks', { columns: ['id'], where: { dataset_id: cols, chunk: 0 } })).toEqual(lastChunkBefore);
      store.close();
    }
  });

  it('maps one column and drops columns, the others untouched', () => {
    const { store, cols } = both(chunkRows + 50);
    const db = store.db;
    const c = requireReadyDataset(db, cols);
    const before = pages(datasetRowPages(db, c, 10_000));
    const other = tableRows(db, 'dataset_chunks', { columns: ['id'], where: { dataset_id: cols, position: 0 } });
    const nonNull = db.transaction(() => mapColumnChunks(db, cols, 2, (v) => `x${String(v)}`)).immediate();
    expect(nonNull).toBe(before.filter((r) => r[3] !== null).length);
    const mapped = pages(datasetRowPages(db, c, 10_000));
    expect(mapped).toEqual(before.map((r) => r.map((v, j) => (j === 3 && v !== null ? `x${String(v)}` : v))));
    expect(tableRows(db, 'dataset_chunks', { columns: ['id'], where: { dataset_id: cols, position: 0 } })).toEqual(other);

    db.transaction(() => keepChunkColumns(db, cols, [1, 3, 4])).immediate();
    expect(pages(datasetRowPages(db, c, 10_000))).toEqual(mapped.map((r) => [r[0], r[2], r[4], r[5]]));
    expect(countTableRows(db, 'dataset_chunks', { dataset_id: cols })).toBe(3 * 2);
    store.close();
  });

  it('casts the numbers of a column to text as SQLite CAST does on the row table', () => {
    const { store, rows, cols } = both(300);
    const db = store.db;
    db.transaction(() => {
      castColumnToText(db, datasetTable(rows), 1);
      castChunkColumnToText(db, cols, 1);
    }).immediate();
    const a = pages(datasetRowPages(db, requireReadyDataset(db, rows), 1000));
    const b = pages(datasetRowPages(db, requireReadyDataset(db, cols), 1000));
    expect(b.map((r) => r[2])).toContain('-40.5');
    expect(b).toEqual(a);
    store.close();
  });
});

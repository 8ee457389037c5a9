import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../main/host/testing';
import type { Cell, ColumnType } from '../../../preload/contract/types';
import { loadDataset } from '../../jobs/train/data';
import { datasetTable, discardDataset, readRows } from '../datasets';
import { countTableRows } from '../inspect';
import { ProjectStore } from '../store';
import { chunkRows, encodeChunk } from './chunk-codec';
import { chunkWriter, columnZones, datasetStorage } from './chunk-store';
import { convertToColumns } from './convert';
import { columnDataset, rowDataset } from './testing';

const types: ColumnType[] = ['integer', 'number', 'categorical', 'date', 'text'];

function row(i: number): Cell[] {
  return [i, i % 13 === 0 ? null : i / 7, ['red', 'grün', '青'][i % 3]!, `2024-01-${String((i % 28) + 1).padStart(2, '0')}`, i % 5 === 0 ? '' : `note ${i}`];
}

/** Cells that differ (Object.is: NaN equals NaN), cheaper than a deep equal of 100k-cell columns. */
function differences(a: ArrayLike<unknown>, b: ArrayLike<unknown>): number {
  let d = Math.abs(a.length - b.length);
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (!Object.is(a[i], b[i])) d++;
  return d;
}

describe('columnar datasets', () => {
  it('read back as the row table did: grid pages across chunk boundaries and the training frame', () => {
    const store = ProjectStore.create(path.join(tempDir(), 'columns.assay'));
    const db = store.db;
    const n = 2 * chunkRows + 1234;
    const id = rowDataset(db, 'mixed', types.map((type, j) => ({ name: `c${j}`, type })), n, row);
    const offsets = [0, chunkRows - 3, 2 * chunkRows + 1000, n - 2, n + 5];
    const pagesBefore = offsets.map((o) => readRows(db, id, o, 10));
    const frameBefore = loadDataset(db, id, () => {});

    expect(convertToColumns(db, id, types.length)).toBe(n);
    expect(datasetStorage(db, id)).toBe('columns');
    expect(countTableRows(db, 'sqlite_master', { name: datasetTable(id) })).toBe(0);

    const pagesAfter = offsets.map((o) => readRows(db, id, o, 10));
    expect(pagesAfter).toEqual(pagesBefore);
    expect(pagesAfter[1]!.rows.map((r) => r[0])).toEqual([65533, 65534, 65535, 65536, 65537, 65538, 65539, 65540, 65541, 65542]);
    expect(pagesAfter[3]!.rows).toEqual([row(n - 2), row(n - 1)]);
    expect(pagesAfter[4]!.rows).toEqual([]);
    const frameAfter = loadDataset(db, id, () => {});
    expect(frameAfter.frame.rows).toBe(n);
    expect(frameAfter.frame.columns.map((c) => c.kind)).toEqual(['numeric', 'numeric', 'categorical', 'date', 'categorical']);
    expect(frameAfter.frame.columns.map((c, j) => differences(c.values, frameBefore.frame.columns[j]!.values))).toEqual([0, 0, 0, 0, 0]);
    expect([...frameAfter.unparsed, ...frameAfter.unparsedDates, ...frameAfter.coerced]).toEqual([]);

    const zones = columnZones(db, id, 0);
    expect(zones.map((z) => [z.min, z.max])).toEqual([
      [0, chunkRows - 1],
      [chunkRows, 2 * chunkRows - 1],
      [2 * chunkRows, n - 1],
    ]);
    expect(columnZones(db, id, 2).map((z) => z.distinct)).toEqual([3, 3, 3]);
    // Converting twice changes nothing; discarding the dataset takes its chunks.
    expect(convertToColumns(db, id, types.length)).toBe(0);
    discardDataset(db, id);
    expect(countTableRows(db, 'dataset_chunks')).toBe(0);
    store.close();
  });

  it('store a column that turns from numbers to text mid-chunk, and never serve a rewritten chunk from the grid cache', () => {
    const store = ProjectStore.create(path.join(tempDir(), 'switch.assay'));
    const db = store.db;
    const cells: Cell[] = [1, null, 2.5, 'x', null, -0, 'ü'];
    const id = columnDataset(db, 'switch', [{ name: 'v', type: 'text' }], cells.length, (i) => [cells[i]!]);
    expect(readRows(db, id, 0, 10).rows).toEqual(cells.map((c) => [c]));
    expect(Object.is(readRows(db, id, 5, 1).rows[0]![0], -0)).toBe(true);
    db.transaction(() => chunkWriter(db)(id, 0, 0, 7, encodeChunk(['a', 'b', 'c', 'd', 'e', 'f', 'g']))).immediate();
    expect(readRows(db, id, 0, 2).rows).toEqual([['a'], ['b']]);
    store.close();
  });
});

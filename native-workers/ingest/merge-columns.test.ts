import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../main/host/testing';
import type { Cell, ColumnType } from '../../preload/contract/types';
import { chunkRows } from '../project/columns/chunk-codec';
import { datasetStorage } from '../project/columns/chunk-store';
import { columnDataset, rowDataset } from '../project/columns/testing';
import { datasetColumns, getDataset, readRows } from '../project/datasets';
import { countTableRows } from '../project/inspect';
import type { Db } from '../project/open';
import { ProjectStore } from '../project/store';
import { mergeStaging } from './incremental/append';
import { mergeInto } from './merge';

const columns: { name: string; type: ColumnType }[] = [
  { name: 'id', type: 'integer' },
  { name: 'v', type: 'number' },
  { name: 's', type: 'categorical' },
];
const targetRows = chunkRows + 4464;
const target = (i: number): Cell[] => [i, i * 0.5, ['a', 'b', 'c'][i % 3]!];
// A refresh: ids 70,000…70,009 (the last 10 rows) change, 70,010… are new (70,012 twice: the last
// wins), id 5 (first chunk) changes, and a row without a key is appended.
const refresh: Cell[][] = [
  ...Array.from({ length: 20 }, (_, k) => [targetRows - 10 + k, -k, 'r'] as Cell[]),
  [targetRows + 2, 999, 'again'],
  [5, 5.5, 'five'],
  [null, 1, 'nokey'],
];

type Make = typeof rowDataset;

/** Every row of a dataset, through the grid's reader, and its counts. */
function contents(db: Db, id: number): unknown {
  const rows: (readonly Cell[])[] = [];
  for (let at = 0; ; at += 5000) {
    const page = readRows(db, id, at, 5000).rows;
    if (page.length === 0) break;
    rows.push(...page);
  }
  const ds = getDataset(db, id);
  return { rows, rowCount: ds.rowCount, columns: datasetColumns(db, id).map((c) => [c.name, c.type]) };
}

describe('append and refresh-merge into a columnar dataset', () => {
  it('merges by key as the row table does (in-place updates across chunks, new keys appended, last of a key wins), whatever storage each side has', () => {
    const store = ProjectStore.create(path.join(tempDir(), 'merge.assay'));
    const db = store.db;
    const results: unknown[] = [];
    const cases: [Make, Make][] = [
      [rowDataset, rowDataset],
      [columnDataset, columnDataset],
      [columnDataset, rowDataset],
      [rowDataset, columnDataset],
    ];
    for (const [makeTarget, makeStaging] of cases) {
      const t = makeTarget(db, 'target', columns, targetRows, target);
      const s = makeStaging(db, 'staging', columns, refresh.length, (i) => refresh[i]!);
      const out = db.transaction(() => mergeInto(db, s, t, 'id')).immediate();
      expect(out).toEqual({ updated: 11, inserted: 11 });
      expect(datasetStorage(db, t)).toBe(makeTarget === rowDataset && makeStaging === rowDataset ? 'rows' : 'columns');
      results.push(contents(db, t));
      expect(countTableRows(db, 'datasets', { id: s })).toBe(0);
      expect(countTableRows(db, 'dataset_chunks', { dataset_id: s })).toBe(0);
    }
    const [want] = results as [{ rows: Cell[][]; rowCount: number }];
    expect(want.rowCount).toBe(targetRows + 11);
    expect(want.rows[5]).toEqual([5, 5.5, 'five']);
    expect(want.rows[targetRows - 1]).toEqual([targetRows - 1, -9, 'r']);
    expect(want.rows.slice(targetRows)).toEqual([...refresh.slice(10, 12), ...refresh.slice(13, 20), [targetRows + 2, 999, 'again'], [null, 1, 'nokey']]);
    for (const r of results.slice(1)) expect(r).toEqual(want);
    store.close();
  });

  it('appends a file that adds a column and changes a type (casts, nulls) as the row table does, rewriting only the last partial chunk', () => {
    const store = ProjectStore.create(path.join(tempDir(), 'append.assay'));
    const db = store.db;
    const staged = [
      { name: 'ID', type: 'integer' as const },
      { name: 'v', type: 'text' as const },
      { name: 'extra', type: 'boolean' as const },
    ];
    const file: Cell[][] = Array.from({ length: chunkRows }, (_, k) => [10_000_000 + k, k % 7 === 0 ? 'x' : String(k / 4), k % 2]);
    const results: unknown[] = [];
    for (const make of [rowDataset, columnDataset]) {
      const t = make(db, 'target', columns, targetRows, target);
      const s = make(db, 'staging', staged, file.length, (i) => file[i]!);
      const outcome = mergeStaging(db, s, t, staged, { datasetId: t, addColumns: true, castTypes: true }, 'feb.csv', (d, o) => ({ differences: d.length, ...o }));
      expect(outcome).toEqual({ rowsAppended: chunkRows, quarantinedAppended: 0, castToNull: Math.ceil(chunkRows / 7), columnsAdded: ['extra'] });
      results.push(contents(db, t));
    }
    const [rows, cols] = results as [{ rows: Cell[][]; rowCount: number }, unknown];
    expect(rows.rowCount).toBe(targetRows + chunkRows);
    expect(rows.rows[0]).toEqual([0, 0, 'a', null]);
    expect(rows.rows[targetRows + 1]).toEqual([10_000_001, 0.25, null, 1]);
    expect(rows.rows[targetRows + 7]).toEqual([10_000_007, null, null, 1]);
    expect(cols).toEqual(rows);
    store.close();
  });
});

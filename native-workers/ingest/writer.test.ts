import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Cell } from '../../preload/contract/types';
import { createImportingDataset } from '../project/datasets';
import { datasetCells, tableRows } from '../project/inspect';
import { listLineage } from '../project/lineage';
import { ProjectStore } from '../project/store';
import { tempDir } from '../../main/host/testing';
import type { RowIssue, RowStage } from './stages';
import { DatasetWriter } from './writer';

function project(): ProjectStore {
  const store = ProjectStore.create(path.join(tempDir(), 'w.assay'));
  expect(createImportingDataset(store.db, 'd', 's').id).toBe(1);
  return store;
}

/** A cleansing step and a rule, the two kinds of stage: one rewrites cells, the other rejects rows. */
const trim: RowStage & { changed: number } = {
  name: 'trim',
  changed: 0,
  process(row: Cell[]): readonly RowIssue[] {
    for (let i = 0; i < row.length; i++) {
      const v = row[i];
      if (typeof v === 'string' && v !== v.trim()) {
        row[i] = v.trim();
        this.changed++;
      }
    }
    return [];
  },
  summary() {
    return { cellsChanged: this.changed };
  },
};
const positive: RowStage = {
  name: 'rules',
  process: (row) => (typeof row[1] === 'number' && row[1] < 0 ? [{ rule: 'range', column: 'n', message: 'must be ≥ 0' }] : []),
  summary: () => ({}),
};

describe('DatasetWriter', () => {
  it('converts, runs stages in order, quarantines rejected and broken rows with their raw text, and widens types', () => {
    const store = project();
    const w = new DatasetWriter(store.db, 1, [trim, positive]);
    w.begin(['name', 'n'], ['text', 'integer']);
    const rows = [[' a ', '1'], ['b', '-2'], ['c'], ['d', '2.5'], ['e', 'NA']];
    w.writeBatch(rows, (r) => r.join(','), (_, k) => (k === 4 ? 'malformed quotes' : null));
    w.writeBatch([[7n, true]], (r) => String(r));
    w.finish({ source: 'test' });
    expect(w.counts).toEqual({ rowsRead: 6, rowsStored: 3, rowsQuarantined: 3 });
    expect(datasetCells(store.db, 1)).toEqual([
      ['a', 1],
      ['d', 2.5],
      [7, 1],
    ]);
    expect(tableRows(store.db, 'quarantine', { columns: ['line', 'raw', 'reason'], orderBy: 'line' })).toEqual([
      { line: 2, raw: 'b,-2', reason: 'n: must be ≥ 0' },
      { line: 3, raw: 'c', reason: 'expected 2 fields, found 1' },
      { line: 5, raw: 'e,NA', reason: 'malformed quotes' },
    ]);
    // A boolean after numbers cannot stay numeric.
    expect(tableRows(store.db, 'dataset_columns', { columns: ['name', 'type'], orderBy: 'position' })).toEqual([
      { name: 'name', type: 'text' },
      { name: 'n', type: 'text' },
    ]);
    const lineage = listLineage(store.db, 1)[0]?.detail;
    expect(lineage).toMatchObject({ source: 'test', rowsRead: 6, rowsStored: 3, rowsQuarantined: 3, stages: { trim: { cellsChanged: 1 } } });
    expect(tableRows(store.db, 'datasets', { columns: ['status', 'row_count', 'quarantined_count'] })).toEqual([{ status: 'ready', row_count: 3, quarantined_count: 3 }]);
    store.close();
  });

  it('an age column with 2 % stray text is typed integer; the rows of the strays go to quarantine saying why', () => {
    const store = project();
    const w = new DatasetWriter(store.db, 1);
    const rows = Array.from({ length: 100 }, (_, i) => [`p${i}`, i === 10 || i === 60 ? 'n/a?' : String(18 + (i % 50))]);
    w.beginInferred(['name', 'Age'], rows);
    w.writeBatch(rows, (r) => r.join(','));
    // Past the sample too: a value that does not fit is quarantined, the column stays integer.
    w.writeBatch([['late', 'forty']], (r) => r.join(','));
    w.finish({ source: 'test' });
    expect(w.counts).toEqual({ rowsRead: 101, rowsStored: 98, rowsQuarantined: 3 });
    expect(w.typeMisfits).toEqual([{ column: 'Age', type: 'integer', rowsQuarantined: 3 }]);
    expect(tableRows(store.db, 'dataset_columns', { columns: ['type'], where: { name: 'Age' } })).toEqual([{ type: 'integer' }]);
    expect(tableRows(store.db, 'quarantine', { columns: ['line', 'reason'], orderBy: 'line' })).toEqual([
      { line: 11, reason: 'Age: "n/a?" is not an integer' },
      { line: 61, reason: 'Age: "n/a?" is not an integer' },
      { line: 101, reason: 'Age: "forty" is not an integer' },
    ]);
    const lineage = JSON.parse(String(tableRows(store.db, 'lineage', { columns: ['detail'] })[0]?.['detail'])) as Record<string, unknown>;
    expect(lineage['typeMisfits']).toEqual([{ column: 'Age', type: 'integer', rowsQuarantined: 3 }]);
    store.close();
  });
});

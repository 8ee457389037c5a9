import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AssayError } from '../../../preload/contract/errors';
import { createImportingDataset } from '../../project/datasets';
import { datasetCells, storedDatasetCount, tableRows } from '../../project/inspect';
import { listLineage } from '../../project/lineage';
import { ProjectStore } from '../../project/store';
import { tempDir } from '../../../main/host/testing';
import { DatasetWriter } from '../writer';

function project(): ProjectStore {
  const store = ProjectStore.create(path.join(tempDir(), 's.assay'));
  expect(createImportingDataset(store.db, 'd', 's').id).toBe(1);
  return store;
}

const header = ['id', 'when', 'score', 'plan', 'note'];
const rows = Array.from({ length: 30 }, (_, i) => [String(i + 1), `${(i % 28) + 1}.${(i % 12) + 1}.2024`, String(i * 2), ['a', 'b', 'c'][i % 3]!, `n${i}`]);

describe('DatasetWriter with inferred schema and overrides', () => {
  it('stores inferred dates as ISO text with their format, ids as numbers, categories as text', () => {
    const store = project();
    const w = new DatasetWriter(store.db, 1);
    const inferred = w.beginInferred(header, rows);
    expect(inferred.columns.map((c) => c.type)).toEqual(['id', 'date', 'integer', 'categorical', 'text']);
    w.writeBatch(rows, (r) => r.join(','));
    w.finish({ source: 'test' });
    expect(datasetCells(store.db, 1, [0, 1, 2, 3]).slice(0, 2)).toEqual([
      [1, '2024-01-01', 0, 'a'],
      [2, '2024-02-02', 2, 'b'],
    ]);
    expect(tableRows(store.db, 'dataset_columns', { columns: ['name', 'type', 'format', 'source_name'], where: { position: 1 } })).toEqual([{
      name: 'when',
      type: 'date',
      format: 'DD.MM.YYYY',
      source_name: null,
    }]);
    store.close();
  });

  it('renames, drops and retypes; values that do not convert go to quarantine with a type reason', () => {
    const store = project();
    const w = new DatasetWriter(store.db, 1);
    w.beginInferred(header, rows, {
      columns: {
        when: { rename: 'day', type: 'date', format: 'MM.DD.YYYY' },
        score: { type: 'boolean' },
        note: { drop: true },
        plan: { type: 'text', rename: 'tier' },
      },
    });
    const batch = [
      ['1', '3.1.2024', '1', 'a', 'x'],
      ['2', '1.13.2024', 'yes', 'b', 'y'],
      ['3', '13.1.2024', '0', 'c', 'z'],
      ['4', '2.1.2024', '7', 'a', 'w'],
      ['5', 'NA', 'no', 'b', 'v'],
    ];
    w.writeBatch(batch, (r) => r.join(','));
    w.finish({ source: 'test' });
    expect(w.counts).toEqual({ rowsRead: 5, rowsStored: 3, rowsQuarantined: 2 });
    expect(datasetCells(store.db, 1)).toEqual([
      [1, '2024-03-01', 1, 'a'],
      [2, '2024-01-13', 1, 'b'],
      [5, null, 0, 'b'],
    ]);
    expect(tableRows(store.db, 'quarantine', { columns: ['line', 'raw', 'reason'], orderBy: 'line' })).toEqual([
      { line: 3, raw: '3,13.1.2024,0,c,z', reason: 'day: "13.1.2024" is not a date in the format MM.DD.YYYY' },
      { line: 4, raw: '4,2.1.2024,7,a,w', reason: 'score: "7" is not a boolean (true/false, yes/no, 1/0)' },
    ]);
    expect(tableRows(store.db, 'dataset_columns', { columns: ['name', 'type', 'format', 'source_name'], orderBy: 'position' })).toEqual([
      { name: 'id', type: 'id', format: null, source_name: null },
      { name: 'day', type: 'date', format: 'MM.DD.YYYY', source_name: 'when' },
      { name: 'score', type: 'boolean', format: null, source_name: null },
      { name: 'tier', type: 'text', format: null, source_name: 'plan' },
    ]);
    const lineage = listLineage(store.db, 1)[0]?.detail;
    expect(lineage).toMatchObject({ typeFailures: 2, schemaOverrides: { columns: { note: { drop: true } } } });
    store.close();
  });

  it('an inferred type still widens instead of quarantining (no override, no strictness)', () => {
    const store = project();
    const w = new DatasetWriter(store.db, 1);
    w.beginInferred(header, rows);
    w.writeBatch([['31', 'soon', '1.5', 'd', 'x']], (r) => r.join(','));
    w.finish({ source: 'test' });
    expect(w.counts.rowsQuarantined).toBe(0);
    expect(tableRows(store.db, 'dataset_columns', { orderBy: 'position' }).map((r) => r['type'])).toEqual(['id', 'text', 'number', 'categorical', 'text']);
    store.close();
  });

  it('refuses overrides that cannot work before creating anything', () => {
    const store = project();
    const bad = (columns: Record<string, object>): unknown => {
      try {
        new DatasetWriter(store.db, 1).beginInferred(header, rows, { columns });
        return null;
      } catch (err) {
        return err instanceof AssayError ? err.message : err;
      }
    };
    expect(bad({ nope: { drop: true } })).toMatch(/no column "nope"/);
    expect(bad({ score: { rename: 'plan' } })).toMatch(/"plan" is already the name of column/);
    expect(bad({ note: { rename: '  ' } })).toMatch(/new name is empty/);
    expect(bad({ note: { type: 'date' } })).toMatch(/"note" is set to date, but no date format/);
    expect(bad({ when: { type: 'date', format: 'YYYY-MM-DDTHH:mm:ssZ' } })).toMatch(/Set it to datetime/);
    expect(storedDatasetCount(store.db)).toBe(0);
    store.close();
  });
});

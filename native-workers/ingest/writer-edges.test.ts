import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../main/host/testing';
import { createImportingDataset } from '../project/datasets';
import { datasetCells, tableRows } from '../project/inspect';
import { listLineage } from '../project/lineage';
import { ProjectStore } from '../project/store';
import { withNewStorage } from '../project/columns/testing';
import { runToEnd, TablePass } from './recipe/table-pass';
import type { RowStage } from './stages';
import { DatasetWriter } from './writer';

function project(): ProjectStore {
  const store = ProjectStore.create(path.join(tempDir(), 'e.assay'));
  expect(createImportingDataset(store.db, 'd', 's').id).toBe(1);
  return store;
}

const quarantine = (store: ProjectStore): Record<string, unknown>[] => tableRows(store.db, 'quarantine', { columns: ['line', 'reason', 'issues', 'fields'], orderBy: 'line' });

describe('DatasetWriter: types the user set', () => {
  it('names the first failing column, keeps the record’s typed values as text, and undoes what the row widened', () => {
    const store = project();
    const w = new DatasetWriter(store.db, 1, [], { columns: { n: { type: 'integer' }, m: { type: 'integer' } } });
    w.begin(['a', 'n', 'm', 'u', 'd', 'bad'], ['integer', 'number', 'number', 'text', 'text', 'text']);
    expect(w.columns).toEqual(['a', 'n', 'm', 'u', 'd', 'bad']);
    w.writeBatch(
      [
        ['1.5', 'x', 'y', undefined, new Date('2024-01-02T03:04:05Z'), new Date(NaN)],
        ['2', '3', 'NA', undefined, null, null],
        ['1', 'z', '1', null, null, null],
      ],
      (r) => r.map(String).join(','),
    );
    w.finish({ source: 'test' });
    expect(quarantine(store)).toEqual([
      { line: 1, reason: 'n: "x" is not an integer', issues: JSON.stringify([{ rule: 'type', column: 'n', message: '"x" is not an integer' }]), fields: JSON.stringify(['1.5', 'x', 'y', '', '2024-01-02T03:04:05.000Z', '']) },
      { line: 3, reason: 'n: "z" is not an integer', issues: JSON.stringify([{ rule: 'type', column: 'n', message: '"z" is not an integer' }]), fields: JSON.stringify(['1', 'z', '1', '', '', '']) },
    ]);
    // The rejected row's 1.5 does not make `a` a number column; a missing value in a typed column is no failure.
    expect(w.columnTypes).toEqual(['integer', 'integer', 'integer', 'text', 'text', 'text']);
    expect(datasetCells(store.db, 1)).toEqual([[2, 3, null, null, null, null]]);
    expect(listLineage(store.db, 1)[0]).toMatchObject({ event: 'import', detail: { typeFailures: 2 } });
    store.close();
  });

  it('treats empty overrides as none, and records a renamed column’s source name', () => {
    const store = project();
    const w = new DatasetWriter(store.db, 1, [], { columns: {} });
    w.begin(['a'], ['integer']);
    w.writeBatch([['1']], () => '');
    w.finish({ source: 'test' });
    expect(listLineage(store.db, 1)[0]?.detail).toEqual({ source: 'test', rowsRead: 1, rowsStored: 1, rowsQuarantined: 0 });
    store.close();

    const renamed = project();
    const r = new DatasetWriter(renamed.db, 1, [], { columns: { a: { rename: 'b' } } });
    r.begin(['a', 'c'], ['integer', 'integer']);
    r.finish({ source: 'test' });
    expect(tableRows(renamed.db, 'dataset_columns', { columns: ['name', 'source_name'], orderBy: 'position' })).toEqual([
      { name: 'b', source_name: 'a' },
      { name: 'c', source_name: null },
    ]);
    renamed.close();
  });

  it('reads dates in the format the user names', () => {
    const store = project();
    const w = new DatasetWriter(store.db, 1, [], { columns: { d: { type: 'date', format: 'DD/MM/YYYY' } } });
    const rows = [['03/04/2024'], ['05/06/2024']];
    w.beginInferred(['d'], rows);
    w.writeBatch(rows, (r) => r.join(','));
    w.finish({ source: 'test' });
    expect(datasetCells(store.db, 1)).toEqual([['2024-04-03'], ['2024-06-05']]);
    store.close();
  });

  it('counts the rows a misfit in the first column sent to quarantine', () => {
    const store = project();
    const w = new DatasetWriter(store.db, 1);
    const rows = Array.from({ length: 100 }, (_, i) => [i === 10 ? 'n/a?' : String(i)]);
    w.beginInferred(['age'], rows);
    w.writeBatch(rows, (r) => r.join(','));
    w.finish({ source: 'test' });
    expect(w.typeMisfits).toEqual([{ column: 'age', type: 'integer', rowsQuarantined: 1 }]);
    store.close();
  });
});

describe('DatasetWriter: stages and quarantine limits', () => {
  it('stops at the first stage that rejects a row: later stages do not see it, nor take it back', () => {
    const store = project();
    const seen: number[] = [];
    const reject: RowStage = { name: 'reject', process: (row) => (row[0] === 2 ? [{ rule: 'r', column: 'a', message: 'no twos' }] : []), summary: () => ({}) };
    const keep: RowStage = { name: 'keep', process: (row) => (seen.push(row[0] as number), []), summary: () => ({}) };
    const w = new DatasetWriter(store.db, 1, [reject, keep]);
    w.begin(['a'], ['integer']);
    w.writeBatch([['1'], ['2'], ['3']], (r) => r.join(','));
    w.finish({ source: 'test' });
    expect(seen).toEqual([1, 3]);
    expect(datasetCells(store.db, 1)).toEqual([[1], [3]]);
    expect(quarantine(store).map((q) => q['reason'])).toEqual(['a: no twos']);
    store.close();
  });

  it('keeps a record’s fields up to exactly 100,000 characters of JSON', () => {
    const store = project();
    const w = new DatasetWriter(store.db, 1);
    w.begin(['a', 'b'], ['text', 'text']);
    // ["…"] adds 4 characters: 99,996 make exactly 100,000, one more is left out.
    w.writeBatch([['x'.repeat(99_996)], ['y'.repeat(99_997)]], () => 'raw');
    w.finish({ source: 'test' });
    expect(quarantine(store).map((q) => (q['fields'] as string | null)?.length ?? null)).toEqual([100_000, null]);
    store.close();
  });

  it('takes rows a whole-table pass removed off the stored count, on column chunks too', () => {
    for (const storage of ['rows', 'columns'] as const) {
      const store = withNewStorage(storage, () => project());
      const dedupe: RowStage = {
        name: 'dedupe',
        process: () => [],
        summary: () => ({}),
        finishTable: (t) => {
          const pass = new TablePass(t);
          runToEnd(pass.run([{ kind: 'duplicates', keys: [], action: 'drop' }]));
          pass.finish();
        },
      };
      const w = new DatasetWriter(store.db, 1, [dedupe]);
      w.begin(['a'], ['integer']);
      w.writeBatch([['1'], ['2'], ['1'], ['1']], (r) => r.join(','));
      w.finish({ source: 'test' });
      expect(w.counts).toEqual({ rowsRead: 4, rowsStored: 2, rowsQuarantined: 0 });
      expect(datasetCells(store.db, 1)).toEqual([[1], [2]]);
      expect(tableRows(store.db, 'datasets', { columns: ['row_count'] })).toEqual([{ row_count: 2 }]);
      store.close();
    }
  });
});

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ColumnType } from '../../preload/contract/types';
import { tempDir } from '../../main/host/testing';
import { createImportingDataset } from '../project/datasets';
import { datasetCells, tableRows } from '../project/inspect';
import { listLineage } from '../project/lineage';
import { ProjectStore } from '../project/store';
import type { RowStage } from './stages';
import { DatasetWriter, type SourceValue } from './writer';

function project(): ProjectStore {
  const store = ProjectStore.create(path.join(tempDir(), 'v.assay'));
  expect(createImportingDataset(store.db, 'd', 's').id).toBe(1);
  return store;
}

/** One column of typed source values written through a writer; returns the stored cells and the column's final type. */
function column(type: ColumnType, values: SourceValue[]): { cells: unknown[]; type: unknown } {
  const store = project();
  const w = new DatasetWriter(store.db, 1);
  w.begin(['v'], [type]);
  w.writeBatch(values.map((v) => [v]), () => '');
  w.finish({ source: 'test' });
  const out = { cells: datasetCells(store.db, 1).map((r) => r[0]), type: tableRows(store.db, 'dataset_columns', { columns: ['type'] })[0]?.['type'] };
  store.close();
  return out;
}

describe('DatasetWriter: typed source values', () => {
  it('keeps numbers, widening an integer column for a fraction and a boolean one to text; non-finite numbers are missing', () => {
    expect(column('integer', [1, 2.5])).toEqual({ cells: [1, 2.5], type: 'number' });
    expect(column('integer', [1, 2])).toEqual({ cells: [1, 2], type: 'integer' });
    // A boolean after numbers, or numbers after a boolean, cannot stay numeric (ml/infer.ts widen).
    expect(column('boolean', [true, 2])).toEqual({ cells: [1, 2], type: 'text' });
    expect(column('boolean', [false, 0.5])).toEqual({ cells: [0, 0.5], type: 'text' });
    expect(column('boolean', [1, 0])).toEqual({ cells: [1, 0], type: 'text' });
    expect(column('number', [NaN, Infinity, 3])).toEqual({ cells: [null, null, 3], type: 'number' });
  });

  it('stores booleans as 1/0, widening a column of another type', () => {
    expect(column('boolean', [true, false])).toEqual({ cells: [1, 0], type: 'boolean' });
    expect(column('text', [true])).toEqual({ cells: [1], type: 'text' });
  });

  it('stores a safe bigint as a number and a larger one as its digits, in a text column', () => {
    expect(column('integer', [7n])).toEqual({ cells: [7], type: 'integer' });
    expect(column('integer', [2n ** 60n])).toEqual({ cells: ['1152921504606846976'], type: 'text' });
  });

  it('stores dates as ISO text, keeping a datetime column and making another one text; an invalid date is missing', () => {
    const d = new Date('2024-03-01T10:00:00Z');
    expect(column('datetime', [d])).toEqual({ cells: ['2024-03-01T10:00:00.000Z'], type: 'datetime' });
    expect(column('integer', [d])).toEqual({ cells: ['2024-03-01T10:00:00.000Z'], type: 'text' });
    expect(column('integer', [new Date(NaN), 3])).toEqual({ cells: [null, 3], type: 'integer' });
    expect(column('integer', [null, undefined])).toEqual({ cells: [null, null], type: 'integer' });
  });

  it('checks a typed value against a type the user set, as text', () => {
    const store = project();
    const w = new DatasetWriter(store.db, 1, [], { columns: { n: { type: 'integer' } } });
    w.begin(['n'], ['number']);
    w.writeBatch([[3], [2.5], [new Date('2024-01-01T00:00:00Z')]], (r) => String(r[0]));
    w.finish({ source: 'test' });
    expect(datasetCells(store.db, 1)).toEqual([[3]]);
    expect(tableRows(store.db, 'quarantine', { columns: ['line', 'reason'], orderBy: 'line' })).toEqual([
      { line: 2, reason: 'n: "2.5" is not an integer' },
      { line: 3, reason: 'n: "2024-01-01T00:00:00.000Z" is not an integer' },
    ]);
    expect(listLineage(store.db, 1)[0]?.detail).toMatchObject({ schemaOverrides: { columns: { n: { type: 'integer' } } }, typeFailures: 2 });
    store.close();
  });
});

describe('DatasetWriter: quarantine and lineage', () => {
  it('keeps a record it could not parse, with its reason and no fields', () => {
    const store = project();
    const w = new DatasetWriter(store.db, 1);
    w.begin(['a'], ['text']);
    w.reject('{"a":', 'not valid JSON: cut');
    w.writeBatch([['x']], (r) => String(r[0]));
    w.finish({ source: 'test' });
    expect(w.counts).toEqual({ rowsRead: 2, rowsStored: 1, rowsQuarantined: 1 });
    expect(tableRows(store.db, 'quarantine', { columns: ['line', 'raw', 'reason', 'issues', 'fields'] })).toEqual([
      { line: 1, raw: '{"a":', reason: 'not valid JSON: cut', issues: JSON.stringify([{ rule: 'parse', column: null, message: 'not valid JSON: cut' }]), fields: null },
    ]);
    store.close();
  });

  it('cuts a quarantined raw text at 100,000 characters and leaves out fields longer than that', () => {
    const store = project();
    const w = new DatasetWriter(store.db, 1);
    w.begin(['a', 'b'], ['text', 'text']);
    const long = 'x'.repeat(100_001);
    w.writeBatch([[long], ['y'.repeat(99_990)]], (r) => String(r[0]));
    w.finish({ source: 'test' });
    const q = tableRows(store.db, 'quarantine', { columns: ['raw', 'fields'], orderBy: 'line' }) as { raw: string; fields: string | null }[];
    expect(q.map((r) => [r.raw.length, r.fields?.length ?? null])).toEqual([
      [100_000, null],
      [99_990, 99_990 + 4],
    ]);
    store.close();
  });

  it('refuses rows before begin, and hands a lineage function the final figures', () => {
    const store = project();
    const counting: RowStage = { name: 'count', process: () => [], summary: () => ({ seen: 1 }) };
    const w = new DatasetWriter(store.db, 1, [counting]);
    expect(() => w.writeBatch([['x']], () => 'x')).toThrow('DatasetWriter.begin() must come first.');
    expect(w.started).toBe(false);
    w.begin(['a'], ['integer']);
    expect(w.started).toBe(true);
    w.writeBatch([['1'], ['x']], (r) => String(r[0]));
    w.finish((after) => ({ seenColumns: after.columns, seenCounts: after.counts, seenStages: after.stages }), 'append');
    const entry = listLineage(store.db, 1)[0];
    expect(entry?.event).toBe('append');
    expect(entry?.detail).toEqual({
      seenColumns: [{ name: 'a', type: 'text' }],
      seenCounts: { rowsRead: 2, rowsStored: 2, rowsQuarantined: 0 },
      seenStages: { count: { seen: 1 } },
      rowsRead: 2,
      rowsStored: 2,
      rowsQuarantined: 0,
      stages: { count: { seen: 1 } },
    });
    store.close();
  });

  it('starts a column as the type a stage declares for it (the stage itself rejects values that do not fit)', () => {
    const store = project();
    const declaring: RowStage = { name: 'rules', process: () => [], summary: () => ({}), declaredType: (c) => (c === 'n' ? 'integer' : undefined) };
    const w = new DatasetWriter(store.db, 1, [{ name: 'none', process: () => [], summary: () => ({}) }, declaring]);
    w.begin(['n', 't'], ['text', 'text']);
    expect(w.columnTypes).toEqual(['integer', 'text']);
    expect(tableRows(store.db, 'dataset_columns', { columns: ['type'], orderBy: 'position' })).toEqual([{ type: 'integer' }, { type: 'text' }]);
    w.writeBatch([['1', 'a']], (r) => r.join(','));
    w.finish({ source: 'test' });
    expect(datasetCells(store.db, 1)).toEqual([[1, 'a']]);
    store.close();
  });
});

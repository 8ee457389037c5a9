import { build } from 'esbuild';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../main/host/testing';
import { withNewStorage } from '../project/columns/testing';
import { createImportingDataset } from '../project/datasets';
import { datasetCells } from '../project/inspect';
import { ProjectStore } from '../project/store';
import { DatasetWriter } from './writer';

// Inside the repository, so the bundle's require('better-sqlite3') finds node_modules (as runtime/row-writer.test.ts).
const threadFile = path.resolve(__dirname, '../../node_modules/.cache/assay-tests/writer-direct-thread.cjs');

beforeAll(async () => {
  await build({ entryPoints: [path.join(__dirname, '../runtime/row-writer-thread.ts')], bundle: true, platform: 'node', format: 'cjs', packages: 'external', outfile: threadFile, logLevel: 'warning' });
});

function project(storage: 'rows' | 'columns'): ProjectStore {
  return withNewStorage(storage, () => {
    const store = ProjectStore.create(path.join(tempDir(), 'd.assay'));
    expect(createImportingDataset(store.db, 'd', 's').id).toBe(1);
    return store;
  });
}

describe('DatasetWriter.direct(): values straight into the writer thread’s column chunks', () => {
  it('converts values and UTF-8 text as writeBatch does, missing words included, and counts the rows', () => {
    const store = project('columns');
    const w = withNewStorage('columns', () => {
      const made = new DatasetWriter(store.db, 1, [], undefined, threadFile);
      made.begin(['n', 't', 'c'], ['integer', 'text', 'integer']);
      return made;
    });
    expect(w.started).toBe(true);
    const d = w.direct();
    expect(d).not.toBeNull();
    const src = Buffer.from('xhéyNA 12 '); // é is two bytes: 'hé' is bytes 1–4, 'NA' 5–7, ' ' 7–8, '12' 8–10
    d?.value(0, 5);
    d?.text(1, src, 1, 4);
    d?.text(2, src, 8, 10);
    d?.commitRow();
    d?.value(0, '2.5');
    d?.text(1, src, 5, 7);
    d?.text(2, src, 7, 8);
    d?.commitRow();
    w.drain();
    w.finish({ source: 'test' });
    expect(w.counts).toEqual({ rowsRead: 2, rowsStored: 2, rowsQuarantined: 0 });
    expect(w.columnTypes).toEqual(['number', 'text', 'integer']);
    expect(datasetCells(store.db, 1)).toEqual([
      [5, 'hé', 12],
      [2.5, null, null],
    ]);
    store.close();
  });

  it('number() stores what value() would: as it is where the type holds it, widened or null where it does not', () => {
    // Row 1: every number fits its column; row 2: NaN and Infinity are null, 2.5 widens `w`; booleans and text take numbers too.
    const rows: (readonly [number, number][])[] = [
      [[0, 7], [1, 0.25], [2, 3], [3, NaN], [4, 9]],
      [[0, -2], [1, Infinity], [2, 2.5], [3, 1], [4, NaN]],
      [[0, 2 ** 53], [1, -0.5], [2, 4], [3, 0], [4, -1]],
    ];
    const run = (by: 'number' | 'value'): { types: unknown; cells: unknown } => {
      const store = project('columns');
      const w = withNewStorage('columns', () => {
        const made = new DatasetWriter(store.db, 1, [], undefined, threadFile);
        made.begin(['i', 'f', 'w', 'b', 't'], ['integer', 'number', 'integer', 'boolean', 'text']);
        return made;
      });
      const d = w.direct();
      for (const row of rows) {
        for (const [c, v] of row) d?.[by](c, v);
        d?.commitRow();
      }
      w.drain();
      w.finish({ source: 'test' });
      const out = { types: w.columnTypes, cells: datasetCells(store.db, 1) };
      store.close();
      return out;
    };
    const byNumber = run('number');
    expect(byNumber).toEqual(run('value'));
    expect(byNumber.cells).toEqual([
      [7, 0.25, 3, null, 9],
      [-2, null, 2.5, 1, null],
      [2 ** 53, -0.5, 4, 0, -1],
    ]);
    expect((byNumber.types as string[]).slice(0, 3)).toEqual(['integer', 'number', 'number']);
  });

  it('is not offered where rows must be built first: stages, a schema, row storage, no thread', () => {
    const offered = (storage: 'rows' | 'columns', make: (s: ProjectStore) => DatasetWriter): boolean => {
      const store = project(storage);
      const w = withNewStorage(storage, () => {
        const made = make(store);
        made.begin(['a', 'b'], ['text', 'text']);
        return made;
      });
      const d = w.direct();
      w.dispose();
      store.close();
      return d !== null;
    };
    const stage = { name: 's', process: () => [], summary: () => ({}) };
    expect(offered('columns', (s) => new DatasetWriter(s.db, 1, [], undefined, threadFile))).toBe(true);
    expect(offered('columns', (s) => new DatasetWriter(s.db, 1, [stage], undefined, threadFile))).toBe(false);
    expect(offered('columns', (s) => new DatasetWriter(s.db, 1, [], { columns: { a: { drop: true } } }, threadFile))).toBe(false);
    expect(offered('columns', (s) => new DatasetWriter(s.db, 1, [], { columns: { b: { drop: true } } }, threadFile))).toBe(false);
    expect(offered('columns', (s) => new DatasetWriter(s.db, 1, [], { columns: { b: { type: 'integer' } } }, threadFile))).toBe(false);
    expect(offered('rows', (s) => new DatasetWriter(s.db, 1, [], undefined, threadFile))).toBe(false);
    expect(offered('columns', (s) => new DatasetWriter(s.db, 1))).toBe(false);
  });
});

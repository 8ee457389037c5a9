import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../main/host/testing';
import type { Cell, ColumnType } from '../../../preload/contract/types';
import { projectLookup } from '../../ingest/rules/lookup';
import { runProfile } from '../../jobs/profile';
import type { JobContext } from '../../runtime/context';
import { ProjectStore } from '../store';
import { chunkRows } from './chunk-codec';
import { convertToColumns } from './convert';
import { rowDataset } from './testing';

const context: JobContext = {
  signal: new AbortController().signal,
  progress: () => undefined,
  log: () => undefined,
  checkCancelled: () => undefined,
  data: () => undefined,
  onControl: () => undefined,
};

const types: ColumnType[] = ['id', 'number', 'categorical', 'boolean'];

function row(i: number): Cell[] {
  return [`k${i}`, i % 9 === 0 ? null : Math.sqrt(i), ['a', 'b', 'c', ''][i % 4]!, i % 3 === 0 ? 1 : 0];
}

describe('readers moved to columnar datasets', () => {
  it('profile a columnar dataset as its row table, and look up an exists rule in it', async () => {
    const file = path.join(tempDir(), 'readers.assay');
    const store = ProjectStore.create(file);
    const n = chunkRows + 321;
    const id = rowDataset(store.db, 'keys', types.map((type, j) => ({ name: `c${j}`, type })), n, row);
    const profileRows = await runProfile({ projectPath: file, datasetId: id }, context);
    const keysRows = projectLookup(store.db)('keys', 'c0');
    convertToColumns(store.db, id, types.length);
    const profileColumns = await runProfile({ projectPath: file, datasetId: id }, context);
    const keysColumns = projectLookup(store.db)('keys', 'c0');

    expect(profileColumns.rowCount).toBe(n);
    expect({ ...profileColumns, createdAt: '' }).toEqual({ ...profileRows, createdAt: '' });
    expect(keysColumns.size).toBe(n);
    expect([...keysColumns]).toEqual([...keysRows]);
    store.close();
  });
});

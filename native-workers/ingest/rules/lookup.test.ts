import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../main/host/testing';
import { rowDataset } from '../../project/columns/testing';
import { ProjectStore } from '../../project/store';
import { projectLookup } from './lookup';

describe('exists look-ups in another dataset', () => {
  it('loads a column as text keys without nulls, once; names what is missing', () => {
    const store = ProjectStore.create(path.join(tempDir(), 'lookup.assay'));
    const keys = [5, null, 'x', 5];
    rowDataset(store.db, 'codes', [{ name: 'code', type: 'text' }, { name: 'n', type: 'integer' }], keys.length, (i) => [keys[i]!, i]);
    rowDataset(store.db, 'more', [{ name: 'm', type: 'text' }], 1, () => ['m']);
    const lookup = projectLookup(store.db);
    const codes = lookup('codes', 'code');
    expect([...codes].sort()).toEqual(['5', 'x']);
    expect(lookup('codes', 'code')).toBe(codes); // cached, not read again
    expect([...lookup('codes', 'n')].sort()).toEqual(['0', '1', '2', '3']);
    expect(() => lookup('nope', 'code')).toThrow(expect.objectContaining({ code: 'BAD_INPUT', message: 'Rules: dataset "nope" (for an exists rule) is not in this project; datasets are: codes, more.' }));
    expect(() => lookup('codes', 'nope')).toThrow(expect.objectContaining({ code: 'BAD_INPUT', message: 'Rules: dataset "codes" has no column "nope" (for an exists rule).' }));
    store.close();
    const empty = ProjectStore.create(path.join(tempDir(), 'empty.assay'));
    expect(() => projectLookup(empty.db)('codes', 'code')).toThrow('datasets are: none.');
    empty.close();
  });
});

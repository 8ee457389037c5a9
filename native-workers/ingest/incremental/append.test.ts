import { describe, expect, it } from 'vitest';
import { describeDifference } from '../../../preload/contract/lineage';
import { assertAllowed, compareSchemas } from './append';

describe('compareSchemas', () => {
  const dataset = [
    { name: 'id', type: 'integer' as const },
    { name: 'Amount', type: 'number' as const },
    { name: 'note', type: 'text' as const },
  ];

  it('matches names case-insensitively and accepts types the dataset already holds', () => {
    expect(
      compareSchemas(dataset, [
        { name: 'note', type: 'integer' },
        { name: 'amount', type: 'integer' },
        { name: 'ID', type: 'integer' },
      ]),
    ).toEqual([]);
  });

  it('names new, missing and changed columns with both types', () => {
    const diffs = compareSchemas(dataset, [
      { name: 'id', type: 'text' },
      { name: 'amount', type: 'number' },
      { name: 'extra', type: 'boolean' },
    ]);
    expect(diffs).toEqual([
      { kind: 'type-changed', column: 'id', datasetType: 'integer', fileType: 'text' },
      { kind: 'new-column', column: 'extra', type: 'boolean' },
      { kind: 'missing-column', column: 'note', type: 'text' },
    ]);
    expect(diffs.map(describeDifference)).toEqual([
      'column "id" is text in the file but integer in the dataset',
      'new column "extra" (boolean) is not in the dataset',
      'column "note" (text) of the dataset is missing from the file',
    ]);
  });

  it('refuses only what the spec does not allow', () => {
    const diffs = compareSchemas(dataset, [
      { name: 'id', type: 'text' },
      { name: 'amount', type: 'number' },
      { name: 'note', type: 'text' },
      { name: 'extra', type: 'text' },
    ]);
    expect(() => assertAllowed(diffs, { datasetId: 1 }, 'sales', 'feb.csv')).toThrow(
      'feb.csv does not fit dataset "sales": column "id" is text in the file but integer in the dataset; new column "extra" (text) is not in the dataset.',
    );
    expect(() => assertAllowed(diffs, { datasetId: 1, addColumns: true }, 'sales', 'feb.csv')).toThrow(/column "id" is text/);
    expect(() => assertAllowed(diffs, { datasetId: 1, addColumns: true, castTypes: true }, 'sales', 'feb.csv')).not.toThrow();
  });
});

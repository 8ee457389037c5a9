import { describe, expect, it } from 'vitest';
import { checkOverrides, type InferredColumn } from '../../../preload/contract';
import { missingShare, withOverride } from './overrides';

const when: InferredColumn = { name: 'when', type: 'date', format: 'DD/MM/YYYY', ambiguity: null, missing: 3, count: 35, distinct: 30, samples: ['1/2/2024'], misfits: 0 };

describe('withOverride', () => {
  it('keeps only real changes and drops a column entry that changes nothing', () => {
    let v = withOverride({ columns: {} }, when, { type: 'text' });
    expect(v).toEqual({ columns: { when: { type: 'text' } } });
    v = withOverride(v, when, { type: 'date' });
    expect(v).toEqual({ columns: {} });
    v = withOverride(v, when, { format: 'MM/DD/YYYY', rename: 'day' });
    expect(v).toEqual({ columns: { when: { format: 'MM/DD/YYYY', rename: 'day' } } });
    // A format means nothing for a text column.
    expect(withOverride(v, when, { type: 'text' })).toEqual({ columns: { when: { type: 'text', rename: 'day' } } });
    expect(withOverride(v, when, { drop: true, rename: 'when', format: 'DD/MM/YYYY' })).toEqual({ columns: { when: { drop: true } } });
  });

  it('missing share', () => {
    expect(missingShare(when)).toBe('8.6%');
    expect(missingShare({ ...when, missing: 0 })).toBe('0%');
    expect(missingShare({ ...when, missing: 1, count: 5000 })).toBe('<0.1%');
  });

  it('checkOverrides flags empty and duplicate names, case-insensitively, and dropping every column', () => {
    expect([...checkOverrides(['a', 'b'], { columns: { b: { rename: 'A' } } })]).toEqual([['b', '"A" is already the name of column "a"; names must be unique.']]);
    expect(checkOverrides(['a', 'b'], { columns: { b: { rename: 'A' }, a: { drop: true } } }).size).toBe(0);
    expect(checkOverrides(['a'], { columns: { a: { rename: ' ' } } }).get('a')).toMatch(/empty/);
    expect(checkOverrides(['a'], { columns: { a: { drop: true } } }).get('a')).toMatch(/keep at least one/);
  });
});

import { describe, expect, it } from 'vitest';
import type { RecipeStep } from '../../../preload/contract/recipe';
import type { Cell } from '../../../preload/contract/types';
import { cellOps, columnIndex, fillOp, mappedCell, RecipeColumnError, tidy, type CellOp } from './cell-ops';

const cols = { names: ['a', 'b', 'n'] };

/** Applies a step's ops to each row in turn, as a stage does; returns the rows and the ops (for `skipped`). */
function apply(step: RecipeStep, rows: Cell[][]): { rows: Cell[][]; ops: CellOp[] } {
  const ops = cellOps(step, cols);
  const out = rows.map((r) => {
    const row = [...r];
    for (const op of ops) row[op.column] = op.apply(row[op.column] ?? null);
    return row;
  });
  return { rows: out, ops };
}

describe('cell ops', () => {
  it('trims every text column, or the listed ones, collapsing inner runs only when asked', () => {
    expect(apply({ kind: 'trim', columns: [], collapse: false }, [[' x  y ', ' z ', 3]]).rows).toEqual([['x  y', 'z', 3]]);
    expect(apply({ kind: 'trim', columns: ['b'], collapse: true }, [[' x ', ' p \t q ', 3]]).rows).toEqual([[' x ', 'p q', 3]]);
  });

  it('returns the very same value when a cell stays as it is', () => {
    const [op] = cellOps({ kind: 'case', columns: ['a'], mode: 'lower' }, cols);
    const same = 'already';
    expect(op?.apply(same)).toBe(same);
    expect(op?.apply(5)).toBe(5);
  });

  it('changes case: lower, upper, and title after spaces, hyphens, underscores, slashes and brackets', () => {
    const rows = [['mIxEd', 'x', 1]];
    expect(apply({ kind: 'case', columns: ['a'], mode: 'lower' }, rows).rows[0]?.[0]).toBe('mixed');
    expect(apply({ kind: 'case', columns: ['a'], mode: 'upper' }, rows).rows[0]?.[0]).toBe('MIXED');
    expect(apply({ kind: 'case', columns: ['a'], mode: 'title' }, [['éLAN vital-x_y/z(w) 2b', 'x', 1]]).rows[0]?.[0]).toBe('Élan Vital-X_Y/Z(W) 2b');
  });

  it('maps values exactly or case-insensitively, booleans as 1/0, leaving unmapped and missing cells', () => {
    const exact = apply({ kind: 'map', column: 'a', mapping: { Yes: true, n: 'none', '2': 0 }, caseInsensitive: false }, [['Yes', 0, 0], ['yes', 0, 0], [null, 0, 0], [2, 0, 0]]);
    expect(exact.rows.map((r) => r[0])).toEqual([1, 'yes', null, 0]);
    const loose = apply({ kind: 'map', column: 'a', mapping: { YES: false }, caseInsensitive: true }, [['yes', 0, 0]]);
    expect(loose.rows[0]?.[0]).toBe(0);
    expect([mappedCell(true), mappedCell(false), mappedCell('x'), mappedCell(null), mappedCell(2)]).toEqual([1, 0, 'x', null, 2]);
  });

  it('converts units of numbers, counting text it had to skip, and drops binary noise', () => {
    const { rows, ops } = apply({ kind: 'unit', column: 'n', factor: 0.1, offset: 0.2, from: 'a', to: 'b' }, [['', '', 1], ['', '', 'x'], ['', '', null]]);
    expect(rows.map((r) => r[2])).toEqual([0.3, 'x', null]);
    expect(ops[0]?.skipped).toBe(1);
    expect(tidy(0.1 + 0.2)).toBe(0.3);
  });

  it('converts dates by a named format, counting values it could not read', () => {
    const { rows, ops } = apply({ kind: 'date', column: 'a', from: 'DD.MM.YYYY' }, [['31.12.2023', 0, 0], ['2023-12-31', 0, 0], [null, 0, 0]]);
    expect(rows.map((r) => r[0])).toEqual(['2023-12-31', '2023-12-31', null]);
    expect(ops[0]?.skipped).toBe(1);
    const [iso] = cellOps({ kind: 'date', column: 'a', from: 'auto' }, cols, 'YYYY-MM-DD');
    const v = '2023-12-31';
    expect(iso?.apply(v)).toBe(v);
  });

  it('fills missing cells with a constant (a boolean as 1/0), the last value seen, or a computed value', () => {
    expect(apply({ kind: 'impute', column: 'a', method: 'constant', value: true }, [[null, 0, 0], ['x', 0, 0]]).rows.map((r) => r[0])).toEqual([1, 'x']);
    expect(apply({ kind: 'impute', column: 'a', method: 'constant' }, [[null, 0, 0]]).rows[0]?.[0]).toBeNull();
    expect(apply({ kind: 'impute', column: 'a', method: 'ffill' }, [[null, 0, 0], ['x', 0, 0], [null, 0, 0]]).rows.map((r) => r[0])).toEqual([null, 'x', 'x']);
    const fill = fillOp(1, 7);
    expect([fill.column, fill.apply(null), fill.apply(3)]).toEqual([1, 7, 3]);
  });

  it('refuses whole-column steps, which a table pass runs', () => {
    expect(() => cellOps({ kind: 'impute', column: 'a', method: 'median' }, cols)).toThrow('impute by median needs the whole column');
    expect(() => cellOps({ kind: 'duplicates', keys: ['a'], action: 'drop' }, cols)).toThrow('duplicates needs the whole column');
    expect(() => cellOps({ kind: 'outliers', column: 'n', method: 'iqr', action: 'flag' }, cols)).toThrow('outliers needs the whole column');
  });

  it('names a missing column and lists up to twelve of the columns there are', () => {
    expect(() => columnIndex(cols, 'z')).toThrow('column "z" does not exist (columns: a, b, n)');
    const many = { names: Array.from({ length: 13 }, (_, i) => `c${i}`) };
    expect(() => columnIndex(many, 'z')).toThrow(`column "z" does not exist (columns: ${many.names.slice(0, 12).join(', ')}, …)`);
    expect(() => columnIndex({ names: many.names.slice(0, 12) }, 'z')).toThrow(/c11\)$/);
    expect(new RecipeColumnError('z', []).column).toBe('z');
    expect(columnIndex(cols, 'n')).toBe(2);
  });
});

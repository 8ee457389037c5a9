import { describe, expect, it } from 'vitest';
import type { Cell } from '../../../preload/contract/types';
import { kindOf, RowSet, TablePass, wroteFraction, wroteText, wroteWhole, wroteZeroOne, type PassProgress } from './table-pass';
import { column, run, table } from './test-table';

/** Every progress report of a pass, and its outcomes. */
function progress(pass: TablePass, steps: Parameters<TablePass['run']>[0], firstIndex?: number): { reports: PassProgress[]; out: ReturnType<typeof run>['out'] } {
  const gen = pass.run(steps, firstIndex);
  const reports: PassProgress[] = [];
  for (;;) {
    const r = gen.next();
    if (r.done) return { reports, out: r.value };
    reports.push(r.value);
  }
}

describe('TablePass: progress over chunks', () => {
  // 25,000 rows: two chunks of the pass (20,000 rows each), and more numbers than one buffer of the column statistics holds.
  const n = 25_000;
  const raw = Array.from({ length: n }, (_, i) => [i % 10 === 9 ? '' : String(i + 1)]);
  const present = raw.map((r) => r[0]).filter((v) => v !== '').map(Number);
  const mean = present.reduce((s, v) => s + v, 0) / present.length;

  it('reports each step by its index in the recipe, with the share of rows read so far', () => {
    const t = table(['v'], raw);
    const pass = new TablePass(t);
    const { reports, out } = progress(pass, [{ kind: 'impute', column: 'v', method: 'mean' }, { kind: 'impute', column: 'v', method: 'mode' }], 4);
    expect(out.map((o) => o.index)).toEqual([4, 5]);
    // Where in the table each chunk ends (its last row id out of 25,000): the mean reads only numbers (20,000 a
    // chunk, 9 rows of 10; half the step), then fills the missing rows; the mode reads every row (0.5 a chunk)
    // and finds no row left to fill.
    expect(reports.map((r) => ({ step: r.step, fraction: Number(r.fraction.toFixed(6)) }))).toEqual([
      { step: 4, fraction: (0.5 * 22_222) / n },
      { step: 4, fraction: (0.5 * 24_999) / n },
      { step: 4, fraction: 1 },
      { step: 5, fraction: 0.5 },
      { step: 5, fraction: 0.5 },
    ]);
    // Every number counts, past the first 4,096.
    expect(out[0].stats['mean']).toBeCloseTo(mean, 9);
    expect(out[0].cellsChanged).toBe(n / 10);
    // After the mean fill there is one value more than any other: the mean itself.
    expect(out[1].stats['mode']).toBeCloseTo(mean, 9);
    expect(out[1].cellsChanged).toBe(0);
  });

  it('measures a step after a drop against the rows the table had: dropped rows keep their ids until the pass ends', () => {
    // Rows 21–30 repeat rows 1–10 and are dropped; the next step's last row is then row 20 of 30.
    const t = table(['k'], Array.from({ length: 30 }, (_, i) => [String(i % 20)]));
    const pass = new TablePass(t);
    const { reports } = progress(pass, [{ kind: 'duplicates', keys: [], action: 'drop' }, { kind: 'case', columns: ['k'], mode: 'upper' }]);
    expect(reports).toEqual([
      { step: 0, fraction: 0.5 },
      { step: 1, fraction: 20 / 30 },
    ]);
    expect(pass.rowsDropped).toBe(10);
  });

  it('reports 1 for an empty table', () => {
    const t = table(['v'], [], ['text']);
    const { reports, out } = progress(new TablePass(t), [{ kind: 'trim', columns: [], collapse: false }]);
    expect(reports.every((r) => r.fraction === 1)).toBe(true);
    expect(out[0].rowsChanged).toBe(0);
  });
});

describe('TablePass: steps that find nothing to do say so', () => {
  it('notes a column with no values to impute or check, and changes nothing', () => {
    const t = table(['e', 'f'], [['', '1'], ['', '2']], ['number', 'number']);
    const { out } = run(t, [
      { kind: 'impute', column: 'e', method: 'median' },
      { kind: 'impute', column: 'e', method: 'mode' },
      { kind: 'outliers', column: 'e', method: 'zscore', action: 'flag' },
    ]);
    expect(out.map((o) => o.notes)).toEqual([
      ['e has no values to compute the median from; nothing was filled.'],
      ['e has no values to compute the mode from; nothing was filled.'],
      ['e has no numbers; nothing to do.'],
    ]);
    expect(out.map((o) => o.cellsChanged)).toEqual([0, 0, 0]);
    expect(t.names).toEqual(['e', 'f']);
    expect(column(t, 'e')).toEqual([null, null]);
  });

  it('notes a date column no format reads, and a format that reads only some of the sample', () => {
    const t = table(['d', 'e'], [['soon', '2024-03-01'], ['later', 'junk'], ['never', '2024-03-03']]);
    const { out } = run(t, [
      { kind: 'date', column: 'd', from: 'auto' },
      { kind: 'date', column: 'e', from: 'auto' },
    ]);
    expect(out[0].notes).toEqual(['No date format reads the values of d; nothing was changed.']);
    expect(out[0].stats).toEqual({});
    expect(column(t, 'd')).toEqual(['soon', 'later', 'never']);
    expect(out[1].notes).toEqual(['YYYY-MM-DD reads 2 of 3 sampled values.']);
    // A format that reads every value: no note.
    const all = table(['d'], [['2024-03-01'], ['2024-03-02']]);
    expect(run(all, [{ kind: 'date', column: 'd', from: 'auto' }]).out[0]).toMatchObject({ notes: [], stats: { format: 'YYYY-MM-DD' } });
    expect(out[1].skipped).toBe(1);
  });

  it('refuses a numeric step on text, naming the step and what to do, but not on a column that is only empty', () => {
    const t = table(['a'], [['x'], ['']]);
    expect(() => run(t, [{ kind: 'impute', column: 'a', method: 'mean' }])).toThrow(
      'Recipe step 1 (Fill missing a with the mean): a holds text, not numbers; convert it first, or fill with the mode or a constant.',
    );
  });
});

describe('TablePass: outliers, flags and duplicates', () => {
  const values = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '30'];

  it('takes the threshold given, names the flag column as asked, and a free name when it is taken', () => {
    const t = table(['v', 'v_outlier'], values.map((v) => [v, '0']));
    const { out } = run(t, [
      { kind: 'outliers', column: 'v', method: 'iqr', action: 'flag' },
      { kind: 'outliers', column: 'v', method: 'iqr', action: 'flag', threshold: 0.5 },
      { kind: 'outliers', column: 'v', method: 'zscore', action: 'flag', threshold: 1, flagColumn: 'far' },
    ]);
    // Q1 3.25, Q3 7.75, IQR 4.5: k 1.5 gives [−3.5, 14.5], k 0.5 gives [1, 10].
    expect(out.map((o) => [o.stats['column'], o.stats['lo'], o.stats['hi'], o.rowsFlagged])).toEqual([
      ['v_outlier_2', -3.5, 14.5, 1],
      ['v_outlier_3', 1, 10, 1],
      ['far', out[2].stats['lo'], out[2].stats['hi'], 1],
    ]);
    expect(out[0].examples).toEqual([{ row: 10, column: 'v_outlier_2', before: null, after: 1 }]);
    expect(t.names).toEqual(['v', 'v_outlier', 'v_outlier_2', 'v_outlier_3', 'far']);
    expect(t.types.slice(2)).toEqual(['boolean', 'boolean', 'boolean']);
    expect(column(t, 'v_outlier_3')).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  });

  it('clips to the bounds on both sides, leaving text cells as they are', () => {
    const t = table(['v'], [['-40'], ...values.slice(1).map((v) => [v])], ['number']);
    const { out } = run(t, [{ kind: 'outliers', column: 'v', method: 'iqr', action: 'clip', threshold: 1 }]);
    const { lo, hi } = out[0].stats as { lo: number; hi: number };
    expect(column(t, 'v')).toEqual([lo, 2, 3, 4, 5, 6, 7, 8, 9, hi]);
    expect(out[0].cellsChanged).toBe(2);
    expect(out[0].rowsChanged).toBe(2);
  });

  it('finds duplicates over every column when no key is given, flags them in a free column, and drops them', () => {
    const rows = [['a', '1'], ['b', '1'], ['a', '1'], ['a', '2'], ['b', '1']];
    const t = table(['k', 'n'], rows);
    const { out } = run(t, [
      { kind: 'duplicates', keys: [], action: 'flag' },
      { kind: 'duplicates', keys: ['k', 'n'], action: 'flag' },
    ]);
    expect(out[0].stats).toEqual({ keys: 'all columns', column: 'is_duplicate' });
    expect(out[1].stats).toEqual({ keys: 'k, n', column: 'is_duplicate_2' });
    expect(out.map((o) => [o.rowsFlagged, o.rowsChanged, o.cellsChanged])).toEqual([
      [2, 2, 2],
      [2, 2, 2],
    ]);
    expect(out[0].examples).toEqual([
      { row: 3, column: 'is_duplicate', before: null, after: 1 },
      { row: 5, column: 'is_duplicate', before: null, after: 1 },
    ]);
    expect(column(t, 'is_duplicate')).toEqual([0, 0, 1, 0, 1]);
    expect(t.types).toEqual(['text', 'integer', 'boolean', 'boolean']);

    const d = table(['k', 'n'], rows);
    const dropped = run(d, [
      { kind: 'case', columns: ['k'], mode: 'upper' },
      { kind: 'duplicates', keys: ['k'], action: 'drop' },
    ]);
    expect(dropped.out[1].examples).toEqual([
      { row: 3, column: '(row)', before: '["A"]', after: 'dropped' },
      { row: 4, column: '(row)', before: '["A"]', after: 'dropped' },
      { row: 5, column: '(row)', before: '["B"]', after: 'dropped' },
    ]);
    expect([dropped.out[1].rowsDropped, d.rowsRemoved, dropped.pass.rowsDropped]).toEqual([3, 3, 3]);
    // Changed, then dropped: only the two rows left count as changed.
    expect(dropped.pass.changed.size).toBe(2);
    expect(column(d, 'k')).toEqual(['A', 'B']);
  });

  it('keeps as many examples as asked', () => {
    const t = table(['v'], [[' a'], [' b'], [' c'], [' a'], [' b'], [' c'], [' a']]);
    const { out } = run(t, [{ kind: 'trim', columns: [], collapse: false }, { kind: 'duplicates', keys: [], action: 'drop' }, { kind: 'duplicates', keys: [], action: 'flag' }], { examples: 2 });
    expect(out[0].examples.map((e) => e.after)).toEqual(['a', 'b']);
    expect(out[0].cellsChanged).toBe(7);
    expect(out[1].examples.map((e) => e.row)).toEqual([4, 5]);
    expect(out[1].rowsDropped).toBe(4);
  });
});

describe('TablePass: column names and types after a pass', () => {
  it('renames a converted column, keeps a rename to its own name, and refuses a name another column has', () => {
    const t = table(['f', 'g'], [['32', '1']]);
    run(t, [{ kind: 'unit', column: 'f', factor: 1, offset: 0, from: 'x', to: 'x', rename: 'f' }]);
    expect(t.names).toEqual(['f', 'g']);
    expect(() => run(t, [{ kind: 'unit', column: 'f', factor: 2, offset: 0, from: 'x', to: 'y', rename: 'g' }])).toThrow(
      /Recipe step 1 \(.+\): cannot rename to "g": a column has that name\./,
    );
  });

  it('widens a column by what was written into it', () => {
    const t = table(['i', 'b', 'n', 'z', 'w'], [['1', 'true', '1.5', '1', '2'], ['', '', '', '', '']], ['integer', 'boolean', 'number', 'integer', 'boolean']);
    run(t, [
      { kind: 'impute', column: 'i', method: 'constant', value: 'none' },
      { kind: 'impute', column: 'b', method: 'constant', value: 7 },
      { kind: 'impute', column: 'n', method: 'constant', value: 2 },
      { kind: 'impute', column: 'z', method: 'constant', value: 0.5 },
      { kind: 'impute', column: 'w', method: 'constant', value: 0 },
    ]);
    expect(t.types).toEqual(['text', 'integer', 'number', 'number', 'boolean']);
  });

  it('reads the type of a mapped column back from its values', () => {
    const t = table(['a', 'b', 'c', 'd'], [['x', 'x', 'x', 'x'], ['y', 'y', 'y', 'y']]);
    run(t, [
      { kind: 'map', column: 'a', mapping: { x: 1, y: 0 }, caseInsensitive: false },
      { kind: 'map', column: 'b', mapping: { x: 1.5, y: 2 }, caseInsensitive: false },
      { kind: 'map', column: 'c', mapping: { x: 3, y: null }, caseInsensitive: false },
      { kind: 'map', column: 'd', mapping: { x: null, y: null }, caseInsensitive: false },
    ]);
    expect(t.types).toEqual(['integer', 'number', 'integer', 'text']);
    const bool = table(['a'], [['x'], ['y']]);
    run(bool, [{ kind: 'map', column: 'a', mapping: { x: true, y: 2 }, caseInsensitive: false }]);
    expect(bool.types).toEqual(['integer']);
    // Every output a boolean, but a value left unmapped is 5: no boolean column.
    const left = table(['a'], [['0'], ['1'], ['5']]);
    run(left, [{ kind: 'map', column: 'a', mapping: { '0': false, '1': true }, caseInsensitive: false }]);
    expect(left.types).toEqual(['integer']);
    // A number column mapped to whole numbers stays number (it is never narrowed back).
    const num = table(['a'], [['1.5'], ['2.5']]);
    run(num, [{ kind: 'map', column: 'a', mapping: { '1.5': 1, '2.5': 2 }, caseInsensitive: false }]);
    expect([num.types, column(num, 'a')]).toEqual([['number'], [1, 2]]);
  });
});

describe('kindOf and RowSet', () => {
  it('tells the kinds of values apart', () => {
    const kinds = ([null, 'x', 0.5, 0, 1, 2, -1] as Cell[]).map(kindOf);
    expect(kinds).toEqual([0, wroteText, wroteFraction, wroteZeroOne, wroteZeroOne, wroteWhole, wroteWhole]);
  });

  it('grows past its first 1,024 ids and counts each id once', () => {
    const s = new RowSet();
    for (const id of [5, 5, 1024, 5000, 1023]) s.add(id);
    expect(s.size).toBe(4);
    s.delete(5000);
    s.delete(5000);
    s.delete(9999);
    s.delete(6);
    expect(s.size).toBe(3);
    s.add(5000);
    expect(s.size).toBe(4);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { rowPages } from '../../project/rows';
import type { StoredTable } from '../stages';
import { column, run, table } from './test-table';
import golden from './fixtures/recipe-golden.json';
import { cases, underMutation } from '../../../main/host/testing';

const dataDir = path.resolve(__dirname, '../../../../shared/data');
/** The golden files: recipe-small.csv lies in fixtures/, the rest in shared/data. */
const smallFile = 'recipe-small.csv';
const filePath = (file: string): string => (file === smallFile ? path.join(__dirname, 'fixtures', file) : path.join(dataDir, file));
/** The real data sets take ~20 s a mutant instrumented: a mutation run checks the 30-row file only (npm test runs all). */
const skipBig = (file: string): boolean => underMutation && file !== smallFile;

function csvTable(file: string): StoredTable {
  const parsed = Papa.parse<string[]>(fs.readFileSync(filePath(file), 'utf8'), { skipEmptyLines: true });
  const [header, ...rows] = parsed.data;
  return table(header, rows);
}

type Golden = Record<string, { rows: number; columns: Record<string, GoldenColumn>; duplicates: Record<string, number> }>;
interface GoldenColumn {
  missing: number;
  mean: number;
  median: number;
  mode: number;
  iqr: { q1: number; q3: number; lo: number; hi: number; outside: number; clippedSum: number };
  z: { mean: number; std: number; lo: number; hi: number; outside: number; clippedSum: number };
}
const g = golden as Golden;

describe('whole-column steps against numpy (fixtures/make-recipe-golden.py)', () => {
  for (const [file, ref] of cases(Object.entries(g), 'files')) {
    for (const [col, want] of cases(Object.entries(ref.columns), `columns of ${file}`)) {
      it.skipIf(skipBig(file))(`${file} ${col}: mean, median, mode imputation`, () => {
        for (const method of ['mean', 'median', 'mode'] as const) {
          const t = csvTable(file);
          const [o] = run(t, [{ kind: 'impute', column: col, method }]).out;
          expect(o.stats[method] as number).toBeCloseTo(want[method], 9);
          expect(o.cellsChanged).toBe(want.missing);
          expect(column(t, col).filter((v) => v === null)).toHaveLength(0);
        }
      });
      it.skipIf(skipBig(file))(`${file} ${col}: IQR flag and z-score clip`, () => {
        const t = csvTable(file);
        const [iqr, z] = run(t, [
          { kind: 'outliers', column: col, method: 'iqr', action: 'flag' },
          { kind: 'outliers', column: col, method: 'zscore', action: 'clip' },
        ]).out;
        expect(z.stats['mean'] as number).toBeCloseTo(want.z.mean, 9);
        // mean ± 3σ of sums in the 10⁶s: numpy's pairwise sum differs in the 10th digit.
        expect(z.stats['lo'] as number).toBeCloseTo(want.z.lo, 6);
        expect(z.stats['hi'] as number).toBeCloseTo(want.z.hi, 6);
        expect(iqr.stats['iqr'] as number).toBeCloseTo(want.iqr.q3 - want.iqr.q1, 9);
        expect(iqr.stats['q1'] as number).toBeCloseTo(want.iqr.q1, 9);
        expect(iqr.stats['q3'] as number).toBeCloseTo(want.iqr.q3, 9);
        expect(iqr.stats['lo'] as number).toBeCloseTo(want.iqr.lo, 9);
        expect(iqr.stats['hi'] as number).toBeCloseTo(want.iqr.hi, 9);
        expect(iqr.rowsFlagged).toBe(want.iqr.outside);
        expect(column(t, `${col}_outlier`).reduce<number>((s, v) => s + (v as number), 0)).toBe(want.iqr.outside);
        expect(t.types[t.names.indexOf(`${col}_outlier`)]).toBe('boolean');
        expect(z.stats['std'] as number).toBeCloseTo(want.z.std, 9);
        expect(z.cellsChanged).toBe(want.z.outside);
        const sum = column(t, col).reduce<number>((s, v) => s + (typeof v === 'number' ? v : 0), 0);
        expect(sum).toBeCloseTo(want.z.clippedSum, 6);
      });
      it.skipIf(skipBig(file))(`${file} ${col}: IQR clip and z-score flag`, () => {
        const t = csvTable(file);
        const [z, iqr] = run(t, [
          { kind: 'outliers', column: col, method: 'zscore', action: 'flag' },
          { kind: 'outliers', column: col, method: 'iqr', action: 'clip' },
        ]).out;
        expect(iqr.cellsChanged).toBe(want.iqr.outside);
        expect(z.rowsFlagged).toBe(want.z.outside);
        const sum = column(t, col).reduce<number>((s, v) => s + (typeof v === 'number' ? v : 0), 0);
        expect(sum).toBeCloseTo(want.iqr.clippedSum, 6);
      });
    }
    it.skipIf(skipBig(file))(`${file}: duplicates by key, dropped and flagged`, () => {
      for (const [keys, n] of cases(Object.entries(ref.duplicates), `${file} duplicate keys`)) {
        const flagged = csvTable(file);
        const [f] = run(flagged, [{ kind: 'duplicates', keys: keys.split('+'), action: 'flag' }]).out;
        expect(f.rowsFlagged).toBe(n);
        const dropped = csvTable(file);
        const { out, pass } = run(dropped, [{ kind: 'duplicates', keys: keys.split('+'), action: 'drop' }]);
        expect(out[0].rowsDropped).toBe(n);
        expect(dropped.rowsRemoved).toBe(n);
        // Rows are renumbered densely (the grid pages by rowid).
        const ids = [...rowPages(dropped.db, dropped.tableName, 100_000, { columns: [] })].flat().map((r) => r[0]);
        expect({ lo: Math.min(...ids), hi: Math.max(...ids), n: ids.length }).toEqual({ lo: 1, hi: ref.rows - n, n: ref.rows - n });
        expect(pass.rowsDropped).toBe(n);
      }
    });
  }
});

describe('row-local steps on a table', () => {
  it('trims, collapses, changes case, maps values and converts units, counting cells and rows', () => {
    const t = table(
      ['name', 'ok', 'temp_f', 'weight_lb'],
      [
        ['  ada   lovelace ', 'yes', '212', '10'],
        ['Bob', 'Y', '32', ''],
        ['carl', 'no', '98.6', '1'],
        ['dora', 'maybe', '', '2.5'],
      ],
    );
    const { out, pass } = run(t, [
      { kind: 'trim', columns: [], collapse: true },
      { kind: 'case', columns: ['name'], mode: 'title' },
      { kind: 'map', column: 'ok', mapping: { yes: true, y: true, no: false }, caseInsensitive: true },
      { kind: 'unit', column: 'temp_f', factor: 5 / 9, offset: -160 / 9, from: '°F', to: '°C', rename: 'temp_c' },
      { kind: 'unit', column: 'weight_lb', factor: 0.45359237, offset: 0, from: 'lb', to: 'kg' },
    ]);
    expect(out.map((o) => [o.rowsChanged, o.cellsChanged])).toEqual([
      [1, 1],
      [3, 3],
      [3, 3],
      [3, 3],
      [3, 3],
    ]);
    expect(out[0].examples[0]).toEqual({ row: 1, column: 'name', before: '  ada   lovelace ', after: 'ada lovelace' });
    expect(column(t, 'name')).toEqual(['Ada Lovelace', 'Bob', 'Carl', 'Dora']);
    expect(column(t, 'ok')).toEqual([1, 1, 0, 'maybe']);
    expect(column(t, 'temp_c')).toEqual([100, 0, 37, null]);
    expect(column(t, 'weight_lb')).toEqual([4.5359237, null, 0.45359237, 1.133980925]);
    expect(t.types).toEqual(['text', 'text', 'number', 'number']);
    expect(pass.changed.size).toBe(4);
  });

  it('maps to booleans and retypes the column as boolean when every value maps', () => {
    const t = table(['ok'], [['yes'], ['No'], ['TRUE'], ['']]);
    run(t, [{ kind: 'map', column: 'ok', mapping: { yes: true, true: true, no: false }, caseInsensitive: true }]);
    expect(column(t, 'ok')).toEqual([1, 0, 1, null]);
    expect(t.types).toEqual(['boolean']);
  });

  it('fills with a constant and forward-fills', () => {
    const t = table(['a', 'b'], [['1', 'x'], ['', ''], ['', 'y'], ['4', '']]);
    const { out } = run(t, [
      { kind: 'impute', column: 'a', method: 'ffill' },
      { kind: 'impute', column: 'b', method: 'constant', value: 'none' },
    ]);
    expect(column(t, 'a')).toEqual([1, 1, 1, 4]);
    expect(column(t, 'b')).toEqual(['x', 'none', 'y', 'none']);
    expect(out.map((o) => o.cellsChanged)).toEqual([2, 2]);
  });

  it('converts dates to ISO 8601 from a detected format and says when the format is ambiguous', () => {
    const t = table(['d', 'e', 'when'], [
      ['03/01/2024', '1.3.2024', '1709251200'],
      ['12/31/2023', '31.12.2023', '1704067199'],
      ['02/29/2024', 'not a date', ''],
    ]);
    const { out } = run(t, [
      { kind: 'date', column: 'd', from: 'auto' },
      { kind: 'date', column: 'e', from: 'auto' },
      { kind: 'date', column: 'when', from: 'auto' },
    ]);
    expect(column(t, 'd')).toEqual(['2024-03-01', '2023-12-31', '2024-02-29']);
    expect(out[0].stats['format']).toBe('MM/DD/YYYY');
    expect(column(t, 'e')).toEqual(['2024-03-01', '2023-12-31', 'not a date']);
    expect(out[1].stats['format']).toBe('DD.MM.YYYY');
    expect(out[1].skipped).toBe(1);
    expect(column(t, 'when')).toEqual(['2024-03-01T00:00:00.000Z', '2023-12-31T23:59:59.000Z', null]);
    expect(t.types).toEqual(['text', 'text', 'text']);
    const amb = table(['d'], [['03/04/2024'], ['05/06/2024']]);
    const [o] = run(amb, [{ kind: 'date', column: 'd', from: 'auto' }]).out;
    expect(o.notes.join(' ')).toMatch(/Ambiguous: DD\/MM\/YYYY/);
    const named = table(['d'], [['03/04/2024']]);
    run(named, [{ kind: 'date', column: 'd', from: 'DD/MM/YYYY' }]);
    expect(column(named, 'd')).toEqual(['2024-04-03']);
  });

  it('names the step and the column when a step refers to a column that is not there', () => {
    const t = table(['a'], [['1']]);
    expect(() => run(t, [{ kind: 'trim', columns: [], collapse: false }, { kind: 'impute', column: 'b', method: 'mean' }])).toThrow(
      /Recipe step 2 \(Fill missing b with the mean\): column "b" does not exist \(columns: a\)/,
    );
    const txt = table(['a'], [['x']]);
    expect(() => run(txt, [{ kind: 'outliers', column: 'a', method: 'iqr', action: 'clip' }])).toThrow(/a holds text, not numbers/);
  });
});

// The bounds of each inference rule, one value on each side (the main test shows the rules on real files).
import { describe, expect, it } from 'vitest';
import { inferColumn, inferSchema } from './infer-column';

const seq = (n: number, f: (i: number) => string): string[] => Array.from({ length: n }, (_, i) => f(i));
// Unique integers in no order: an id only by name.
const scattered = (n: number): string[] => seq(n, (i) => String((i * 7919) % 10007));

describe('ids', () => {
  it('need 20 values of evidence', () => {
    expect(inferColumn('user_id', scattered(19)).type).toBe('integer');
    expect(inferColumn('user_id', scattered(20)).type).toBe('id');
    expect(inferColumn('n', seq(19, (i) => String(i + 1))).type).toBe('integer');
  });

  it('a running number from 0 or 1 is an id whatever its name; from 2, with a gap, repeated or with a missing value it is not', () => {
    expect(inferColumn('n', seq(30, (i) => String(i))).type).toBe('id');
    expect(inferColumn('n', seq(30, (i) => String(i + 2))).type).toBe('integer');
    expect(inferColumn('n', seq(30, (i) => String(i < 15 ? i + 1 : i + 2))).type).toBe('integer');
    expect(inferColumn('n', [...seq(30, (i) => String(i + 1)), '30']).type).toBe('integer');
    expect(inferColumn('n', [...seq(30, (i) => String(i + 1)), 'NA'])).toMatchObject({ type: 'integer', missing: 1 });
    expect(inferColumn('user_id', [...scattered(30), '']).type).toBe('integer');
  });

  it('id-like names: suffix or prefix, not a word that merely ends in "id"', () => {
    for (const name of ['id', 'ID', 'uuid', 'order_key', 'id_order', 'customer-id']) expect(inferColumn(name, scattered(30)).type, name).toBe('id');
    for (const name of ['paid', 'idea', 'keys']) expect(inferColumn(name, scattered(30)).type, name).toBe('integer');
  });

  it('text ids: UUIDs under any name (all of them), or unique codes without spaces under an id name', () => {
    const uuids = seq(30, (i) => `${String(i).padStart(8, '0')}-1234-4abc-8def-0123456789ab`);
    expect(inferColumn('x', uuids).type).toBe('id');
    expect(inferColumn('x', [...uuids.slice(1), 'not-a-uuid']).type).toBe('text');
    expect(inferColumn('code_id', seq(30, (i) => `C${i}`)).type).toBe('id');
    expect(inferColumn('code_id', seq(30, (i) => (i === 29 ? 'C 29' : `C${i}`))).type).toBe('text');
    expect(inferColumn('code', seq(30, (i) => `C${i}`)).type).toBe('text');
  });
});

describe('categorical', () => {
  it('needs 20 values, at most 100 distinct, each seen 5 times on average', () => {
    const cats = (distinct: number, n: number): string[] => seq(n, (i) => `c${i % distinct}`);
    expect(inferColumn('c', cats(4, 20)).type).toBe('categorical');
    expect(inferColumn('c', cats(3, 19)).type).toBe('text');
    expect(inferColumn('c', cats(100, 500)).type).toBe('categorical');
    expect(inferColumn('c', cats(101, 505)).type).toBe('text');
    expect(inferColumn('c', cats(20, 100)).type).toBe('categorical');
    expect(inferColumn('c', cats(20, 99)).type).toBe('text');
  });

  it('keeps the first five distinct values as samples', () => {
    expect(inferColumn('c', seq(40, (i) => `v${i % 8}`)).samples).toEqual(['v0', 'v1', 'v2', 'v3', 'v4']);
  });
});

describe('epoch timestamps', () => {
  it('seconds between 2000-01-01 and 2100-01-01 inclusive, with a time-like name', () => {
    expect(inferColumn('ts', ['946684800', '4102444800'])).toMatchObject({ type: 'datetime', format: 'epoch-s' });
    expect(inferColumn('ts', ['946684799', '1700000000']).type).toBe('integer');
    expect(inferColumn('ts', ['1700000000', '4102444801']).type).toBe('integer');
    // The range is over every value, not the first and last.
    expect(inferColumn('ts', ['1700000000', '5', '1700000001']).type).toBe('integer');
    expect(inferColumn('ts', ['1700000000', '9999999999', '1700000001']).type).toBe('integer');
    for (const name of ['time', 'Date', 'epoch', 'created_at', 'created_ts', 'ts', 'timestamp']) expect(inferColumn(name, ['1700000000']).format, name).toBe('epoch-s');
    for (const name of ['at', 'tsx', 'at_home']) expect(inferColumn(name, ['1700000000']).format, name).toBeNull();
  });

  it('milliseconds: whole numbers in range under any name; with fractions only under a time-like name', () => {
    expect(inferColumn('v', ['946684800000', '4102444800000'])).toMatchObject({ type: 'datetime', format: 'epoch-ms' });
    expect(inferColumn('v', ['946684799999', '1700000000000']).type).toBe('integer');
    expect(inferColumn('v', ['1700000000000.5', '1700000000001.25']).type).toBe('number');
    expect(inferColumn('time', ['1700000000000.5', '1700000000001.25'])).toMatchObject({ type: 'datetime', format: 'epoch-ms' });
    expect(inferColumn('v', ['1700000000000', '4102444800001']).type).toBe('integer');
    // One whole number among fractions does not make an unnamed column milliseconds.
    expect(inferColumn('v', ['1700000000000', '1700000000000.5']).type).toBe('number');
  });
});

describe('types', () => {
  it('a few strays keep the type and are counted; no id or epoch guess then', () => {
    const c = inferColumn('n', [...seq(59, (i) => String(i + 1)), 'oops']);
    expect(c).toMatchObject({ type: 'integer', misfits: 1, format: null, ambiguity: null });
    expect(inferColumn('n', seq(30, (i) => String(i + 1))).misfits).toBe(0);
  });

  it('dates with a time are datetimes, booleans stay booleans, an empty column is text', () => {
    expect(inferColumn('d', ['01/03/2024 10:00:00', '25/12/2024 23:59:59'])).toMatchObject({ type: 'datetime', format: 'DD/MM/YYYY HH:mm:ss' });
    expect(inferColumn('d', ['2024-03-01', '2024-12-25'])).toMatchObject({ type: 'date', format: 'YYYY-MM-DD' });
    expect(inferColumn('flag', seq(40, (i) => (i % 2 ? 'true' : 'false'))).type).toBe('boolean');
    expect(inferColumn('e', [])).toMatchObject({ type: 'text', count: 0, distinct: 0, samples: [] });
  });

  it('inferSchema: short rows count as missing, values are trimmed', () => {
    const s = inferSchema({ columns: ['a', 'b'], rows: [['1', ' x '], ['2'], ['3', 'x']] });
    expect(s.sampleRows).toBe(3);
    expect(s.columns[1]).toMatchObject({ name: 'b', missing: 1, count: 3, distinct: 1, samples: ['x'] });
    expect(s.columns[0]).toMatchObject({ name: 'a', type: 'integer', missing: 0 });
  });
});

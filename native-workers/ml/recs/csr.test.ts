import { describe, expect, it } from 'vitest';
import { rng } from '../tabular/rng';
import { csrFromTriples, rowCounts, sortedIndexOf, transpose, type Csr } from './csr';

interface Entry {
  r: number;
  c: number;
  v: number;
  t: number;
}

/** Random entries: row 0 empty, row 1 long (over the 64 entries the insertion sort takes), the rest short. */
function entries(seed: number): Entry[] {
  const g = rng(seed);
  const out: Entry[] = [];
  for (let k = 0; k < 150; k++) out.push({ r: 1, c: g.int(500), v: k, t: 1000 + k });
  for (let r = 2; r < 12; r++) for (let k = 0; k < 1 + g.int(9); k++) out.push({ r, c: g.int(40), v: r * 100 + k, t: r * 10 + k });
  // Shuffled, so rows arrive interleaved and columns out of order.
  for (let i = out.length - 1; i > 0; i--) {
    const j = g.int(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The CSR by brute force: a stable sort by row, then column. */
function expected(list: readonly Entry[], rows: number): { indptr: number[]; indices: number[]; data: number[]; times: number[] } {
  const sorted = list.map((e, k) => ({ ...e, k })).sort((a, b) => a.r - b.r || a.c - b.c || a.k - b.k);
  const indptr = Array.from({ length: rows + 1 }, (_, r) => sorted.filter((e) => e.r < r).length);
  return { indptr, indices: sorted.map((e) => e.c), data: sorted.map((e) => e.v), times: sorted.map((e) => e.t) };
}

const build = (list: readonly Entry[], rows: number, cols: number, withTimes: boolean): Csr =>
  csrFromTriples(
    rows,
    cols,
    Int32Array.from(list, (e) => e.r),
    Int32Array.from(list, (e) => e.c),
    Float64Array.from(list, (e) => e.v),
    withTimes ? Float64Array.from(list, (e) => e.t) : null,
  );

describe('CSR', () => {
  it.each([1, 2, 3])('sorts each row by column, long rows and short, values and times moving with their column (seed %d)', (seed) => {
    const list = entries(seed);
    const want = expected(list, 12);
    const m = build(list, 12, 500, true);
    expect({ rows: m.rows, cols: m.cols }).toEqual({ rows: 12, cols: 500 });
    expect(Array.from(m.indptr)).toEqual(want.indptr);
    expect(Array.from(m.indices)).toEqual(want.indices);
    expect(Array.from(m.data)).toEqual(want.data);
    expect(Array.from(m.times!)).toEqual(want.times);
    const untimed = build(list, 12, 500, false);
    expect(untimed.times).toBeNull();
    expect(Array.from(untimed.data)).toEqual(want.data);
    expect(Array.from(untimed.indices)).toEqual(want.indices);
  });

  it('keeps repeated columns of a row in arrival order', () => {
    const list = [
      { r: 0, c: 3, v: 1, t: 1 },
      { r: 0, c: 1, v: 2, t: 2 },
      { r: 0, c: 3, v: 3, t: 3 },
      { r: 0, c: 1, v: 4, t: 4 },
    ];
    const m = build(list, 1, 4, true);
    expect(Array.from(m.indices)).toEqual([1, 1, 3, 3]);
    expect(Array.from(m.data)).toEqual([2, 4, 1, 3]);
    expect(Array.from(m.times!)).toEqual([2, 4, 1, 3]);
  });

  it('transposes: entries by column, each column sorted by row, twice gives the original', () => {
    const list = entries(4);
    const m = build(list, 12, 500, true);
    const t = transpose(m);
    const swapped = expected(list.map((e) => ({ ...e, r: e.c, c: e.r })), 500);
    expect({ rows: t.rows, cols: t.cols }).toEqual({ rows: 500, cols: 12 });
    expect(Array.from(t.indptr)).toEqual(swapped.indptr);
    expect(Array.from(t.indices)).toEqual(swapped.indices);
    expect(Array.from(t.data)).toEqual(swapped.data);
    expect(Array.from(t.times!)).toEqual(swapped.times);
    const back = transpose(t);
    expect(Array.from(back.indptr)).toEqual(Array.from(m.indptr));
    expect(Array.from(back.indices)).toEqual(Array.from(m.indices));
    expect(Array.from(back.data)).toEqual(Array.from(m.data));
    expect(transpose(build(list, 12, 500, false)).times).toBeNull();
  });

  it('counts entries per row', () => {
    const list = entries(5);
    expect(Array.from(rowCounts(build(list, 12, 500, false)))).toEqual(Array.from({ length: 12 }, (_, r) => list.filter((e) => e.r === r).length));
  });

  it('finds a value in a sorted range by binary search, and only in that range', () => {
    const a = Int32Array.from([2, 3, 5, 8, 13, 21, 34, 55]);
    for (let from = 0; from <= a.length; from++) {
      for (let to = from; to <= a.length; to++) {
        for (let x = 0; x <= 60; x++) {
          const at = a.subarray(from, to).indexOf(x);
          expect(sortedIndexOf(a, from, to, x), `${x} in [${from}, ${to})`).toBe(at < 0 ? -1 : from + at);
        }
      }
    }
  });
});

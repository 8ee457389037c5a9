import { describe, expect, it } from 'vitest';
import { rng, type Rng } from '../rng';
import { normalise } from './importance';
import { allIndices, bootstrapCounts, drawSorted } from './sampling';

/** An Rng whose int() answers from a list, so each draw's effect can be followed. */
function scripted(ints: number[]): Rng {
  const base = rng(0);
  const asked: number[] = [];
  return {
    ...base,
    int: (n: number): number => {
      asked.push(n);
      const v = ints.shift()!;
      expect(v, `int(${n}) answered ${v}`).toBeLessThan(n);
      return v;
    },
    get asked(): number[] {
      return asked;
    },
  } as Rng & { asked: number[] };
}

describe('row and feature draws', () => {
  it('drawSorted: a partial Fisher–Yates over the first k places, each drawing from the rows left, returned ascending', () => {
    // int(5) = 3 swaps rows 0 and 3; int(4) = 2 swaps place 1 with place 3 (now row 0): rows 3 and 0.
    const r = scripted([3, 2]) as Rng & { asked: number[] };
    expect(Array.from(drawSorted(5, 2, r))).toEqual([0, 3]);
    expect(r.asked).toEqual([5, 4]);
    expect(Array.from(drawSorted(5, 2, scripted([0, 0])))).toEqual([0, 1]);
    expect(Array.from(drawSorted(5, 2, scripted([4, 3])))).toEqual([0, 4]);
    // All of them: every row once, ascending, whatever the draws.
    expect(Array.from(drawSorted(6, 6, rng(9)))).toEqual([0, 1, 2, 3, 4, 5]);
    const some = Array.from(drawSorted(100, 10, rng(4)));
    expect(new Set(some).size).toBe(10);
    expect(some).toEqual([...some].sort((a, b) => a - b));
  });

  it('bootstrap counts how often each row is drawn in n draws', () => {
    expect(Array.from(bootstrapCounts(3, scripted([2, 2, 0])))).toEqual([1, 0, 2]);
    const counts = bootstrapCounts(1000, rng(1));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1000);
    // About 1/e of the rows are never drawn.
    expect(counts.filter((c) => c === 0).length).toBeGreaterThan(330);
    expect(counts.filter((c) => c === 0).length).toBeLessThan(405);
  });

  it('allIndices is 0..n-1', () => {
    expect(Array.from(allIndices(4))).toEqual([0, 1, 2, 3]);
  });
});

describe('feature importance', () => {
  it('scaled to sum to 1; all zeros when nothing was gained', () => {
    expect(Array.from(normalise(Float64Array.of(1, 3, 0)))).toEqual([0.25, 0.75, 0]);
    expect(Array.from(normalise(Float64Array.of(0, 0)))).toEqual([0, 0]);
  });
});

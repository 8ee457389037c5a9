import { describe, expect, it } from 'vitest';
import type { WindowAggregation } from '../../../../preload/contract/sensors';
import { cases } from '../../../../main/host/testing';
import golden from '../fixtures/windows-golden.json';
import type { Value } from '../protocols';
import { finalRows, runWindows } from './testing';

interface GoldenRow {
  start: number;
  end: number;
  key: (string | number)[];
  values: (number | null)[];
}
interface Golden {
  columns: string[];
  events: Value[][];
  cases: { spec: WindowAggregation; rows: GoldenRow[] }[];
}

const g = golden as unknown as Golden;
const records = g.events.map((e) => Object.fromEntries(g.columns.map((c, i) => [c, e[i]])));

/** A seeded shuffle that moves each event by at most `spreadMs` of event time: sort by t + u, u in [0, spread). */
function jitter(list: typeof records, spreadMs: number, seed: number): typeof records {
  let s = seed;
  const rand = (): number => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  return list
    .map((r) => ({ r, k: (r['t'] as number) + rand() * spreadMs }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.r);
}

function expectMatches(got: ReturnType<typeof finalRows>, want: GoldenRow[]): void {
  expect(got.map((r) => [r.start, r.end, r.key])).toEqual(want.map((r) => [r.start, r.end, r.key]));
  let worst = 0;
  got.forEach((r, i) => {
    expect(r.events).toBe(want[i].values[0]);
    r.values.forEach((v, j) => {
      const w = want[i].values[j];
      if (w === null) expect(v).toBeNull();
      else worst = Math.max(worst, Math.abs((v as number) - w) / Math.max(1, Math.abs(w)));
    });
  });
  expect(worst).toBeLessThan(1e-9);
}

describe('windows against pandas (fixtures/make-windows-golden.py)', () => {
  for (const c of cases(g.cases, 'cases')) {
    it(`${c.spec.name}: ${c.rows.length} rows, in time order`, () => {
      const run = runWindows(c.spec, records);
      expect(run.late).toHaveLength(0);
      // In order with no lateness, each window and key is emitted exactly once.
      expect(run.rows.every((r) => r.revision === 0)).toBe(true);
      expectMatches(run.final, c.rows);
    });

    it(`${c.spec.name}: the same with events up to 5 s out of order and the watermark 5 s behind`, () => {
      const run = runWindows({ ...c.spec, outOfOrderSeconds: 5 }, jitter(records, 5000, 7));
      expect(run.windows.operator.late).toBe(0);
      expectMatches(run.final, c.rows);
    });
  }
});

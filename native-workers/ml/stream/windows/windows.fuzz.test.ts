import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WindowAggregation, WindowShape } from '../../../../preload/contract/sensors';
import { fuzzSettings } from '../../../../main/host/fuzz';
import type { Value } from '../protocols';
import { runWindows } from './testing';

const shape: fc.Arbitrary<WindowShape> = fc.oneof(
  fc.record({ kind: fc.constant('tumbling' as const), sizeSeconds: fc.constantFrom(1, 2.5, 10) }),
  fc.record({ kind: fc.constant('sliding' as const), sizeSeconds: fc.constantFrom(4, 6), slideSeconds: fc.constantFrom(1, 2) }),
  fc.record({ kind: fc.constant('session' as const), gapSeconds: fc.constantFrom(0.5, 1, 3) }),
);

/** Events in time order (ms, seconds-scale steps, ties allowed), a key of 3 values, a value with nulls. */
const events = fc.array(fc.tuple(fc.integer({ min: 0, max: 1500 }), fc.constantFrom('a', 'b', 'c'), fc.option(fc.integer({ min: -50, max: 50 }))), { minLength: 1, maxLength: 120 }).map((list) => {
  let t = 1_700_000_000_000;
  return list.map(([dt, k, x]) => ({ t: (t += dt), k, x: x === null ? null : x }) as Record<string, Value>);
});

const spec = (window: WindowShape, extra: Partial<WindowAggregation> = {}): WindowAggregation => ({
  name: 'w',
  window,
  timeField: 't',
  groupBy: ['k'],
  aggregates: [{ op: 'count' }, { op: 'sum', field: 'x' }, { op: 'min', field: 'x' }, { op: 'max', field: 'x' }, { op: 'percentile', field: 'x', percentile: 90 }],
  ...extra,
});

/** Moves each event by less than spread of event time: order by t + u, u in [0, spread). */
function shuffleWithin(list: readonly Record<string, Value>[], spreadMs: number, us: readonly number[]): Record<string, Value>[] {
  return list
    .map((r, i) => ({ r, k: (r['t'] as number) + us[i % us.length] * spreadMs }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.r);
}

const strip = (rows: ReturnType<typeof runWindows>['final']) => rows.map(({ start, end, key, events, values }) => ({ start, end, key, events, values }));

describe('windows (properties)', () => {
  const runs = fuzzSettings(300);
  it(`shuffling events within the allowed out-of-orderness does not change the results (${runs.numRuns} cases)`, () => {
    fc.assert(
      fc.property(shape, events, fc.integer({ min: 0, max: 4000 }), fc.array(fc.double({ min: 0, max: 0.999, noNaN: true }), { minLength: 1, maxLength: 50 }), (w, list, oooMs, us) => {
        const inOrder = runWindows(spec(w), list);
        const shuffled = runWindows(spec(w, { outOfOrderSeconds: oooMs / 1000 }), shuffleWithin(list, oooMs, us));
        expect(shuffled.late).toHaveLength(0);
        expect(strip(shuffled.final)).toEqual(strip(inOrder.final));
      }),
      runs,
    );
  });

  it(`every event is counted exactly once across windows and late output, whatever the order and lateness (${runs.numRuns} cases)`, () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.record({ kind: fc.constant('tumbling' as const), sizeSeconds: fc.constantFrom(1, 2.5, 10) }),
          fc.record({ kind: fc.constant('session' as const), gapSeconds: fc.constantFrom(0.5, 1, 3) }),
        ),
        events,
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 0, max: 3000 }),
        fc.array(fc.double({ min: 0, max: 0.999, noNaN: true }), { minLength: 1, maxLength: 50 }),
        (w, list, oooMs, latenessMs, us) => {
          // Shuffled more widely than the watermark allows, so some events come late.
          const arrived = shuffleWithin(list, 3 * oooMs + 2000, us);
          const run = runWindows(spec(w, { outOfOrderSeconds: oooMs / 1000, allowedLatenessSeconds: latenessMs / 1000 }), arrived);
          const inWindows = run.final.reduce((n, r) => n + r.events, 0);
          expect(inWindows + run.late.length).toBe(list.length);
          expect(run.windows.operator.late).toBe(run.late.length);
          expect(run.windows.operator.groups).toBe(0);
        },
      ),
      runs,
    );
  });
});

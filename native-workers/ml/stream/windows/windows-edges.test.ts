import { describe, expect, it } from 'vitest';
import type { WindowAggregation } from '../../../../preload/contract/sensors';
import { WindowOperator, type WindowResult } from './operator';
import { runWindows } from './testing';

// Survivors of the Stryker run on windows/ (docs/figures.md, Part J): typed multi-field keys, the order
// windows and sessions are emitted in when one watermark step closes several, and the seconds/ms cut.

const spec: WindowAggregation = { name: 'w', window: { kind: 'tumbling', sizeSeconds: 10 }, timeField: 't', groupBy: ['a', 'b'], aggregates: [{ op: 'count' }] };

describe('window edges', () => {
  it('keeps keys of several fields apart by type: ["1", 2] is not [1, "2"], nor null "null"', () => {
    const run = runWindows(spec, [
      { t: 1, a: '1', b: 2 },
      { t: 1, a: 1, b: '2' },
      { t: 1, a: '1', b: 2 },
      { t: 1, a: null, b: 'x' },
      { t: 1, a: 'null', b: 'x' },
      { t: 1, a: 'z', b: 'x' },
      { t: 1, a: 2, b: 'x' },
      { t: 1, a: 3, b: 'x' },
    ]);
    expect(run.final.map((r) => [r.key, r.events])).toEqual([
      [['1', 2], 2],
      [['null', 'x'], 1],
      [['z', 'x'], 1],
      [[1, '2'], 1],
      [[2, 'x'], 1],
      [[3, 'x'], 1],
      [[null, 'x'], 1],
    ]);
  });

  it('emits the windows one watermark step closes in the order they end, however they were opened', () => {
    const rows: WindowResult[] = [];
    const op = new WindowOperator({ ...spec, groupBy: [], window: { kind: 'sliding', sizeSeconds: 10, slideSeconds: 5 }, outOfOrderSeconds: 100 }, { result: (r) => rows.push(r) });
    op.add(11_000, [], []); // opens [5, 15) and [10, 20)
    op.add(1000, [], []); // then [-5, 5) and [0, 10)
    op.flush();
    expect(rows.map((r) => r.end)).toEqual([5000, 10_000, 15_000, 20_000]);
  });

  it('emits the sessions one watermark step closes in the order they end, across keys', () => {
    const rows: WindowResult[] = [];
    const op = new WindowOperator({ ...spec, groupBy: ['k'], window: { kind: 'session', gapSeconds: 1 }, outOfOrderSeconds: 100 }, { result: (r) => rows.push(r) });
    op.add(10_000, ['a'], []);
    op.add(5000, ['b'], []);
    op.add(7000, ['c'], []);
    op.flush();
    expect(rows.map((r) => [r.key[0], r.end])).toEqual([
      ['b', 6000],
      ['c', 8000],
      ['a', 11_000],
    ]);
  });

  it('reads a time field below 10¹¹ as seconds, from 10¹¹ as ms, negative times by their size too', () => {
    const run = runWindows({ ...spec, groupBy: [], window: { kind: 'tumbling', sizeSeconds: 1 } }, [{ t: -1e12 }, { t: -3.5 }, { t: 1e11 }, { t: 99_999_999_999.5 }]);
    expect(run.final.map((r) => r.start)).toEqual([-1e12, -4000, 1e11, 99_999_999_999_000]);
  });
});

import { describe, expect, it } from 'vitest';
import { rng } from '../rng';
import { pickFeatures } from './features';
import type { Frame, FrameColumn } from './frame-types';
import { lintLeakage } from './leakage';
import { detectTask, encodeTarget } from './task';

const num = (name: string, values: ArrayLike<number>): FrameColumn => ({ name, kind: 'numeric', values: Float64Array.from(values) });
const cat = (name: string, values: readonly (string | null)[]): FrameColumn => ({ name, kind: 'categorical', values });

/** 200 rows: an id, a noisy feature, a city, a constant, and a binary target. */
function sample(): Frame {
  const r = rng(11);
  const n = 200;
  const y = Array.from({ length: n }, () => (r.next() < 0.4 ? 1 : 0));
  return {
    rows: n,
    columns: [
      num('customer_id', Array.from({ length: n }, (_, i) => 1000 + ((i * 7919) % n))),
      num('income', y.map((v) => v + r.normal() * 2)),
      cat('city', y.map(() => ['Oslo', 'Lima', 'Pune'][r.int(3)]!)),
      cat('country', y.map(() => 'NO')),
      cat('churned', y.map((v) => (v ? 'yes' : 'no'))),
    ],
  };
}

describe('feature picker', () => {
  it('keeps everything but the target, identifiers and constants, with reasons', () => {
    const pick = pickFeatures(sample(), 'churned');
    expect(pick.features).toEqual(['income', 'city']);
    expect(pick.excluded.map((e) => e.name)).toEqual(['customer_id', 'country', 'churned']);
    expect(pick.excluded[0]!.reason).toMatch(/identifier/);
    expect(pick.excluded[1]!.reason).toMatch(/Constant/);
    expect(pick.excluded[2]!.reason).toBe('This is the target.');
  });

  it('names a missing target', () => {
    expect(() => pickFeatures(sample(), 'nope')).toThrow("There is no column 'nope' to predict.");
  });
});

describe('task detection', () => {
  it('text with two values is binary, more is multiclass', () => {
    expect(detectTask(cat('t', ['a', 'b', 'a', null]))).toMatchObject({ task: 'binary', classes: ['a', 'b'], missing: 1 });
    expect(detectTask(cat('t', ['a', 'b', 'c']))).toMatchObject({ task: 'multiclass', classes: ['a', 'b', 'c'] });
  });

  it('numbers: two values binary, few whole numbers multiclass, else regression', () => {
    expect(detectTask(num('t', [0, 1, 1, 0]))).toMatchObject({ task: 'binary', classes: ['0', '1'] });
    const ratings = Array.from({ length: 100 }, (_, i) => (i % 5) + 1);
    expect(detectTask(num('t', ratings))).toMatchObject({ task: 'multiclass', classes: ['1', '2', '3', '4', '5'] });
    expect(detectTask(num('t', [1.5, 2, 3, 4]))).toMatchObject({ task: 'regression' });
    expect(detectTask(num('t', Array.from({ length: 100 }, (_, i) => i % 50))).task).toBe('regression');
    expect(() => detectTask(num('t', [3, 3, NaN]))).toThrow(/single value/);
  });

  it('encodes classes by their sorted position, missing as NaN', () => {
    const t = num('t', [5, 3, NaN, 5]);
    expect(Array.from(encodeTarget(t, detectTask(t)))).toEqual([1, 0, NaN, 1]);
  });
});

describe('leakage lint', () => {
  it('a clean frame only gets info and the id warning', () => {
    const findings = lintLeakage({ frame: sample(), target: 'churned' });
    expect(findings.map((f) => [f.code, f.column, f.severity])).toEqual([
      ['id-like', 'customer_id', 'warning'],
      ['constant', 'country', 'info'],
    ]);
  });

  it('flags monotone counters and unique text keys', () => {
    const n = 50;
    const frame: Frame = {
      rows: n,
      columns: [
        num('row', Array.from({ length: n }, (_, i) => i + 1)),
        cat('email', Array.from({ length: n }, (_, i) => `u${i}@x.org`)),
        num('y', Array.from({ length: n }, (_, i) => Math.sin(i) * 10)),
      ],
    };
    const findings = lintLeakage({ frame, target: 'y' });
    expect(findings.find((f) => f.column === 'row')?.message).toMatch(/increase row by row/);
    expect(findings.find((f) => f.column === 'email')?.code).toBe('id-like');
  });

  it('flags a feature that gives the target away (numeric, categorical, regression)', () => {
    const base = sample();
    const y = (base.columns[4]!.values as string[]).map((v) => (v === 'yes' ? 1 : 0));
    const r = rng(2);
    const frame: Frame = {
      rows: base.rows,
      columns: [
        ...base.columns,
        num('refund_amount', y.map((v) => v * 50 + r.next())),
        cat('status_after', y.map((v) => (v ? 'closed' : 'open'))),
        num('cancelled_on', y.map((v) => (v ? 20240000 + r.int(365) : NaN))),
      ],
    };
    const leaks = lintLeakage({ frame, target: 'churned' }).filter((f) => f.code === 'near-perfect-predictor');
    expect(leaks.map((f) => f.column)).toEqual(['refund_amount', 'status_after', 'cancelled_on']);
    expect(leaks[0]!.message).toMatch(/ROC AUC 1\.000/);
    expect(leaks[2]!.message).toMatch(/^Whether 'cancelled_on' is filled in predicts/);
    const reg: Frame = {
      rows: 100,
      columns: [num('price', Array.from({ length: 100 }, (_, i) => i * 3.7 + 1)), num('price_eur', Array.from({ length: 100 }, (_, i) => (i * 3.7 + 1) * 0.9 + 0.1 * Math.sin(i))), num('noise', Array.from({ length: 100 }, () => r.normal()))],
    };
    expect(lintLeakage({ frame: reg, target: 'price' }).map((f) => f.column)).toEqual(['price_eur']);
  });

  it('an imbalanced target does not make every categorical column look perfect', () => {
    const r = rng(5);
    const n = 1000;
    const frame: Frame = {
      rows: n,
      columns: [cat('colour', Array.from({ length: n }, () => ['red', 'blue'][r.int(2)]!)), num('y', Array.from({ length: n }, (_, i) => (i % 200 === 0 ? 1 : 0)))],
    };
    expect(lintLeakage({ frame, target: 'y' })).toEqual([]);
  });

  it('counts validation rows duplicated in training, ignoring id columns', () => {
    const n = 40;
    const frame: Frame = {
      rows: n,
      columns: [
        num('id', Array.from({ length: n }, (_, i) => i)),
        num('a', Array.from({ length: n }, (_, i) => i % 30)),
        cat('b', Array.from({ length: n }, (_, i) => (i % 30 === 3 ? null : `v${i % 30}`))),
        num('y', Array.from({ length: n }, (_, i) => i % 2)),
      ],
    };
    const train = Array.from({ length: 30 }, (_, i) => i);
    const validation = Array.from({ length: 10 }, (_, i) => 30 + i);
    const f = lintLeakage({ frame, target: 'y', split: { train, validation } }).find((x) => x.code === 'train-validation-duplicates');
    expect(f?.message).toMatch(/^10 validation rows \(100\.0%\) also appear in training/);
  });

  it('warns when validation rows precede training rows in time', () => {
    const n = 30;
    const dates = Array.from({ length: n }, (_, i) => `2024-01-${String(i + 1).padStart(2, '0')}`);
    const frame: Frame = { rows: n, columns: [cat('day', dates), num('x', Array.from({ length: n }, (_, i) => Math.cos(i))), num('y', Array.from({ length: n }, (_, i) => Math.sin(i * 3)))] };
    const shuffled = { train: [0, 1, 2, 5, 6, 20, 21, 22, 25, 29], validation: [3, 4, 23, 24] };
    const ordered = { train: Array.from({ length: 20 }, (_, i) => i), validation: [20, 21, 22] };
    const f = lintLeakage({ frame, target: 'y', split: shuffled, timeColumn: 'day' }).find((x) => x.code === 'time-order');
    expect(f?.message).toMatch(/^4 of 4 validation rows are earlier in 'day'/);
    expect(lintLeakage({ frame, target: 'y', split: ordered, timeColumn: 'day' }).some((x) => x.code === 'time-order')).toBe(false);
  });
});

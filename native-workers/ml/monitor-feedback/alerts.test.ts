import { describe, expect, it } from 'vitest';
import { crosses, evaluateAlerts, parseCondition, type AlertRule, type MetricWindow } from './alerts';

// The bounds of an alert rule, each at its edge: a comparison at equality, exactly minRows rows, a firing
// exactly cooldownMs after the last, the rows behind one metric, and the words of each quiet reason.

const rule: AlertRule = { id: 7, metric: 'accuracy', op: '<', threshold: 0.8, window: '1h', minRows: 10, cooldownMs: 60_000 };
const win = (start: number, rows: number, value?: number, extra: Partial<MetricWindow> = {}): MetricWindow => ({
  start,
  end: start + 3_600_000,
  rows,
  metrics: value === undefined ? {} : { accuracy: value },
  ...extra,
});

describe('crosses', () => {
  it('compares strictly or not, per operator, at the threshold itself', () => {
    expect([crosses(1, '>', 1), crosses(1, '>=', 1), crosses(1, '<', 1), crosses(1, '<=', 1)]).toEqual([false, true, false, true]);
    expect([crosses(2, '>', 1), crosses(2, '>=', 1), crosses(2, '<', 1), crosses(2, '<=', 1)]).toEqual([true, true, false, false]);
    expect([crosses(0, '>', 1), crosses(0, '>=', 1), crosses(0, '<', 1), crosses(0, '<=', 1)]).toEqual([false, false, true, true]);
  });
});

describe('evaluateAlerts', () => {
  it('fires with exactly minRows rows, and again exactly a cooldown later, at the window end or now', () => {
    const h = 3_600_000;
    const windows = [win(0, 10, 0.5), win(h, 10, 0.5, { end: h + 60_000 }), win(2 * h, 9, 0.1), win(3 * h, 10, 0.5)];
    const { fired, quiet } = evaluateAlerts([rule], () => windows, new Map(), 3.5 * h);
    // The last window is still open at "now" (3.5 h): it fires at now, not at its end.
    expect(fired).toEqual([
      { ruleId: 7, metric: 'accuracy', value: 0.5, threshold: 0.8, op: '<', start: 0, end: h, rows: 10, at: h },
      { ruleId: 7, metric: 'accuracy', value: 0.5, threshold: 0.8, op: '<', start: h, end: h + 60_000, rows: 10, at: h + 60_000 },
      { ruleId: 7, metric: 'accuracy', value: 0.5, threshold: 0.8, op: '<', start: 3 * h, end: 4 * h, rows: 10, at: 3.5 * h },
    ]);
    expect(quiet).toEqual([{ ruleId: 7, start: 2 * h, reason: 'too few rows', detail: '9 rows; the rule needs at least 10.' }]);
  });

  it('cools down for less than cooldownMs after the last firing, saying how long ago it fired', () => {
    const { fired, quiet } = evaluateAlerts([rule], () => [win(0, 10, 0.5)], new Map([[7, 3_600_000 - 59_999]]), Infinity);
    expect(fired).toEqual([]);
    expect(quiet).toEqual([{ ruleId: 7, start: 0, reason: 'cooling down', detail: 'fired 60 s before; cooldown 60 s.' }]);
    // A firing in this evaluation holds the windows after it too.
    const again = evaluateAlerts([rule], () => [win(0, 10, 0.5), win(3_600_000, 10, 0.5, { end: 3_600_000 + 59_999 })], new Map(), Infinity);
    expect(again.fired.map((f) => f.start)).toEqual([0]);
    expect(again.quiet.map((q) => q.reason)).toEqual(['cooling down']);
    // Another rule's firing does not hold this one.
    expect(evaluateAlerts([rule], () => [win(0, 10, 0.5)], new Map([[8, 3_600_000]]), Infinity).fired).toHaveLength(1);
  });

  it('has no value for a missing or non-finite metric, and says when it is within the threshold', () => {
    const { quiet } = evaluateAlerts([rule], () => [win(0, 50), win(1, 50, NaN), win(2, 50, Infinity), win(3, 50, 0.8)], new Map(), Infinity);
    expect(quiet.map((q) => [q.start, q.reason, q.detail])).toEqual([
      [0, 'no value', 'accuracy has no value in this window.'],
      [1, 'no value', 'accuracy has no value in this window.'],
      [2, 'no value', 'accuracy has no value in this window.'],
      [3, 'within threshold', 'accuracy = 0.8, not < 0.8.'],
    ]);
  });

  it("counts a metric's own rows where given (labelled predictions), else the window's", () => {
    const labelled = win(0, 500, 0.5, { rowsByMetric: { accuracy: 4 } });
    expect(evaluateAlerts([rule], () => [labelled], new Map(), Infinity).quiet[0]).toMatchObject({ reason: 'too few rows', detail: '4 rows; the rule needs at least 10.' });
    const other = win(0, 500, 0.5, { rowsByMetric: { p99_ms: 4 } });
    expect(evaluateAlerts([rule], () => [other], new Map(), Infinity).fired[0]).toMatchObject({ rows: 500 });
  });

  it('evaluates each rule over its own windows', () => {
    const slow: AlertRule = { ...rule, id: 9, metric: 'p99_ms', op: '>', threshold: 50 };
    const { fired } = evaluateAlerts(
      [rule, slow],
      (r) => (r.id === 9 ? [{ start: 5, end: 6, rows: 20, metrics: { p99_ms: 51 } }] : [win(0, 20, 0.9)]),
      new Map(),
      Infinity,
    );
    expect(fired.map((f) => [f.ruleId, f.metric, f.value, f.at])).toEqual([[9, 'p99_ms', 51, 6]]);
  });
});

describe('parseCondition', () => {
  it('reads exponents, negative numbers, spaces and each operator', () => {
    expect(parseCondition('  loss <= 1.5e-3 ')).toEqual({ metric: 'loss', op: '<=', threshold: 0.0015 });
    expect(parseCondition('delta < -2')).toEqual({ metric: 'delta', op: '<', threshold: -2 });
    expect(parseCondition('rate_2.x-y>3E2')).toEqual({ metric: 'rate_2.x-y', op: '>', threshold: 300 });
  });

  it('refuses a metric that starts with a digit, two operators, or trailing words, quoting the text', () => {
    for (const text of ['9lives > 1', 'a >> 1', 'a > 1 b', 'a = 1', 'a > .5', 'a:  > 1'])
      expect(() => parseCondition(text), text).toThrow(`"${text}" is not a rule: write METRIC > NUMBER (or >=, <, <=)`);
  });
});

import { describe, expect, it } from 'vitest';
import { evaluateAlerts, parseCondition, type AlertRule, type MetricWindow } from './alerts';
import { checkFeedbackRequest, feedbackAnswer } from './feedback-request';
import { parseLogLine } from './log-lines';
import { operationsMetrics, operationsPerWindow, quantileSorted } from './operations';
import { realizedPerformance } from './realized';
import { parseDuration, parseWindow, windowStart, windowsOf } from './windows';

const day = 86_400_000;
const t0 = Date.UTC(2026, 0, 5); // a Monday

describe('windows', () => {
  it('parses time and count windows and durations, and says what is accepted otherwise', () => {
    expect(parseWindow('day')).toEqual({ kind: 'time', ms: day, text: '1d' });
    expect(parseWindow('6h')).toMatchObject({ kind: 'time', ms: 6 * 3_600_000 });
    expect(parseWindow('500')).toEqual({ kind: 'count', n: 500, text: '500' });
    expect(() => parseWindow('1 fortnight')).toThrow(/hour, day, week/);
    expect(parseDuration('30m')).toBe(1_800_000);
    expect(() => parseDuration('soon')).toThrow(/not a duration/);
  });

  it('aligns days to UTC midnight and weeks to Monday, and counts every N rows', () => {
    expect(windowStart(t0 + 3 * day + 5, 7 * day)).toBe(t0);
    expect(windowStart(t0 + 30 * 3_600_000, day)).toBe(t0 + day);
    const at = [t0 + 1, t0 + 2, t0 + day + 1, t0 + 3 * day];
    expect(windowsOf(at, (x) => x, parseWindow('1d')).map((w) => [w.start - t0, w.rows.length])).toEqual([[0, 2], [day, 1], [3 * day, 1]]);
    expect(windowsOf(at, (x) => x, parseWindow('3')).map((w) => [w.start, w.end, w.rows.length])).toEqual([[t0 + 1, t0 + 3 * day, 3], [t0 + 3 * day, t0 + 3 * day + 1, 1]]);
  });
});

describe('realized performance', () => {
  const binary = { task: 'binary' as const, classes: ['no', 'yes'], threshold: 0.5 };
  const p = (yes: number): unknown => ({ label: yes >= 0.5 ? 'yes' : 'no', probabilities: { no: 1 - yes, yes } });

  it('scores each window with the training metrics, as scikit-learn does', () => {
    // sklearn: accuracy 0.6, precision 2/3, recall 2/3, f1 2/3, roc_auc 0.8333… for y=[1,0,1,1,0], p=[.9,.2,.4,.7,.6]
    const rows = [
      ...[0.9, 0.2, 0.4, 0.7, 0.6].map((q, i) => ({ at: t0 + i, output: p(q), label: ['yes', 'no', 'yes', 'yes', 'no'][i]! })),
      { at: t0 + day, output: p(0.8), label: 'yes' },
      { at: t0 + day + 1, output: p(0.8), label: 'maybe' },
    ];
    const [first, second] = realizedPerformance(rows, binary, parseWindow('1d'));
    expect(first!.rows).toBe(5);
    expect(first!.metrics['accuracy']).toBeCloseTo(0.6, 12);
    expect(first!.metrics['precision']).toBeCloseTo(2 / 3, 12);
    expect(first!.metrics['recall']).toBeCloseTo(2 / 3, 12);
    expect(first!.metrics['f1']).toBeCloseTo(2 / 3, 12);
    expect(first!.metrics['roc_auc']).toBeCloseTo(0.8333333333333333, 12);
    // One class only: ROC AUC is left out and said why; a label that is no class is counted, not scored.
    expect(second!.rows).toBe(1);
    expect(second!.metrics).not.toHaveProperty('roc_auc');
    expect(second!.warnings.join(' ')).toMatch(/1 labels are not classes of the model/);
  });

  it('scores a regression with RMSE, MAE and R² (sklearn: 0.66144, 0.625, 0.86207)', () => {
    const rows = [3, 5, 2.5, 7].map((y, i) => ({ at: t0 + i, output: { value: [2.5, 5.5, 2, 8][i] }, label: String(y) }));
    const [w] = realizedPerformance(rows, { task: 'regression', classes: null, threshold: null }, parseWindow('500'));
    expect(w!.metrics['rmse']).toBeCloseTo(0.6614378277661477, 12);
    expect(w!.metrics['mae']).toBeCloseTo(0.625, 12);
    expect(w!.metrics['r2']).toBeCloseTo(0.8620689655172413, 12);
  });
});

describe('operations', () => {
  it('counts requests (a batch once), latency quantiles as numpy, errors, rejections and missing rates per version', () => {
    expect(quantileSorted([1, 2, 3, 4, 5, 7, 10], 0.99)).toBeCloseTo(9.82, 12);
    const pred = (at: number, version: number, requestId: string | null, latencyMs: number, input: object): { at: number; version: number; requestId: string | null; latencyMs: number; input: string } => ({ at, version, requestId, latencyMs, input: JSON.stringify(input) });
    const preds = [
      pred(t0, 1, 'a', 2, { x: 1, c: null }),
      pred(t0, 1, 'a', 2, { x: 2, c: 'k' }),
      pred(t0 + 1, 1, 'b', 4, { x: null, c: '' }),
      pred(t0 + 2, 2, null, 9, { x: 1, c: 'k' }),
    ];
    const refusals = [{ at: t0 + 3, version: 1, status: 400, rows: 3, latencyMs: 1 }, { at: t0 + 4, version: 1, status: 500, rows: 1, latencyMs: 1 }];
    const [v1, v2] = operationsPerWindow(preds, refusals, parseWindow('1d'));
    expect(v1).toMatchObject({ version: 1, requests: 4, rows: 3, p50Ms: 3, errors: 1, rejected: 1, rejectedRows: 3, missingRate: 3 / 6, missingByColumn: { x: 1 / 3, c: 2 / 3 } });
    expect(v2).toMatchObject({ version: 2, requests: 1, rows: 1, p50Ms: 9, p99Ms: 9 });
    const [all] = operationsPerWindow(preds, refusals, parseWindow('1d'), false);
    expect(operationsMetrics(all!)).toMatchObject({ requests: 5, error_rate: 0.2, rejected_rate: 0.2, 'missing_rate:c': 0.5 });
  });
});

describe('alerts', () => {
  const rule: AlertRule = { id: 1, ...parseCondition('accuracy < 0.8'), window: '1d', minRows: 10, cooldownMs: 2 * day };
  const w = (i: number, rows: number, accuracy?: number): MetricWindow => ({ start: t0 + i * day, end: t0 + (i + 1) * day, rows, metrics: accuracy === undefined ? {} : { accuracy } });

  it('fires below the threshold with enough rows, and not again within the cooldown', () => {
    const windows = [w(0, 50, 0.9), w(1, 5, 0.1), w(2, 50, 0.7), w(3, 50, 0.6), w(4, 50), w(5, 50, 0.5)];
    const { fired, quiet } = evaluateAlerts([rule], () => windows, new Map(), t0 + 100 * day);
    expect(fired.map((f) => [f.start, f.value])).toEqual([[t0 + 2 * day, 0.7], [t0 + 5 * day, 0.5]]);
    expect(quiet.map((q) => q.reason)).toEqual(['within threshold', 'too few rows', 'cooling down', 'no value']);
    // A firing before these windows (kept in the project) holds the cooldown too.
    expect(evaluateAlerts([rule], () => [w(2, 50, 0.7)], new Map([[1, t0 + 2 * day]]), t0 + 100 * day).fired).toEqual([]);
  });

  it('reads METRIC OP NUMBER and refuses anything else with how to write it', () => {
    expect(parseCondition('missing_rate:age >= 0.25')).toEqual({ metric: 'missing_rate:age', op: '>=', threshold: 0.25 });
    expect(parseCondition('drift:mean texture > 0.1')).toEqual({ metric: 'drift:mean texture', op: '>', threshold: 0.1 });
    expect(parseCondition('drift_share>=0.5')).toEqual({ metric: 'drift_share', op: '>=', threshold: 0.5 });
    expect(() => parseCondition('accuracy is bad')).toThrow(/METRIC > NUMBER/);
    expect(() => parseCondition('drift: > 0.1')).toThrow(/METRIC > NUMBER/);
  });
});

describe('feedback requests and log lines', () => {
  it('takes one label or a list, and refuses a missing id or label saying which', () => {
    expect(checkFeedbackRequest('{"id":"a","label":"yes"}')).toEqual({ ok: true, items: [{ id: 'a', label: 'yes' }] });
    expect(checkFeedbackRequest('{"feedback":[{"id":"a","label":1},{"id":"b"}]}')).toMatchObject({ ok: false, status: 400, error: expect.stringContaining('feedback[1] needs "label"') });
    expect(checkFeedbackRequest('')).toMatchObject({ ok: false, error: expect.stringContaining('the body is empty') });
    expect(feedbackAnswer({ stored: 0, duplicate: 0, unknown: 2, unknownIds: ['x', 'y'] }).status).toBe(404);
    expect(feedbackAnswer({ stored: 0, duplicate: 1, unknown: 1, unknownIds: ['x'] })).toEqual({ status: 200, body: { stored: 0, duplicate: 1, unknown: 1, unknownIds: ['x'] } });
  });

  it('reads the three kinds of log line and names what is wrong with a bad one', () => {
    const ok = { type: 'prediction', id: 'r.0', request: 'r', time: '2026-01-05T00:00:00.000Z', model: 'm', version: 1, input: { x: 1 }, output: { value: 2 }, latencyMs: 0.5 };
    expect(parseLogLine(JSON.stringify(ok))).toEqual(ok);
    expect(parseLogLine(JSON.stringify({ ...ok, time: 'yesterday', latencyMs: 'fast' }))).toEqual({ error: 'prediction line without a usable time, latencyMs' });
    expect(parseLogLine('{"type":"feedback"')).toMatchObject({ error: expect.stringMatching(/^not JSON/) });
    expect(parseLogLine('{"type":"metric"}')).toEqual({ error: 'unknown line type "metric": expected prediction, feedback or rejected' });
  });
});

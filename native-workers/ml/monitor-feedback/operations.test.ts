import { describe, expect, it } from 'vitest';
import { operationsMetrics, operationsPerWindow, quantileSorted, type OpsPrediction, type OpsRefusal, type OpsWindow } from './operations';
import { parseWindow } from './windows';

// What the server logs hold that the first operations test does not: latencies logged out of order,
// rows without request ids, inputs that are not JSON objects, events and versions given unsorted,
// windows without latencies, and the metric names of an empty window. Expected values are worked
// out by hand in the comments (quantiles as numpy.percentile's default, linear).

const day = 86_400_000;

const pred = (at: number, version: number, requestId: string | null, latencyMs: number, input: string): OpsPrediction => ({ at, version, requestId, latencyMs, input });
const refusal = (at: number, version: number, status: number, rows: number): OpsRefusal => ({ at, version, status, rows, latencyMs: 1 });

describe('quantileSorted', () => {
  it('has no quantile of no values, and interpolates linearly as numpy does', () => {
    expect(quantileSorted([], 0.5)).toBeNull();
    expect(quantileSorted([], 0.99)).toBeNull();
    // numpy.percentile([2, 4, 10, 30], [50, 99]): positions 1.5 and 2.97 → 4 + 0.5·6 = 7, 10 + 0.97·20 = 29.4.
    expect(quantileSorted([2, 4, 10, 30], 0.5)).toBe(7);
    expect(quantileSorted([2, 4, 10, 30], 0.99)).toBeCloseTo(29.4, 12);
  });
});

describe('operationsPerWindow', () => {
  it('counts each row without a request id as its own request, and sorts latencies before taking quantiles', () => {
    const t0 = Date.UTC(2026, 0, 5);
    // Requests: a (two rows, 30 ms), b (10 ms), and two rows without ids (2 ms, 4 ms): 4 requests, 5 rows.
    // Latencies in the order they are gathered: 30, 10, 2, 4; sorted 2, 4, 10, 30 → p50 7, p99 29.4 (as above).
    const preds = [pred(t0, 1, 'a', 30, '{}'), pred(t0 + 1, 1, 'a', 30, '{}'), pred(t0 + 2, 1, 'b', 10, '{}'), pred(t0 + 3, 1, null, 2, '{}'), pred(t0 + 4, 1, null, 4, '{}')];
    const [w, ...rest] = operationsPerWindow(preds, [], parseWindow('1d'));
    expect(rest).toEqual([]);
    expect(w).toMatchObject({ start: t0, end: t0 + day, version: 1, requests: 4, rows: 5, p50Ms: 7, errors: 0, rejected: 0, rejectedRows: 0 });
    expect(w!.p99Ms).toBeCloseTo(29.4, 12);
  });

  it('skips inputs that are not JSON objects when counting missing cells, but still counts their rows', () => {
    const t0 = Date.UTC(2026, 0, 5);
    // Only the first input is an object: 2 cells, 1 missing (x) → missing rate 1/2. The per-column
    // rate is over all 5 rows: x 1/5, c 0/5. The string "ab" must not count as columns "0" and "1".
    const inputs = ['{"x":null,"c":"k"}', 'null', '"ab"', 'not json', '7'];
    const preds = inputs.map((input, i) => pred(t0 + i, 1, `r${i}`, 1, input));
    const [w] = operationsPerWindow(preds, [], parseWindow('1d'));
    expect(w).toMatchObject({ requests: 5, rows: 5, missingRate: 0.5 });
    expect(w!.missingByColumn).toEqual({ x: 0.2, c: 0 });
  });

  it('puts predictions and refusals given out of time order into the right windows, oldest first', () => {
    const t0 = Date.UTC(2026, 0, 5);
    // Day 0: request a (3 ms) and a 400 of 2 rows. Day 1: a 503 and request b (5 ms).
    const preds = [pred(t0 + day + 1, 1, 'b', 5, '{}'), pred(t0, 1, 'a', 3, '{}')];
    const refusals = [refusal(t0 + day, 1, 503, 1), refusal(t0 + 2, 1, 400, 2)];
    const windows = operationsPerWindow(preds, refusals, parseWindow('1d'));
    expect(windows.map((w) => ({ start: w.start, end: w.end, requests: w.requests, rows: w.rows, p50: w.p50Ms, errors: w.errors, rejected: w.rejected, rejectedRows: w.rejectedRows }))).toEqual([
      { start: t0, end: t0 + day, requests: 2, rows: 1, p50: 3, errors: 0, rejected: 1, rejectedRows: 2 },
      { start: t0 + day, end: t0 + 2 * day, requests: 2, rows: 1, p50: 5, errors: 1, rejected: 0, rejectedRows: 0 },
    ]);
    // By count, in time order: [a, the 400] then [the 503, b]; the first ends where the 503 is.
    const byCount = operationsPerWindow(preds, refusals, parseWindow('2'), false);
    expect(byCount.map((w) => [w.start, w.end, w.errors, w.rejected, w.rows])).toEqual([
      [t0, t0 + day, 0, 1, 1],
      [t0 + day, t0 + day + 2, 1, 0, 1],
    ]);
  });

  it('lists versions in numeric order, whatever order they first appear in', () => {
    const t0 = Date.UTC(2026, 0, 5);
    // Version 10 is seen first, and "10" < "2" as text: numeric order is still 2, 10.
    const preds = [pred(t0, 10, 'a', 1, '{}'), pred(t0 + 1, 2, 'b', 1, '{}'), pred(t0 + 2, 10, 'c', 1, '{}')];
    const windows = operationsPerWindow(preds, [], parseWindow('1d'));
    expect(windows.map((w) => [w.version, w.requests])).toEqual([
      [2, 1],
      [10, 2],
    ]);
  });

  it('has no latency quantiles or missing rate in a window of refusals only', () => {
    const t0 = Date.UTC(2026, 0, 5);
    const [w] = operationsPerWindow([], [refusal(t0, 1, 500, 4)], parseWindow('1d'));
    expect(w).toEqual({ start: t0, end: t0 + day, version: 1, requests: 1, rows: 0, p50Ms: null, p99Ms: null, errors: 1, rejected: 0, rejectedRows: 0, missingRate: null, missingByColumn: {} });
    // 1 error of 1 request; no p50_ms, p99_ms or missing_rate at all rather than nulls.
    expect(operationsMetrics(w!)).toEqual({ requests: 1, rows: 0, errors: 1, rejected: 0, rejected_rows: 0, error_rate: 1, rejected_rate: 0 });
  });
});

describe('operationsMetrics', () => {
  it('names every number of a full window, and leaves out rates of a window with no requests', () => {
    const full: OpsWindow = { start: 0, end: day, version: null, requests: 4, rows: 3, p50Ms: 7, p99Ms: 29.4, errors: 1, rejected: 1, rejectedRows: 2, missingRate: 0.5, missingByColumn: { x: 0.25 } };
    // 1 error and 1 rejection of 4 requests: 0.25 each.
    expect(operationsMetrics(full)).toEqual({
      requests: 4,
      rows: 3,
      errors: 1,
      rejected: 1,
      rejected_rows: 2,
      error_rate: 0.25,
      rejected_rate: 0.25,
      p50_ms: 7,
      p99_ms: 29.4,
      missing_rate: 0.5,
      'missing_rate:x': 0.25,
    });
    // No requests: a rate would be 0/0, so there is none (not NaN).
    const empty: OpsWindow = { ...full, requests: 0, rows: 0, p50Ms: null, p99Ms: null, errors: 0, rejected: 0, rejectedRows: 0, missingRate: null, missingByColumn: {} };
    expect(operationsMetrics(empty)).toEqual({ requests: 0, rows: 0, errors: 0, rejected: 0, rejected_rows: 0 });
  });
});

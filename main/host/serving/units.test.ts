import { describe, expect, it } from 'vitest';
import { parsePrometheus, percentileOf, ServerMetrics } from './metrics';
import { SplitRouter } from './router';

describe('SplitRouter', () => {
  it('sends exactly p of every 100 requests to the candidate, spread evenly', () => {
    const r = new SplitRouter(20);
    const picks = Array.from({ length: 1000 }, () => r.next());
    expect(picks.filter(Boolean)).toHaveLength(200);
    expect(picks.slice(0, 10).filter(Boolean)).toHaveLength(2);
    r.set(0);
    expect(Array.from({ length: 50 }, () => r.next()).some(Boolean)).toBe(false);
    r.set(100);
    expect(Array.from({ length: 50 }, () => r.next()).every(Boolean)).toBe(true);
    expect(() => r.set(101)).toThrow('0..100');
  });
});

describe('ServerMetrics', () => {
  it('counts per version and status, fills cumulative buckets, and closes one-second windows', () => {
    const m = new ServerMetrics(0);
    const v1 = { model: 'm', version: 1 };
    m.track({ model: 'm', version: 2 });
    m.record(v1, 200, 0.0007, 1);
    m.record(v1, 200, 0.003, 10);
    m.record(v1, 400, 0.0002, 0, 'bad_input');
    const p = parsePrometheus(m.prometheus({ uptimeSeconds: 1, logDropped: 0, logSkipped: 0, logPending: 0 }));
    expect(p.get('assay_predict_requests_total{model="m",version="1",status="200"}')).toBe(2);
    expect(p.get('assay_predict_requests_total{model="m",version="1",status="400"}')).toBe(1);
    expect(p.get('assay_predict_errors_total{model="m",version="1",reason="bad_input"}')).toBe(1);
    expect(p.get('assay_predict_rows_total{model="m",version="1"}')).toBe(11);
    expect(p.get('assay_predict_rows_total{model="m",version="2"}')).toBe(0);
    expect(p.get('assay_predict_latency_seconds_bucket{model="m",version="1",le="0.0005"}')).toBe(1);
    expect(p.get('assay_predict_latency_seconds_bucket{model="m",version="1",le="0.001"}')).toBe(2);
    expect(p.get('assay_predict_latency_seconds_bucket{model="m",version="1",le="0.005"}')).toBe(3);
    const ticked = m.tick(2000);
    const s1 = ticked.find((s) => s.version === 1);
    const s2 = ticked.find((s) => s.version === 2);
    expect(s1).toMatchObject({ version: 1, requestsPerSecond: 1.5, rowsPerSecond: 5.5, requests: 3, errors: 1 });
    expect(s1!.p50Ms).toBeCloseTo(0.7);
    expect(s2).toMatchObject({ version: 2, requestsPerSecond: 0, p50Ms: null });
    expect(m.tick(3000).find((s) => s.version === 1)).toMatchObject({ requestsPerSecond: 0, requests: 3 });
    expect(percentileOf([1, 2, 3, 4], 50)).toBe(2);
    expect(percentileOf([1, 2, 3, 4], 99)).toBe(4);
  });
});

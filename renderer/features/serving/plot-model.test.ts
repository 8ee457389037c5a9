import { describe, expect, it } from 'vitest';
import { curlExample, formatMs, latencyTraces, rateTraces, versionsIn } from './plot-model';
import type { StatsPoint } from './slice';

const v = (version: number, rps: number, p50: number | null) => ({ model: 'churn', version, requestsPerSecond: rps, rowsPerSecond: rps, p50Ms: p50, p99Ms: p50 && p50 * 2, requests: 0, errors: 0 });
const points: StatsPoint[] = [
  { at: 1000, versions: [v(1, 10, 1)] },
  { at: 2000, versions: [v(1, 8, 1.5), v(2, 2, 3)] },
];

describe('serving plot model', () => {
  it('draws one rate line and a p50/p99 pair per version, x in seconds before the newest tick', () => {
    expect(versionsIn(points)).toEqual([{ model: 'churn', version: 1 }, { model: 'churn', version: 2 }]);
    const rate = rateTraces(points);
    expect(rate.map((t) => t.name)).toEqual(['v1 req/s', 'v2 req/s']);
    expect(rate[0]!.x).toEqual([-1, 0]);
    expect(rate[1]!.y).toEqual([null, 2]);
    expect(latencyTraces(points).map((t) => t.name)).toEqual(['v1 p50', 'v1 p99', 'v2 p50', 'v2 p99']);
    expect(latencyTraces(points)[1]!.y).toEqual([2, 3]);
  });

  it('writes a curl call with every input column, and formats latencies', () => {
    const curl = curlExample('http://127.0.0.1:5', { model: 'm', version: 1, stage: 'none', task: 'binary', createdAt: '', inputColumns: [{ name: 'a', kind: 'numeric' }, { name: 'b', kind: 'categorical' }] });
    expect(curl).toContain('http://127.0.0.1:5/predict');
    expect(curl).toContain(`'{"rows":[{"a":0,"b":"value"}]}'`);
    // A version's training row is what it sends, quotes escaped for the shell.
    const real = curlExample('http://127.0.0.1:5', { model: 'm', version: 1, stage: 'none', task: 'binary', createdAt: '', inputColumns: [{ name: 'a', kind: 'numeric' }, { name: 'b', kind: 'categorical' }], example: { a: 3.5, b: "O'Neil" } });
    expect(real).toContain(`-d '{"rows":[{"a":3.5,"b":"O'\\''Neil"}]}'`);
    const image = curlExample('http://127.0.0.1:5', { model: 'm', version: 1, stage: 'none', task: 'multiclass', createdAt: '', inputColumns: [], kind: 'image' });
    expect(image).toBe("curl -s http://127.0.0.1:5/predict -H 'content-type: image/png' \\\n  --data-binary @picture.png");
    const recs = curlExample('http://127.0.0.1:5', { model: 'm', version: 1, stage: 'none', task: 'recommend', createdAt: '', inputColumns: [], kind: 'recs' });
    expect(recs).toBe(`curl -s http://127.0.0.1:5/recommend -H 'content-type: application/json' \\\n  -d '{"user": "someone", "k": 10}'`);
    expect(formatMs(null)).toBe('–');
    expect(formatMs(0.4567)).toBe('0.46 ms');
    expect(formatMs(123.4)).toBe('123 ms');
  });
});

import { describe, expect, it } from 'vitest';
import { checkDrift } from './drift';
import { WindowSummarizer, decodeReference, encodeReference, type StoredReference } from './reference';
import { mergeSummaries, type NumericSummary } from './summary';

const columns = [
  { name: 'x', kind: 'numeric' as const },
  { name: 'k', kind: 'categorical' as const },
];

function rows(n: number, offset: number): unknown[][] {
  return Array.from({ length: n }, (_, i) => [i % 7 === 0 ? null : Math.sin(i + offset) * 3, ['a', 'b', 'c'][(i + offset) % 3]]);
}

describe('references', () => {
  it('survive storage as JSON exactly (sketch points as base64 float64)', () => {
    const s = new WindowSummarizer(columns, 'numeric');
    rows(500, 0).forEach((r, i) => s.add(r, i / 500));
    const ref = { ...s.result(), cbpe: { threshold: 0.5, calibration: { x: [0, 1], y: [0.1, 0.9] } }, metrics: { accuracy: 0.9 } };
    const back = decodeReference(JSON.parse(JSON.stringify(encodeReference(ref))) as StoredReference);
    expect(back).toEqual(ref);
    const cur = new WindowSummarizer(columns, 'numeric', { against: back });
    rows(300, 5).forEach((r, i) => cur.add(r, i / 300));
    expect(checkDrift(back, cur.result())).toEqual(checkDrift(ref, cur.result()));
  });

  it('merge: two windows summarised apart equal the two summarised together', () => {
    const summarise = (data: unknown[][]): ReturnType<WindowSummarizer['result']> => {
      const s = new WindowSummarizer(columns, null);
      data.forEach((r) => s.add(r));
      return s.result();
    };
    const a = summarise(rows(400, 0));
    const b = summarise(rows(300, 400));
    const both = summarise([...rows(400, 0), ...rows(300, 400)]);
    const x = mergeSummaries(a.columns.x!, b.columns.x!) as NumericSummary;
    const whole = both.columns.x as NumericSummary;
    expect([x.count, x.missing, x.min, x.max]).toEqual([whole.count, whole.missing, whole.min, whole.max]);
    expect(Array.from(x.sketch.values)).toEqual(Array.from(whole.sketch.values));
    expect(x.mean).toBeCloseTo(whole.mean, 12);
    expect(mergeSummaries(a.columns.k!, b.columns.k!)).toEqual(both.columns.k);
    expect(() => mergeSummaries(a.columns.x!, b.columns.k!)).toThrow(/same kind/);
  });
});

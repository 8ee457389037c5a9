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

describe('window summaries', () => {
  const columns = [
    { name: 'n', kind: 'numeric' as const },
    { name: 'c', kind: 'categorical' as const },
  ];
  const data = Array.from({ length: 120 }, (_, i) => [(i * 37) % 101, ['p', 'q', 'r'][i % 3]] as unknown[]);

  it('bins numeric columns on a reference\'s points, and sketches the rest and anything without a numeric reference', () => {
    const refs = new WindowSummarizer(columns, 'numeric');
    data.forEach((r, i) => refs.add(r, i / 10));
    const reference = refs.result();
    expect(reference.columns['n']!.kind === 'numeric' && reference.columns['n']!.outsideReference).toBeUndefined();
    const cur = new WindowSummarizer(columns, 'numeric', { against: reference });
    data.forEach((r, i) => cur.add([Number(r[0]) + 50, r[1]], i / 10 + 20));
    const s = cur.result();
    const n = s.columns['n']!;
    // Binned: the count of values above the reference's max is kept (the sketch holds gap means, not the values).
    expect(n.kind === 'numeric' && n.outsideReference).toBe(data.filter((r) => Number(r[0]) + 50 > 100).length);
    // The prediction is binned on the reference's predictions (0 to 11.9): every current one (20 and up) is outside.
    expect(s.prediction!.kind === 'numeric' && s.prediction!.outsideReference).toBe(120);
    // A reference column with no values gives nothing to bin on: the window is sketched.
    const empty = new WindowSummarizer(columns, null);
    empty.add([null, 'p']);
    const against = new WindowSummarizer(columns, null, { against: empty.result() });
    data.forEach((r) => against.add(r));
    const sketched = against.result().columns['n']!;
    expect(sketched.kind === 'numeric' && sketched.outsideReference).toBeUndefined();
    expect(sketched.count).toBe(120);
  });

  it('summarises the prediction when it has one and a value is given, and counts rows', () => {
    const s = new WindowSummarizer(columns, 'categorical');
    s.add(data[0]!, 'yes');
    s.add(data[1]!);
    s.add(data[2]!, 'no');
    s.add(data[3]!, null);
    const r = s.result();
    expect(r.rows).toBe(4);
    expect(r.prediction).toMatchObject({ kind: 'categorical', count: 2, missing: 1 });
    const none = new WindowSummarizer(columns, null);
    none.add(data[0]!, 'ignored');
    expect(none.result().prediction).toBeUndefined();
    expect(none.result().columns['c']).toMatchObject({ kind: 'categorical', count: 1 });
  });
});

import { describe, expect, it } from 'vitest';
import { frame, takeFrameRows, type Frame } from '../frame';
import { fitPipeline } from './fit';
import { loadPipeline } from './fitted';
import type { PipelineJSON } from './pipeline-json';

const day = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d);

/** 60 days from Monday 1 January 2024, then a missing date, plus a number. */
const days: Frame = frame([
  { name: 'd', kind: 'date', values: Float64Array.from({ length: 61 }, (_, i) => (i === 60 ? NaN : day(2024, 1, 1 + i))) },
  { name: 'x', kind: 'numeric', values: Float64Array.from({ length: 61 }, (_, i) => i % 3) },
]);

describe('date steps of the pipeline', () => {
  it('derives the parts that vary in the fit rows only: a fold that never sees a weekend or a second month gets no such feature', () => {
    // Rows 0..4 are Monday to Friday, 1–5 January.
    const weekdays = fitPipeline(takeFrameRows(days, [0, 1, 2, 3, 4]));
    expect(weekdays.featureNames).toEqual(['x', 'd.day_of_week', 'd.day_of_year']);
    const month = fitPipeline(takeFrameRows(days, Array.from({ length: 31 }, (_, i) => i)));
    expect(month.featureNames).toEqual(['x', 'd.day_of_week', 'd.day_of_year', 'd.weekend']);
    const all = fitPipeline(days, { addMissingIndicators: true });
    expect(all.featureNames).toEqual(['x', 'd.month', 'd.day_of_week', 'd.day_of_year', 'd.weekend', 'missing:d']);
    expect(all.inputColumns).toEqual([
      { name: 'd', kind: 'date' },
      { name: 'x', kind: 'numeric' },
    ]);
  });

  it('scales each part with the fit rows\u2019 statistics and fills a missing date with their median', () => {
    const p = fitPipeline(takeFrameRows(days, [0, 1, 2, 3, 4]), { scaling: 'standard' });
    // Fit: day of week 0..4 (mean 2, population sd √2), day of year 1..5 (mean 3).
    const later = frame([
      { name: 'd', kind: 'date', values: Float64Array.of(day(2024, 2, 10), NaN) },
      { name: 'x', kind: 'numeric', values: Float64Array.of(0, 0) },
    ]);
    const m = p.transform(later);
    // Saturday 10 February: day of week 5, day of year 41; a missing date is the median (2, 3).
    expect(m.data[1]).toBeCloseTo((5 - 2) / Math.SQRT2, 12);
    expect(m.data[2]).toBeCloseTo((41 - 3) / Math.SQRT2, 12);
    expect(m.data[4]).toBeCloseTo(0, 12);
    expect(m.data[5]).toBeCloseTo(0, 12);
  });

  it('stores the parts in its JSON: a loaded pipeline transforms exactly as the fitted one, and a damaged one is refused', () => {
    const fitted = fitPipeline(days, { scaling: 'minmax' });
    const json = JSON.parse(JSON.stringify(fitted.toJSON())) as PipelineJSON;
    expect(json.dates?.[0]?.parts.map((p) => p.part)).toEqual(['month', 'day_of_week', 'day_of_year', 'weekend']);
    const loaded = loadPipeline(json);
    expect(Array.from(loaded.transform(days).data)).toEqual(Array.from(fitted.transform(days).data));
    const dates = json.dates!;
    expect(() => loadPipeline({ ...json, dates: [{ ...dates[0]!, parts: [{ part: 'minute' as 'hour', fill: 0, center: 0, scale: 1 }] }] })).toThrow(/not a date part/);
    expect(() => loadPipeline({ ...json, dates: [] })).toThrow(/every input column needs one step/);
    expect(() => loadPipeline({ ...json, inputColumns: json.inputColumns.map((c) => (c.name === 'd' ? { ...c, kind: 'categorical' as const } : c)) })).toThrow(/not a date input column/);
  });

  it('still loads a pipeline stored before dates were features (no dates field)', () => {
    const json = fitPipeline(frame([days.columns[1]!])).toJSON();
    expect('dates' in json).toBe(false);
    expect(loadPipeline(json).featureNames).toEqual(['x']);
  });
});

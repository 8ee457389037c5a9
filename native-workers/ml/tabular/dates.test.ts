// A machine west of UTC: a datetime without a zone read as local time shifts by 7–8 hours there.
process.env.TZ = 'America/Los_Angeles';

import { describe, expect, it } from 'vitest';
import { dateParts, describeDerived } from '../../../preload/contract/train';
import { datePart, parseIsoDate, varyingDateParts } from './dates';
import { FrameError, frameFromRecords } from './frame';
import golden from './fixtures/date-parts.json';

const g = golden as { rows: ({ text: string; ms: number } & Record<(typeof dateParts)[number], number>)[] };

describe('date parsing and calendar parts', () => {
  it('matches numpy datetime64 on dates and datetimes, leap days, offsets and year ends (fixtures/make-date-parts.py)', () => {
    expect(g.rows.length).toBeGreaterThan(10);
    for (const row of g.rows) {
      const ms = parseIsoDate(row.text);
      expect(ms, row.text).toBe(row.ms);
      for (const part of dateParts) expect(datePart(ms, part), `${row.text} ${part}`).toBe(row[part]);
    }
  });

  it('reads a date without a zone as a calendar date, whatever the machine time zone', () => {
    // The test really runs west of UTC: local midnight of 10 March 2024 is 08:00 UTC.
    expect(new Date(2024, 2, 10).getTimezoneOffset()).toBe(480);
    // The trap: Date.parse reads a datetime without a zone as local time, so Sunday 23:30 becomes Monday in UTC.
    expect(new Date('2024-03-10T23:30:00').getUTCDay()).toBe(1);
    const sunday = parseIsoDate('2024-03-10');
    expect(datePart(sunday, 'day_of_week')).toBe(6);
    expect(datePart(sunday, 'weekend')).toBe(1);
    const lateSunday = parseIsoDate('2024-03-10T23:30:00');
    expect(datePart(lateSunday, 'day_of_week')).toBe(6);
    expect(datePart(lateSunday, 'hour')).toBe(23);
    // A DST change in Los Angeles does not touch UTC days.
    expect(datePart(parseIsoDate('2024-11-03'), 'day_of_year') - datePart(parseIsoDate('2024-11-02'), 'day_of_year')).toBe(1);
  });

  it('leaves what is no date missing (NaN), including impossible calendar dates', () => {
    for (const bad of ['2023-02-29', '2024-13-01', '2024-04-31', '03/10/2024', 'yesterday', '', '2024-03-10T25:00:00', '2024-03-10T10:00:00+25:00']) {
      expect(parseIsoDate(bad), bad).toBeNaN();
    }
    expect(datePart(NaN, 'month')).toBeNaN();
    expect(parseIsoDate(' 2024-03-10 ')).toBe(Date.UTC(2024, 2, 10));
    expect(parseIsoDate('2024-03-10t10:00z')).toBe(Date.UTC(2024, 2, 10, 10));
    expect(parseIsoDate('2024-03-10T10:00:00.57Z')).toBe(Date.UTC(2024, 2, 10, 10, 0, 0, 570));
  });

  it('keeps only the parts that vary among the dates', () => {
    const january = Float64Array.from({ length: 31 }, (_, i) => Date.UTC(2024, 0, i + 1));
    expect(varyingDateParts(january)).toEqual(['day_of_week', 'day_of_year', 'weekend']);
    const weekdays = Float64Array.of(Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 2), NaN, Date.UTC(2025, 5, 3));
    expect(varyingDateParts(weekdays)).toEqual(['year', 'month', 'day_of_week', 'day_of_year']);
    expect(varyingDateParts(Float64Array.of(Date.UTC(2024, 0, 1, 8), Date.UTC(2024, 0, 1, 9)))).toEqual(['hour']);
    expect(varyingDateParts(Float64Array.of(NaN, NaN))).toEqual([]);
    expect(describeDerived({ column: 'date', parts: ['year', 'day_of_week', 'weekend'] })).toBe('date → year, day of week, weekend');
  });

  it('builds a date column of a request from ISO text; numbers are refused with what to send', () => {
    const f = frameFromRecords([{ d: '2024-03-10' }, { d: null }, { d: 'soon' }, {}], [{ name: 'd', kind: 'date' }]);
    expect(f.columns[0]!.kind).toBe('date');
    expect(Array.from(f.columns[0]!.values as Float64Array)).toEqual([Date.UTC(2024, 2, 10), NaN, NaN, NaN]);
    expect(() => frameFromRecords([{ d: 1710028800000 }], [{ name: 'd', kind: 'date' }])).toThrow(FrameError);
    expect(() => frameFromRecords([{ d: 20240310 }], [{ name: 'd', kind: 'date' }])).toThrow(/send ISO 8601 text such as "2024-03-01"/);
  });
});

describe('calendar days', () => {
  it('knows each month\'s length and the Gregorian leap years (every 4th, not centuries, but every 400th)', () => {
    for (const ok of ['2024-01-31', '2024-03-31', '2024-05-31', '2024-06-30', '2024-12-31', '2024-02-29', '2000-02-29', '1600-02-29']) expect(parseIsoDate(ok), ok).toBe(Date.parse(`${ok}T00:00:00Z`));
    for (const bad of ['2024-06-31', '2024-09-31', '2024-11-31', '1900-02-29', '2100-02-29', '2023-02-29', '2024-02-30']) expect(parseIsoDate(bad), bad).toBeNaN();
  });
});

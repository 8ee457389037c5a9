/**
 * Dates as features: ISO 8601 text (what an import stores for date and datetime
 * columns, and what a serving request sends) to UTC milliseconds, and the
 * calendar parts a model can learn from. Everything is read in UTC: a date
 * without a zone is a calendar date, never local time, so its day of week does
 * not depend on the machine's time zone (Date.parse('2024-03-10T00:00') would).
 */
import { dateParts, type DatePart } from '../../../preload/contract/train';

const dayMs = 86_400_000;

// YYYY-MM-DD, optionally T or space, HH:mm, :ss, .fraction, and Z or ±HH[:]MM.
const isoRe = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * UTC milliseconds of an ISO 8601 date or datetime, or NaN when it is not one
 * (2023-02-30 included): unparseable values are missing, as any missing cell.
 * A zone offset is applied (the instant in UTC, as the import stores it).
 */
export function parseIsoDate(text: string): number {
  const m = isoRe.exec(text.trim());
  if (!m) return NaN;
  const field = (k: number): number => Number(m[k] ?? 0);
  const [y, mo, d, h, mi, s] = [field(1), field(2), field(3), field(4), field(5), field(6)];
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || s > 59) return NaN;
  // Milliseconds from the first three fraction digits as written (0.57 * 1000 is 569.99…).
  const ms = Number(`${m[7] ?? ''}000`.slice(0, 3));
  let offsetMin = 0;
  const zone = m[8];
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2)) : 0;
    if (oh > 23 || om > 59) return NaN;
    offsetMin = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  // Date.UTC maps years 0..99 to 1900..1999; setUTCFullYear keeps them as written.
  const t = new Date(Date.UTC(2000, mo - 1, d, h, mi, s, ms));
  t.setUTCFullYear(y);
  return t.getTime() - offsetMin * 60_000;
}

/** One calendar part of a UTC instant; NaN stays NaN (missing). */
export function datePart(ms: number, part: DatePart): number {
  if (Number.isNaN(ms)) return NaN;
  const t = new Date(ms);
  switch (part) {
    case 'year':
      return t.getUTCFullYear();
    case 'month':
      return t.getUTCMonth() + 1;
    case 'day_of_week':
      // Monday = 0 … Sunday = 6, as pandas' dayofweek and Python's weekday().
      return (t.getUTCDay() + 6) % 7;
    case 'day_of_year': {
      const start = new Date(0);
      start.setUTCFullYear(t.getUTCFullYear(), 0, 1);
      return Math.floor((ms - start.getTime()) / dayMs) + 1;
    }
    case 'hour':
      return t.getUTCHours();
    case 'weekend': {
      const day = t.getUTCDay();
      return day === 0 || day === 6 ? 1 : 0;
    }
  }
}

/** A part of every value of a column (NaN where the date is missing). */
export function datePartValues(values: Float64Array, part: DatePart): Float64Array {
  return values.map((v) => datePart(v, part));
}

/**
 * The parts that vary among these dates: a part with one value (hour of a
 * date-only column, year of a one-year fold) would be a constant feature.
 * Shared by the pipeline's fit and the run plan, so both say the same.
 */
export function varyingDateParts(values: Float64Array): DatePart[] {
  return dateParts.filter((part) => {
    let first = NaN;
    for (const v of values) {
      if (Number.isNaN(v)) continue;
      const x = datePart(v, part);
      if (Number.isNaN(first)) first = x;
      else if (x !== first) return true;
    }
    return false;
  });
}

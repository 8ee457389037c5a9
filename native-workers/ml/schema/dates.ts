import type { DateFormat } from '../../../preload/contract/schema';

/**
 * Parsing of the date formats Assay detects, into ISO 8601 text: `YYYY-MM-DD` for dates and
 * `YYYY-MM-DDTHH:mm:ss.sssZ` (UTC, always with milliseconds, like Date.toISOString) for
 * datetimes, so stored values sort and compare as text. Hand-written over char codes because
 * it runs on every cell of a date column; invalid calendar dates (2023-02-30) are rejected.
 */

type Order = 'YMD' | 'MDY' | 'DMY';

interface Layout {
  readonly order: Order;
  /** Char code between the date fields. */
  readonly sep: number;
  /** Whether a time may follow (datetime formats); a missing time means midnight. */
  readonly time: boolean;
}

const layouts: Readonly<Record<Exclude<DateFormat, 'epoch-s' | 'epoch-ms'>, Layout>> = {
  'YYYY-MM-DD': { order: 'YMD', sep: 45, time: false },
  'YYYY/MM/DD': { order: 'YMD', sep: 47, time: false },
  'MM/DD/YYYY': { order: 'MDY', sep: 47, time: false },
  'DD/MM/YYYY': { order: 'DMY', sep: 47, time: false },
  'DD.MM.YYYY': { order: 'DMY', sep: 46, time: false },
  'MM.DD.YYYY': { order: 'MDY', sep: 46, time: false },
  'DD-MM-YYYY': { order: 'DMY', sep: 45, time: false },
  'MM-DD-YYYY': { order: 'MDY', sep: 45, time: false },
  'YYYY-MM-DDTHH:mm:ssZ': { order: 'YMD', sep: 45, time: true },
  'YYYY-MM-DD HH:mm:ssZ': { order: 'YMD', sep: 45, time: true },
  'MM/DD/YYYY HH:mm:ss': { order: 'MDY', sep: 47, time: true },
  'DD/MM/YYYY HH:mm:ss': { order: 'DMY', sep: 47, time: true },
  'DD.MM.YYYY HH:mm:ss': { order: 'DMY', sep: 46, time: true },
};

/** Whether a format yields datetimes (with a time of day) rather than dates. */
export function isDatetimeFormat(format: DateFormat): boolean {
  return format === 'epoch-s' || format === 'epoch-ms' || layouts[format].time;
}

// The scanner's cursor: parsing is single-threaded and never re-entrant.
let pos = 0;

function digits(s: string, min: number, max: number): number {
  let n = 0;
  let k = 0;
  while (k < max && pos < s.length) {
    const c = s.charCodeAt(pos);
    if (c < 48 || c > 57) break;
    n = n * 10 + (c - 48);
    pos++;
    k++;
  }
  return k >= min ? n : -1;
}

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** The parsed fields of one value; reused so the hot path allocates nothing but the result. */
const f = { y: 0, m: 0, d: 0, h: 0, mi: 0, s: 0, ms: 0, offset: 0, hasTime: false };

function parseDatePart(s: string, layout: Layout): boolean {
  let a: number;
  let b: number;
  let c: number;
  if (layout.order === 'YMD') {
    a = digits(s, 4, 4);
    if (a < 0 || s.charCodeAt(pos++) !== layout.sep) return false;
    b = digits(s, 1, 2);
    if (b < 0 || s.charCodeAt(pos++) !== layout.sep) return false;
    c = digits(s, 1, 2);
    if (c < 0) return false;
    f.y = a;
    f.m = b;
    f.d = c;
  } else {
    a = digits(s, 1, 2);
    if (a < 0 || s.charCodeAt(pos++) !== layout.sep) return false;
    b = digits(s, 1, 2);
    if (b < 0 || s.charCodeAt(pos++) !== layout.sep) return false;
    c = digits(s, 4, 4);
    if (c < 0) return false;
    f.y = c;
    f.m = layout.order === 'MDY' ? a : b;
    f.d = layout.order === 'MDY' ? b : a;
  }
  return f.y >= 1 && f.m >= 1 && f.m <= 12 && f.d >= 1 && f.d <= daysIn(f.y, f.m);
}

/** `THH:mm[:ss[.fff…]][Z|±hh[:mm]]` or with a space instead of T; sets f.h … f.offset. */
function parseTimePart(s: string): boolean {
  f.h = f.mi = f.s = f.ms = f.offset = 0;
  f.hasTime = false;
  if (pos === s.length) return true;
  const t = s.charCodeAt(pos);
  if (t !== 84 && t !== 116 && t !== 32) return false;
  pos++;
  f.h = digits(s, 2, 2);
  if (f.h < 0 || f.h > 23 || s.charCodeAt(pos++) !== 58) return false;
  f.mi = digits(s, 2, 2);
  if (f.mi < 0 || f.mi > 59) return false;
  f.hasTime = true;
  if (s.charCodeAt(pos) === 58) {
    pos++;
    f.s = digits(s, 2, 2);
    if (f.s < 0 || f.s > 59) return false;
    if (s.charCodeAt(pos) === 46 || s.charCodeAt(pos) === 44) {
      pos++;
      const start = pos;
      const frac = digits(s, 1, 9);
      if (frac < 0) return false;
      const len = pos - start;
      // Milliseconds, truncated as Python's isoformat(timespec='milliseconds') does.
      f.ms = len >= 3 ? Math.floor(frac / 10 ** (len - 3)) : frac * 10 ** (3 - len);
    }
  }
  if (pos === s.length) return true;
  const z = s.charCodeAt(pos);
  if (z === 90 || z === 122) {
    pos++;
    return pos === s.length;
  }
  if (z !== 43 && z !== 45) return false;
  pos++;
  const oh = digits(s, 2, 2);
  if (oh < 0 || oh > 23) return false;
  if (s.charCodeAt(pos) === 58) pos++;
  const om = pos === s.length ? 0 : digits(s, 2, 2);
  if (om < 0 || om > 59 || pos !== s.length) return false;
  f.offset = (z === 45 ? -1 : 1) * (oh * 60 + om);
  return true;
}

function isoDatetime(): string {
  if (f.offset === 0) {
    return `${pad(f.y, 4)}-${pad2(f.m)}-${pad2(f.d)}T${pad2(f.h)}:${pad2(f.mi)}:${pad2(f.s)}.${pad(f.ms, 3)}Z`;
  }
  const d = new Date(0);
  d.setUTCFullYear(f.y, f.m - 1, f.d);
  d.setUTCHours(f.h, f.mi - f.offset, f.s, f.ms);
  return d.toISOString();
}

/** Milliseconds since 1970 within ±100,000,000 days, the range a JS Date holds. */
const maxEpochMs = 8.64e15;

function parseEpoch(v: string, scale: number): string | null {
  const x = Number(v);
  if (v.length === 0 || !Number.isFinite(x)) return null;
  // To the microsecond first, then truncated to milliseconds, as Python's datetime does.
  const ms = Math.floor(Math.round(x * scale * 1000) / 1000);
  if (Math.abs(ms) > maxEpochMs) return null;
  return new Date(ms).toISOString();
}

/** Digit value of the char at i, or -1. */
function digitAt(v: string, i: number): number {
  const c = v.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/** The common case, `YYYY-MM-DD` already in ISO form: checked in place and returned as is. */
function isoDate(v: string): string | null {
  if (v.charCodeAt(4) !== 45 || v.charCodeAt(7) !== 45) return null;
  const y0 = digitAt(v, 0);
  const y1 = digitAt(v, 1);
  const y2 = digitAt(v, 2);
  const y3 = digitAt(v, 3);
  const m0 = digitAt(v, 5);
  const m1 = digitAt(v, 6);
  const d0 = digitAt(v, 8);
  const d1 = digitAt(v, 9);
  if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) < 0) return null;
  const y = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const m = m0 * 10 + m1;
  const d = d0 * 10 + d1;
  return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m) ? v : null;
}

/**
 * The ISO 8601 text of `v` read in `format`, or null when it is not a valid value in that
 * format. Date formats give `YYYY-MM-DD`; datetime formats give UTC with a `Z` (a value
 * without a zone is taken as UTC; one without a time as midnight).
 */
export function parseDate(v: string, format: DateFormat): string | null {
  if (format === 'YYYY-MM-DD' && v.length === 10) return isoDate(v);
  if (format === 'epoch-s') return parseEpoch(v, 1000);
  if (format === 'epoch-ms') return parseEpoch(v, 1);
  const layout = layouts[format];
  pos = 0;
  if (!parseDatePart(v, layout)) return null;
  if (pos !== v.length && !layout.time) return null;
  // Already ISO (the common case): the text itself, without building a new string.
  if (!layout.time) return v.length === 10 && layout.sep === 45 && layout.order === 'YMD' ? v : `${pad(f.y, 4)}-${pad2(f.m)}-${pad2(f.d)}`;
  if (!parseTimePart(v)) return null;
  return isoDatetime();
}

/** Leading shape of a value: which family of formats could read it, and its first two fields. */
interface Shape {
  readonly family: 'ymd' | 'xxy' | null;
  readonly sep: number;
  readonly first: number;
  readonly second: number;
  readonly hasTime: boolean;
  readonly hasZone: boolean;
}

function shapeOf(v: string): Shape {
  const none: Shape = { family: null, sep: 0, first: 0, second: 0, hasTime: false, hasZone: false };
  pos = 0;
  const a = digits(v, 1, 4);
  if (a < 0) return none;
  const aLen = pos;
  const sep = v.charCodeAt(pos);
  if (sep !== 45 && sep !== 47 && sep !== 46) return none;
  pos++;
  const b = digits(v, 1, 2);
  if (b < 0 || v.charCodeAt(pos) !== sep) return none;
  pos++;
  const c = digits(v, 1, 4);
  if (c < 0) return none;
  const rest = v.length - pos;
  const hasTime = rest > 0;
  const tail = v.slice(pos + 6);
  const hasZone = hasTime && /(Z|[+-]\d\d(:?\d\d)?)$/i.test(tail);
  if (aLen === 4) return { family: 'ymd', sep, first: b, second: c, hasTime, hasZone };
  return { family: 'xxy', sep, first: a, second: b, hasTime, hasZone };
}

export interface DateDetection {
  readonly format: DateFormat;
  /** Set when both day/month orders read every value: which one was picked and why. */
  readonly ambiguity: string | null;
}

const dayFirstDefault: Readonly<Record<number, boolean>> = { 47: false, 46: true, 45: true };
const sepText: Readonly<Record<number, string>> = { 47: '/', 46: '.', 45: '-' };

function xxyFormat(sep: number, dayFirst: boolean, time: boolean): DateFormat | null {
  if (time) {
    if (sep === 47) return dayFirst ? 'DD/MM/YYYY HH:mm:ss' : 'MM/DD/YYYY HH:mm:ss';
    if (sep === 46 && dayFirst) return 'DD.MM.YYYY HH:mm:ss';
    return null;
  }
  if (sep === 47) return dayFirst ? 'DD/MM/YYYY' : 'MM/DD/YYYY';
  if (sep === 46) return dayFirst ? 'DD.MM.YYYY' : 'MM.DD.YYYY';
  return dayFirst ? 'DD-MM-YYYY' : 'MM-DD-YYYY';
}

/**
 * The date format every value (non-missing, trimmed) is written in, or null. For
 * day/month/year text the order is decided by the sample: a first field above 12 means
 * day first, a second field above 12 means month first; when neither occurs both orders
 * fit, and the usual order for the separator is picked (month first with `/`, day first
 * with `.` and `-`) and reported as an ambiguity.
 */
export function detectDateFormat(values: readonly string[]): DateDetection | null {
  if (values.length === 0) return null;
  const head = shapeOf(values[0]!);
  if (head.family === null) return null;
  let firstOver12 = false;
  let secondOver12 = false;
  let time = false;
  let zone = false;
  for (const v of values) {
    const s = shapeOf(v);
    if (s.family !== head.family || s.sep !== head.sep) return null;
    if (s.first > 12) firstOver12 = true;
    if (s.second > 12) secondOver12 = true;
    if (s.hasTime) time = true;
    if (s.hasZone) zone = true;
  }
  let format: DateFormat | null;
  let ambiguity: string | null = null;
  if (head.family === 'ymd') {
    if (head.sep === 45) format = time ? 'YYYY-MM-DDTHH:mm:ssZ' : 'YYYY-MM-DD';
    else format = head.sep === 47 && !time ? 'YYYY/MM/DD' : null;
    if (format === 'YYYY-MM-DDTHH:mm:ssZ' && values.some((v) => v.charCodeAt(10) === 32)) format = 'YYYY-MM-DD HH:mm:ssZ';
  } else {
    if (firstOver12 && secondOver12) return null;
    const dayFirst = firstOver12 ? true : secondOver12 ? false : dayFirstDefault[head.sep]!;
    format = xxyFormat(head.sep, dayFirst, time);
    if (format && !firstOver12 && !secondOver12) {
      const sep = sepText[head.sep]!;
      ambiguity = `Every value fits both day${sep}month and month${sep}day (no field above 12); read as ${dayFirst ? 'day' : 'month'} first, the usual order with "${sep}". Override the format if that is wrong.`;
    }
  }
  if (format === null) return null;
  // Zones only make sense on ISO-style datetimes; the others carry none.
  if (zone && !format.startsWith('YYYY-MM-DD')) return null;
  for (const v of values) if (parseDate(v, format) === null) return null;
  return { format, ambiguity };
}

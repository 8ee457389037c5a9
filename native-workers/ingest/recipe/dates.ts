/**
 * Dates to ISO 8601: parsing by a format of tokens (YYYY YY M MM D DD H HH mm ss SSS) or
 * epoch seconds/milliseconds, and detecting the format of a column from its values.
 */

interface Parsed {
  readonly y: number;
  readonly mo: number;
  readonly d: number;
  readonly time: string | null;
}

const tokenRe = /YYYY|YY|SSS|MM|M|DD|D|HH|H|mm|ss/g;
const tokenPattern: Record<string, string> = {
  YYYY: '(\\d{4})',
  YY: '(\\d{2})',
  MM: '(\\d{1,2})',
  M: '(\\d{1,2})',
  DD: '(\\d{1,2})',
  D: '(\\d{1,2})',
  HH: '(\\d{1,2})',
  H: '(\\d{1,2})',
  mm: '(\\d{2})',
  ss: '(\\d{2})',
  SSS: '(\\d{1,6})',
};

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface DateParser {
  readonly format: string;
  /** The ISO text for a value, or null when the value does not fit the format. */
  parse(value: string | number): string | null;
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

function validDate(y: number, mo: number, d: number): boolean {
  if (mo < 1 || mo > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return d <= days;
}

function iso(p: Parsed): string {
  return `${pad(p.y, 4)}-${pad(p.mo)}-${pad(p.d)}${p.time ?? ''}`;
}

/** A parser for one format; throws for a format with no year, month or day. */
export function dateParser(format: string): DateParser {
  if (format === 'epoch-s' || format === 'epoch-ms') {
    const scale = format === 'epoch-s' ? 1000 : 1;
    return {
      format,
      parse(value) {
        const n = typeof value === 'number' ? value : /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : NaN;
        if (!Number.isFinite(n)) return null;
        const d = new Date(n * scale);
        return Number.isNaN(d.getTime()) ? null : d.toISOString();
      },
    };
  }
  const order: string[] = [];
  let pattern = '';
  let last = 0;
  for (const m of format.matchAll(tokenRe)) {
    pattern += escape(format.slice(last, m.index)) + tokenPattern[m[0]];
    order.push(m[0]);
    last = (m.index ?? 0) + m[0].length;
  }
  pattern += escape(format.slice(last));
  const has = (t: string): boolean => order.includes(t);
  if (!(has('YYYY') || has('YY')) || !(has('MM') || has('M')) || !(has('DD') || has('D'))) {
    throw new Error(`date format "${format}" needs a year, a month and a day (YYYY, MM, DD)`);
  }
  const re = new RegExp(`^${pattern}$`);
  return {
    format,
    parse(value) {
      if (typeof value !== 'string') return null;
      const m = re.exec(value.trim());
      if (!m) return null;
      const f: Record<string, number> = {};
      let frac = '';
      order.forEach((t, i) => {
        if (t === 'SSS') frac = m[i + 1];
        f[t] = Number(m[i + 1]);
      });
      const y = f['YYYY'] ?? (f['YY'] < 70 ? 2000 + f['YY'] : 1900 + f['YY']);
      const mo = f['MM'] ?? f['M'];
      const d = f['DD'] ?? f['D'];
      if (!validDate(y, mo, d)) return null;
      const h = f['HH'] ?? f['H'];
      let time: string | null = null;
      if (h !== undefined) {
        const mi = f['mm'] ?? 0;
        const s = f['ss'] ?? 0;
        if (h > 23 || mi > 59 || s > 59) return null;
        time = `T${pad(h)}:${pad(mi)}:${pad(s)}${frac ? `.${frac.padEnd(3, '0')}` : ''}`;
      }
      return iso({ y, mo, d, time });
    },
  };
}

const datePart = ['YYYY-MM-DD', 'MM/DD/YYYY', 'DD/MM/YYYY', 'DD.MM.YYYY', 'YYYY/MM/DD', 'DD-MM-YYYY', 'MM-DD-YYYY', 'YYYYMMDD', 'MM/DD/YY', 'DD/MM/YY', 'DD.MM.YY'];
const timePart = ['', ' HH:mm', ' HH:mm:ss', 'THH:mm:ss', 'THH:mm:ss.SSS', ' HH:mm:ss.SSS', 'THH:mm'];

/** Candidate formats in order of preference (month-first before day-first where both read everything). */
export const candidateFormats: readonly string[] = [...datePart.flatMap((d) => timePart.map((t) => d + t)), 'epoch-s', 'epoch-ms'];

export interface Detected {
  readonly format: string | null;
  readonly parsed: number;
  readonly total: number;
  /** Another format read the same number of values (e.g. 03/04/2024 as March or April). */
  readonly ambiguousWith: string | null;
}

/**
 * The format that reads the most values. Epoch formats are only considered for numbers
 * between 1e8 and 1e13 (1973–2286), where seconds and milliseconds cannot be mistaken.
 */
export function detectDateFormat(values: readonly (string | number)[]): Detected {
  let best: string | null = null;
  let bestCount = 0;
  let tie: string | null = null;
  for (const format of candidateFormats) {
    let count = 0;
    if (format.startsWith('epoch')) {
      for (const v of values) {
        const n = typeof v === 'number' ? v : Number(v);
        if (!Number.isFinite(n)) continue;
        if (format === 'epoch-s' ? n >= 1e8 && n < 1e10 : n >= 1e11 && n < 1e13) count++;
      }
    } else {
      const p = dateParser(format);
      for (const v of values) if (p.parse(v) !== null) count++;
    }
    if (count > bestCount) {
      best = format;
      bestCount = count;
      tie = null;
    } else if (count === bestCount && count > 0 && best !== null && tie === null && best.replace(/MM|DD/g, 'X') === format.replace(/MM|DD/g, 'X')) {
      tie = format;
    }
  }
  return { format: best, parsed: bestCount, total: values.length, ambiguousWith: tie };
}

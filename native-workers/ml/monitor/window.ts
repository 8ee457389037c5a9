/**
 * Windows: by calendar time (UTC hour, day or ISO week, read from a time
 * column) or every N rows. A window is named by its start so that windows
 * from separate reads of the same log line up.
 */

export type WindowSpec = { readonly kind: 'time'; readonly unit: 'hour' | 'day' | 'week' } | { readonly kind: 'rows'; readonly every: number };

const UNITS: Readonly<Record<string, 'hour' | 'day' | 'week'>> = { '1h': 'hour', h: 'hour', hour: 'hour', '1d': 'day', d: 'day', day: 'day', '1w': 'week', w: 'week', week: 'week' };

/** `1h`, `1d`, `1w` (or hour/day/week), or a row count such as `1000`. */
export function parseWindow(text: string): WindowSpec {
  const unit = UNITS[text.trim().toLowerCase()];
  if (unit) return { kind: 'time', unit };
  if (/^\d+$/.test(text.trim()) && Number(text) > 0) return { kind: 'rows', every: Number(text) };
  throw new RangeError(`Window "${text}" is not one of 1h, 1d, 1w or a row count such as 1000.`);
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The start (ms since the epoch, UTC) of the window holding `ms`; weeks start on Monday. */
export function windowStart(ms: number, unit: 'hour' | 'day' | 'week'): number {
  if (unit === 'hour') return Math.floor(ms / HOUR) * HOUR;
  const day = Math.floor(ms / DAY) * DAY;
  if (unit === 'day') return day;
  // 1970-01-01 was a Thursday: shift so Monday is 0. The double modulo keeps days before 1970 in 0..6 (JS's % keeps
  // the sign: a Saturday in December 1969 gave −2 and a week starting on the Monday after it).
  const weekday = (((Math.floor(ms / DAY) + 3) % 7) + 7) % 7;
  return day - weekday * DAY;
}

/** The window key of a row: its window's ISO start, or `rows a–b` for a row-count window; null when its time cannot be read. */
export function windowKey(spec: WindowSpec, rowIndex: number, time: unknown): string | null {
  if (spec.kind === 'rows') {
    const start = Math.floor(rowIndex / spec.every) * spec.every;
    return `rows ${start + 1}-${start + spec.every}`;
  }
  const ms = typeof time === 'number' ? time : typeof time === 'string' ? Date.parse(time) : NaN;
  if (!Number.isFinite(ms)) return null;
  return new Date(windowStart(ms, spec.unit)).toISOString();
}

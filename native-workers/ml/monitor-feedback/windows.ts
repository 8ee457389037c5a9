/**
 * Monitoring windows: by time (hour, day, week or any `Nh`/`Nd`/`Nw`, aligned
 * to UTC: an hour starts on the hour, a day at 00:00, a week on Monday), or
 * every N predictions (`500`). Durations for cooldowns use the same units
 * plus minutes and seconds.
 */
export type WindowSpec = { readonly kind: 'time'; readonly ms: number; readonly text: string } | { readonly kind: 'count'; readonly n: number; readonly text: string };

const unitMs: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };
const named: Readonly<Record<string, string>> = { hour: '1h', day: '1d', week: '1w' };

/** `30m`, `1h`, `2d`, `1w` in milliseconds, or a RangeError that says what is accepted. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([smhdw])$/.exec(text.trim());
  const ms = m ? Number(m[1]) * unitMs[m[2]!]! : NaN;
  if (!(ms > 0)) throw new RangeError(`"${text}" is not a duration: use a number and s, m, h, d or w (e.g. 30m, 1h, 7d).`);
  return ms;
}

/** `hour`, `day`, `week`, `6h`, `1d`, `2w` (time) or a whole number of predictions (`500`). */
export function parseWindow(text: string): WindowSpec {
  const t = named[text.trim().toLowerCase()] ?? text.trim();
  if (/^\d+$/.test(t)) {
    const n = Number(t);
    if (n < 1) throw new RangeError('A window of N predictions needs N ≥ 1.');
    return { kind: 'count', n, text: t };
  }
  if (!/^\d+(\.\d+)?[hdw]$/.test(t)) throw new RangeError(`"${text}" is not a window: use hour, day, week, Nh, Nd, Nw, or a number of predictions (e.g. 1d or 500).`);
  return { kind: 'time', ms: parseDuration(t), text: t };
}

export interface Window<T> {
  /** Epoch milliseconds: the window's start (inclusive) and end (exclusive). */
  readonly start: number;
  readonly end: number;
  readonly rows: readonly T[];
}

// Epoch day 0 was a Thursday: weeks are shifted to start on Mondays.
const weekOffset = 4 * 86_400_000;

/** The start of the time window holding `at`. */
export function windowStart(at: number, ms: number): number {
  const offset = ms % (7 * 86_400_000) === 0 ? weekOffset : 0;
  return Math.floor((at - offset) / ms) * ms + offset;
}

/**
 * Rows grouped into windows, oldest first; rows must be sorted by time. Time
 * windows with no rows are left out; a count window ends after its N-th row
 * (the last may hold fewer: its end is the last row's time + 1 ms).
 */
export function windowsOf<T>(rows: readonly T[], at: (r: T) => number, spec: WindowSpec): Window<T>[] {
  const out: Window<T>[] = [];
  if (spec.kind === 'count') {
    for (let i = 0; i < rows.length; i += spec.n) {
      const part = rows.slice(i, i + spec.n);
      const next = rows[i + spec.n];
      out.push({ start: at(part[0]!), end: next === undefined ? at(part[part.length - 1]!) + 1 : at(next), rows: part });
    }
    return out;
  }
  let current: T[] = [];
  let start = NaN;
  for (const r of rows) {
    const s = windowStart(at(r), spec.ms);
    if (s !== start) {
      if (current.length) out.push({ start, end: start + spec.ms, rows: current });
      current = [];
      start = s;
    }
    current.push(r);
  }
  if (current.length) out.push({ start, end: start + spec.ms, rows: current });
  return out;
}

import type { DateFormat } from '../../preload/contract/schema';
import type { Cell, ColumnType } from '../../preload/contract/types';
import { parseDate } from './schema/dates';

/** Tokens read as missing values in any column. */
export const missingTokens: ReadonlySet<string> = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', '?', '-', '#n/a']);
const integerRe = /^[+-]?\d+$/;
const numberRe = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const booleanTokens = new Map([
  ['true', 1],
  ['false', 0],
]);

/** What a boolean column accepts once it is one (inference itself needs true/false). */
const booleanWords = new Map([...booleanTokens, ['yes', 1], ['no', 0], ['y', 1], ['n', 0], ['t', 1], ['f', 0], ['1', 1], ['0', 0]]);

/** The longest missing token and the characters tokens start with (either case): most fields are ruled out without allocating. */
const maxTokenLength = Math.max(...[...missingTokens].map((t) => t.length));
const tokenStarts = new Set([...missingTokens].filter((t) => t.length > 0).flatMap((t) => [t.charCodeAt(0), t.toUpperCase().charCodeAt(0)]));

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 13 || code === 10;
}

/** Trims only when needed: most fields carry no padding, and trim() allocates. */
function trimmed(raw: string): string {
  return raw.length > 0 && (isSpace(raw.charCodeAt(0)) || isSpace(raw.charCodeAt(raw.length - 1))) ? raw.trim() : raw;
}

/**
 * False when text of `length` code units starting with `first` and ending with `last` cannot be
 * missing (isMissing), so a source that hands over bytes skips making the string. ASCII bytes are
 * their code units, and no other byte starts or ends a missing token.
 */
export function mayBeMissing(first: number, last: number, length: number): boolean {
  if (length === 0) return true;
  if (first >= 48 && first <= 57) return false;
  return isSpace(first) || isSpace(last) || (length <= maxTokenLength && tokenStarts.has(first));
}

export function isMissing(raw: string): boolean {
  if (raw.length === 0) return true;
  // Fields starting with a digit are the common case and are never missing.
  const c = raw.charCodeAt(0);
  if (c >= 48 && c <= 57) return false;
  const v = trimmed(raw);
  if (v.length === 0) return true;
  if (v.length > maxTokenLength || !tokenStarts.has(v.charCodeAt(0))) return false;
  return missingTokens.has(v.toLowerCase());
}

/** The narrowest type every non-missing value in the sample fits. */
export function inferType(values: readonly string[]): ColumnType {
  let integer = true;
  let number = true;
  let boolean = true;
  let seen = 0;
  for (const raw of values) {
    if (isMissing(raw)) continue;
    seen++;
    const v = trimmed(raw);
    if (integer && !(integerRe.test(v) && Number.isSafeInteger(Number(v)))) integer = false;
    if (number && !numberRe.test(v)) number = false;
    if (boolean && !booleanTokens.has(v.toLowerCase())) boolean = false;
    if (!integer && !number && !boolean) return 'text';
  }
  if (seen === 0) return 'text';
  if (boolean) return 'boolean';
  if (integer) return 'integer';
  return number ? 'number' : 'text';
}

/** The share of a column's non-missing values that must fit a type for it to be inferred despite the rest (see inferTypeTolerant). */
export const typeFitPercent = 95;

export interface TolerantType {
  readonly type: ColumnType;
  /** Non-missing values that do not fit `type` (0 when all fit): their rows go to quarantine. */
  readonly misfits: number;
}

/**
 * inferType, tolerating stray values: when no type fits every value but at least 95 % fit
 * boolean, integer or number, that type (the one most values fit; the narrowest on a tie) with
 * the count that does not fit. A few "n/a?" cells must not make an age column text, which a
 * model would then one-hot encode.
 */
export function inferTypeTolerant(values: readonly string[]): TolerantType {
  const strictType = inferType(values);
  if (strictType !== 'text') return { type: strictType, misfits: 0 };
  let seen = 0;
  let integers = 0;
  let numbers = 0;
  let booleans = 0;
  for (const raw of values) {
    if (isMissing(raw)) continue;
    seen++;
    const v = trimmed(raw);
    if (integerRe.test(v) && Number.isSafeInteger(Number(v))) integers++;
    if (numberRe.test(v)) numbers++;
    if (booleanTokens.has(v.toLowerCase())) booleans++;
  }
  const candidates: [ColumnType, number][] = [
    ['boolean', booleans],
    ['integer', integers],
    ['number', numbers],
  ];
  let best: TolerantType = { type: 'text', misfits: 0 };
  let bestFits = 0;
  for (const [type, fits] of candidates) {
    // Whole numbers: exactly 95 % must count, which 0.95 * seen in floating point can miss.
    if (fits * 100 >= seen * typeFitPercent && fits > bestFits) {
      best = { type, misfits: seen - fits };
      bestFits = fits;
    }
  }
  return best;
}

export interface Converted {
  readonly value: Cell;
  /** The value does not fit the column type; the column needs widening to `widen`. */
  readonly widen: ColumnType | null;
}

/** Integers written without leading zeros or sign, which an id column can store as numbers losslessly. */
function isCanonicalInteger(v: string): boolean {
  const c = v.charCodeAt(0);
  return v === '0' || (v.length < 16 && c >= 49 && c <= 57 && integerRe.test(v));
}

/**
 * Converts a raw field to a typed cell, saying when the column type no longer fits.
 * Date and datetime columns need their `format`; they store ISO 8601 text.
 */
export function convert(raw: string, type: ColumnType, format: DateFormat | null = null): Converted {
  const value = convertFitting(raw, type, format);
  if (value !== notFitting) return { value, widen: null };
  if (type === 'integer') {
    const v = trimmed(raw);
    if (numberRe.test(v)) return { value: Number(v), widen: 'number' };
  }
  return { value: raw, widen: 'text' };
}

/**
 * A plain decimal integer (optional sign, at most 15 digits: always safe) read digit by digit, or
 * NaN for anything else, which then takes the regex path: an import converts millions of cells,
 * and the regex ran on every one of them before Number() read it again (`--cpu-prof`).
 */
function plainInteger(v: string): number {
  const n = v.length;
  const c0 = v.charCodeAt(0);
  const i0 = c0 === 45 || c0 === 43 ? 1 : 0;
  if (n - i0 < 1 || n - i0 > 15) return NaN;
  let x = 0;
  for (let i = i0; i < n; i++) {
    const d = v.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    x = x * 10 + d;
  }
  return c0 === 45 ? -x : x;
}

/** Whether `v` is plain decimal (optional sign, digits, at most one point): Number() reads it exactly as numberRe would accept it. */
function plainDecimal(v: string): boolean {
  const n = v.length;
  const c0 = v.charCodeAt(0);
  let digits = 0;
  let point = false;
  for (let i = c0 === 45 || c0 === 43 ? 1 : 0; i < n; i++) {
    const c = v.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 46 && !point) point = true;
    else return false;
  }
  return digits > 0;
}

/** What convertFitting returns for a value its column type cannot hold. */
export const notFitting = Symbol('not fitting');

/**
 * convert() for the common case, without allocating a result per cell (an import converts
 * millions): the cell, or `notFitting` when the column needs widening (convert() then says to what).
 */
export function convertFitting(raw: string, type: ColumnType, format: DateFormat | null = null): Cell | typeof notFitting {
  if (isMissing(raw)) return null;
  const v = trimmed(raw);
  switch (type) {
    case 'integer': {
      const plain = plainInteger(v);
      if (!Number.isNaN(plain)) return plain;
      if (integerRe.test(v)) {
        const n = Number(v);
        if (Number.isSafeInteger(n)) return n;
      }
      return notFitting;
    }
    case 'number':
      return plainDecimal(v) || numberRe.test(v) ? Number(v) : notFitting;
    case 'boolean':
      return booleanWords.get(v.toLowerCase()) ?? notFitting;
    case 'date':
    case 'datetime': {
      const iso = format === null ? null : parseDate(v, format);
      if (iso === null) return notFitting;
      // A datetime column read with a date-only format holds midnights.
      return type === 'datetime' && iso.length === 10 ? `${iso}T00:00:00.000Z` : iso;
    }
    case 'id':
      return isCanonicalInteger(v) ? Number(v) : v;
    case 'categorical':
    case 'text':
      return raw;
  }
}

const rank: Readonly<Partial<Record<ColumnType, number>>> = { integer: 1, number: 2, text: 3 };

/**
 * The wider of two types: integer → number → text; any other mix becomes text (a boolean
 * column that meets a number, a date column that meets a value that is no date).
 */
export function widen(current: ColumnType, next: ColumnType): ColumnType {
  if (current === next) return current;
  const a = rank[current];
  const b = rank[next];
  if (a === undefined || b === undefined) return 'text';
  return b > a ? next : current;
}

/** Unique, non-empty column names from a header row. */
export function columnNames(header: readonly string[]): string[] {
  const used = new Set<string>();
  return header.map((raw, i) => {
    const base = raw.trim() === '' ? `column_${i + 1}` : raw.trim();
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base}_${n}`;
    used.add(name.toLowerCase());
    return name;
  });
}

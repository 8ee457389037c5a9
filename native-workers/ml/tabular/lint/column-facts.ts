/** Facts about one raw column that the picker, task detection and the lint share. */
import type { FrameColumn } from './frame-types';

/** Below this many rows "every value is different" says nothing about a column. */
export const ID_MIN_ROWS = 20;

export interface ColumnFacts {
  readonly present: number;
  readonly missing: number;
  readonly distinct: number;
  /** Numeric with every present value a whole number (never a date: a daily series is no row counter). */
  readonly integer: boolean;
  /** Present values never decrease in row order (numeric only). */
  readonly nonDecreasing: boolean;
}

export function isMissing(c: FrameColumn, i: number): boolean {
  return c.kind === 'categorical' ? c.values[i] === null : Number.isNaN(c.values[i]);
}

export function columnFacts(c: FrameColumn): ColumnFacts {
  const seen = new Set<string | number>();
  let missing = 0;
  let integer = c.kind === 'numeric';
  let nonDecreasing = c.kind === 'numeric';
  let last = -Infinity;
  for (let i = 0; i < c.values.length; i++) {
    if (c.kind !== 'categorical') {
      const v = c.values[i]!;
      if (Number.isNaN(v)) {
        missing++;
        continue;
      }
      if (!Number.isInteger(v)) integer = false;
      if (v < last) nonDecreasing = false;
      last = v;
      seen.add(v);
    } else {
      const v = c.values[i];
      if (v === null || v === undefined) {
        missing++;
        continue;
      }
      seen.add(v);
    }
  }
  return { present: c.values.length - missing, missing, distinct: seen.size, integer, nonDecreasing };
}

/** Why a column looks like a row identifier, or null. */
export function idLikeReason(c: FrameColumn, facts: ColumnFacts = columnFacts(c)): string | null {
  const rows = c.values.length;
  if (rows < ID_MIN_ROWS || facts.missing > 0) return null;
  if (c.kind === 'categorical') {
    return facts.distinct === rows ? 'every row has a different text value (an identifier, a key or free text)' : null;
  }
  if (!facts.integer) return null;
  if (facts.distinct === rows) {
    return facts.nonDecreasing ? 'whole numbers that increase row by row (a row number or counter)' : 'a different whole number on every row (an identifier)';
  }
  // A counter with a few repeats still encodes row order rather than anything about the row.
  if (facts.nonDecreasing && facts.distinct >= 0.9 * rows) return 'whole numbers that increase with row order (a counter or sequence number)';
  return null;
}

export function constantReason(facts: ColumnFacts): string | null {
  if (facts.present === 0) return 'every value is missing';
  if (facts.distinct === 1) return facts.missing > 0 ? 'a single value apart from missing ones' : 'the same value on every row';
  return null;
}

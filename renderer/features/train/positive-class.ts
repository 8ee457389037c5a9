import type { ColumnProfile } from '../../../preload/contract';
import { defaultPositive, positiveReason, type ClassCount } from '../../../preload/contract/positive-class';

/**
 * The two classes of a binary target and their counts, from the dataset's
 * profile, labelled as the trainer labels them (numbers as JavaScript prints
 * them, booleans as 0/1). null when the profile cannot tell (not two values).
 */
export function targetClassCounts(column: ColumnProfile | undefined): ClassCount[] | null {
  if (!column || column.distinct !== 2) return null;
  if (column.type === 'integer' || column.type === 'number') {
    const { min, max, mean } = column;
    if (min === null || max === null || mean === null || max === min) return null;
    // Two values: the mean fixes how many rows hold the larger one.
    const n = column.count - column.missing;
    const high = Math.round((n * (mean - min)) / (max - min));
    return [
      { label: String(min), count: n - high },
      { label: String(max), count: high },
    ];
  }
  if (column.topValues.length !== 2) return null;
  // The trainer reads booleans as numbers 0/1; the profile counts them as false/true.
  const label = (v: string): string => (column.type === 'boolean' ? (v === 'true' ? '1' : v === 'false' ? '0' : v) : v);
  return column.topValues.map((t) => ({ label: label(t.value), count: t.count }));
}

/** What the positive-class select shows: its options, the value picked (the default until the user picks), and why. */
export function positiveChoice(classes: readonly ClassCount[], picked: string): { readonly value: string; readonly hint: string } {
  const fallback = defaultPositive(classes);
  const value = classes.some((c) => c.label === picked) ? picked : fallback;
  const hint = value === fallback ? `Default: ${positiveReason(classes, value)}.` : `Default would be "${fallback}" (${positiveReason(classes, fallback)}).`;
  return { value, hint: `${hint} Precision, recall, F1 and the threshold are about this class.` };
}

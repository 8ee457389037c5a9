import { dateParts, describeDerived, type DerivedFeatures } from '../../../preload/contract/train';
import type { ColumnType } from '../../../preload/contract/types';

/**
 * What a date or datetime feature becomes, for the feature picker: the parts the
 * last run derived, else what it may become (each part only where it varies in the
 * training rows, which only a run knows). Null for other columns.
 */
export function dateDerivation(name: string, type: ColumnType | undefined, derived: readonly DerivedFeatures[]): string | null {
  if (type !== 'date' && type !== 'datetime') return null;
  const ran = derived.find((d) => d.column === name);
  if (ran) return describeDerived(ran);
  // A date has no time of day, so its hour never varies.
  const parts = dateParts.filter((p) => type === 'datetime' || p !== 'hour');
  return `${describeDerived({ column: name, parts })}, where they vary`;
}

/**
 * Category vocabularies: which categories a column keeps, which share the rare
 * bucket, and the code each raw value gets. Rules follow scikit-learn 1.2's
 * OneHotEncoder(min_frequency, max_categories) so results can be compared with it.
 */
import { MISSING_CATEGORY } from './spec';

export interface CategoryVocabulary {
  /** Kept categories, sorted by string order (UTF-16 code units, like Python's for BMP text). */
  readonly categories: readonly string[];
  /** Whether a rare bucket exists (some fit categories were rare). */
  readonly rareBucket: boolean;
  /** The categories that went to the bucket, sorted. */
  readonly rare: readonly string[];
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Counts of each category, sorted by category. Values must already be filled (no nulls). */
export function countCategories(values: readonly string[]): { categories: string[]; counts: number[] } {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  const categories = [...counts.keys()].sort(compare);
  return { categories, counts: categories.map((c) => counts.get(c)!) };
}

/** The most frequent non-missing category; ties go to the smallest string (sklearn's most_frequent). */
export function modeCategory(values: readonly (string | null)[]): string {
  const present = values.filter((v): v is string => v !== null);
  if (present.length === 0) return MISSING_CATEGORY;
  const { categories, counts } = countCategories(present);
  let best = 0;
  for (let i = 1; i < categories.length; i++) if (counts[i] > counts[best]) best = i;
  return categories[best];
}

/**
 * Rare when count < rareMinFrequency × rows. Then, if more than maxCategories - 1
 * categories remain, the least frequent go too until maxCategories - 1 are left
 * (ties: the smaller string goes first, as sklearn's stable argsort over sorted categories).
 */
export function fitVocabulary(values: readonly string[], rareMinFrequency: number, maxCategories: number): CategoryVocabulary {
  const { categories, counts } = countCategories(values);
  const minCount = rareMinFrequency * values.length;
  const rare = counts.map((c) => c < minCount);
  const frequent = rare.filter((r) => !r).length;
  if (maxCategories < frequent + 1) {
    const byCount = categories.map((_, i) => i).sort((a, b) => counts[a] - counts[b] || a - b);
    for (const i of byCount.slice(0, categories.length - maxCategories + 1)) rare[i] = true;
  }
  return {
    categories: categories.filter((_, i) => !rare[i]),
    rareBucket: rare.some((r) => r),
    rare: categories.filter((_, i) => rare[i]),
  };
}

export interface CategoryLookup {
  /** Index into `categories`; `categories.length` for the rare bucket; -1 for a category the fit never saw. */
  code(value: string): number;
}

export function categoryLookup(vocab: CategoryVocabulary): CategoryLookup {
  const codes = new Map<string, number>();
  vocab.categories.forEach((c, i) => codes.set(c, i));
  const bucket = vocab.categories.length;
  for (const c of vocab.rare) codes.set(c, bucket);
  return { code: (value) => codes.get(value) ?? -1 };
}

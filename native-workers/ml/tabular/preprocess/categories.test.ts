import { describe, expect, it } from 'vitest';
import { categoryLookup, fitVocabulary, modeCategory } from './categories';
import { MISSING_CATEGORY } from './spec';

const repeat = (counts: Record<string, number>): string[] => Object.entries(counts).flatMap(([c, n]) => Array<string>(n).fill(c));

describe('category vocabularies (sklearn OneHotEncoder min_frequency / max_categories)', () => {
  it('buckets categories rarer than the fraction (strictly fewer than fraction × rows)', () => {
    const v = fitVocabulary(repeat({ b: 50, a: 41, c: 5, d: 4 }), 0.05, 50);
    expect(v).toEqual({ categories: ['a', 'b', 'c'], rareBucket: true, rare: ['d'] });
  });

  it('keeps maxCategories - 1 most frequent when a bucket is needed; ties send the smaller string first', () => {
    const v = fitVocabulary(repeat({ a: 3, b: 3, c: 3, d: 9 }), 0, 3);
    expect(v.categories).toEqual(['c', 'd']);
    expect(v.rare).toEqual(['a', 'b']);
  });

  it('no bucket when nothing is rare and the count fits', () => {
    expect(fitVocabulary(repeat({ a: 1, b: 1 }), 0, 3)).toEqual({ categories: ['a', 'b'], rareBucket: false, rare: [] });
  });

  it('codes: kept by sorted index, rare → bucket, unseen → -1', () => {
    const lookup = categoryLookup({ categories: ['a', 'b'], rareBucket: true, rare: ['z'] });
    expect(['b', 'a', 'z', 'q'].map(lookup.code)).toEqual([1, 0, 2, -1]);
  });

  it('mode: most frequent, ties to the smallest string, all missing → the missing token', () => {
    expect(modeCategory(['b', 'a', 'b', 'a', null, null, null])).toBe('a');
    expect(modeCategory([null])).toBe(MISSING_CATEGORY);
  });
});

/**
 * Stratified, seeded train/validation/test split of an image set: every class
 * gets its share of test and validation images (largest remainder, as the
 * tabular holdout), shuffled within the class by our seeded Rng, so the same
 * set and seed always give the same test images.
 */
import { rng, shuffle } from '../tabular/rng';

export type SplitName = 'train' | 'validation' | 'test';

export function stratifiedSplit(labels: readonly number[], validationFraction: number, testFraction: number, seed: number): SplitName[] {
  if (!(validationFraction >= 0 && testFraction >= 0 && validationFraction + testFraction < 1)) {
    throw new Error(`Validation (${validationFraction}) and test (${testFraction}) fractions must be ≥ 0 and leave images to train on.`);
  }
  const r = rng(seed);
  const byClass = new Map<number, number[]>();
  labels.forEach((c, i) => {
    const list = byClass.get(c) ?? [];
    list.push(i);
    byClass.set(c, list);
  });
  const out = new Array<SplitName>(labels.length).fill('train');
  for (const c of [...byClass.keys()].sort((a, b) => a - b)) {
    const rows = Int32Array.from(byClass.get(c)!);
    shuffle(rows, r);
    const n = rows.length;
    // Small classes still get one test and one validation image when they have at least three.
    let nTest = Math.round(n * testFraction);
    let nVal = Math.round(n * validationFraction);
    if (testFraction > 0 && nTest === 0 && n >= 3) nTest = 1;
    if (validationFraction > 0 && nVal === 0 && n >= 3) nVal = 1;
    while (nTest + nVal >= n && (nTest > 0 || nVal > 0)) {
      if (nVal >= nTest && nVal > 0) nVal--;
      else nTest--;
    }
    for (let i = 0; i < nTest; i++) out[rows[i]!] = 'test';
    for (let i = nTest; i < nTest + nVal; i++) out[rows[i]!] = 'validation';
  }
  return out;
}

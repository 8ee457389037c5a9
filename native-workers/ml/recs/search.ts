/**
 * Parameter search over a recommender's parameters (#17): every combination of the listed values
 * in a fixed order (grid), or a seeded random draw of some of them (random search), so a wide
 * grid costs only the trials asked for.
 */
import { rng } from '../tabular/rng';
import { RecsInputError } from './errors';
import { checkParams, type RecsModelKind, type RecsParams } from './model';

/** More trials than this is a typo or a job for days: refused with the count. */
export const maxCombinations = 64;
/** A random search draws from at most this many combinations (the grid itself is never listed). */
export const maxRandomGrid = 1_000_000;

type Search = Readonly<Record<string, readonly number[]>>;

function checkLists(search: Search): string[] {
  const names = Object.keys(search);
  for (const name of names) if (search[name]!.length === 0) throw new RecsInputError(`The search lists no values for ${name}.`);
  return names;
}

/** Combination number `index` of the grid (mixed radix, first name varying slowest). */
function combination(base: RecsParams, search: Search, names: readonly string[], index: number): RecsParams {
  const picks: number[] = [];
  for (let p = names.length - 1; p >= 0; p--) {
    const values = search[names[p]!]!;
    picks[p] = values[index % values.length]!;
    index = Math.floor(index / values.length);
  }
  // Keys in the search's order, as a grid search lists them.
  const c: Record<string, number> = { ...base };
  names.forEach((name, p) => (c[name] = picks[p]!));
  return c;
}

/** The cartesian product of `search` over `base`, first parameter varying slowest; refused when a name or value is wrong. */
export function searchGrid(kind: RecsModelKind, base: RecsParams, search: Search): RecsParams[] {
  const names = checkLists(search);
  const total = names.reduce((n, name) => n * search[name]!.length, 1);
  if (total > maxCombinations) throw new RecsInputError(`The search has ${total} combinations, more than ${maxCombinations}; list fewer values, or draw some at random (searchTrials, --search-trials N).`);
  const combos = Array.from({ length: total }, (_, i) => combination(base, search, names, i));
  for (const c of combos) checkParams(kind, c);
  return combos;
}

/**
 * `trials` distinct combinations of the grid drawn with `seed`, in grid order; the whole grid
 * when it has no more than that. The same seed draws the same trials.
 */
export function searchRandom(kind: RecsModelKind, base: RecsParams, search: Search, trials: number, seed: number): RecsParams[] {
  if (!Number.isInteger(trials) || trials < 1 || trials > maxCombinations) throw new RecsInputError(`A random search takes 1 to ${maxCombinations} trials, not ${trials}.`);
  const names = checkLists(search);
  const total = names.reduce((n, name) => n * search[name]!.length, 1);
  if (total > maxRandomGrid) throw new RecsInputError(`The search's grid has ${total} combinations, more than ${maxRandomGrid.toLocaleString('en')}; list fewer values.`);
  if (total <= trials) return searchGrid(kind, base, search);
  const r = rng(seed);
  const picked = new Set<number>();
  while (picked.size < trials) picked.add(r.int(total));
  const combos = [...picked].sort((a, b) => a - b).map((i) => combination(base, search, names, i));
  for (const c of combos) checkParams(kind, c);
  return combos;
}

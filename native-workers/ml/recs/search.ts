/** Grid search over a recommender's parameters (#17): every combination of the listed values, in a fixed order. */
import { RecsInputError } from './errors';
import { checkParams, type RecsModelKind, type RecsParams } from './model';

/** More combinations than this is a typo or a job for days: refused with the count. */
export const maxCombinations = 64;

/** The cartesian product of `search` over `base`, first parameter varying slowest; refused when a name or value is wrong. */
export function searchGrid(kind: RecsModelKind, base: RecsParams, search: Readonly<Record<string, readonly number[]>>): RecsParams[] {
  const names = Object.keys(search);
  let combos: RecsParams[] = [{ ...base }];
  for (const name of names) {
    const values = search[name]!;
    if (values.length === 0) throw new RecsInputError(`The search lists no values for ${name}.`);
    combos = combos.flatMap((c) => values.map((v) => ({ ...c, [name]: v })));
    if (combos.length > maxCombinations) throw new RecsInputError(`The search has more than ${maxCombinations} combinations; list fewer values.`);
  }
  for (const c of combos) checkParams(kind, c);
  return combos;
}

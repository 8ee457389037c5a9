/**
 * The default feature set: every column but the target, leaving out columns
 * that cannot help a model generalise (row identifiers, constants), each with
 * the reason shown to the user, who may add them back.
 */
import { columnFacts, constantReason, idLikeReason } from './column-facts';
import type { Frame } from './frame-types';

export interface ExcludedColumn {
  readonly name: string;
  readonly reason: string;
}

export interface FeaturePick {
  readonly features: readonly string[];
  readonly excluded: readonly ExcludedColumn[];
}

export function pickFeatures(frame: Frame, target: string): FeaturePick {
  if (!frame.columns.some((c) => c.name === target)) throw new Error(`There is no column '${target}' to predict.`);
  const features: string[] = [];
  const excluded: ExcludedColumn[] = [];
  for (const c of frame.columns) {
    if (c.name === target) {
      excluded.push({ name: c.name, reason: 'This is the target.' });
      continue;
    }
    const facts = columnFacts(c);
    const constant = constantReason(facts);
    const id = idLikeReason(c, facts);
    if (constant) excluded.push({ name: c.name, reason: `Constant: ${constant}; it cannot tell rows apart.` });
    else if (id) excluded.push({ name: c.name, reason: `Looks like an identifier: ${id}; a model would memorise it instead of learning.` });
    else features.push(c.name);
  }
  return { features, excluded };
}

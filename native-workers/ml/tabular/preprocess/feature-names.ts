/** Output column names, shared by the transform and the JSON check. */
import type { PipelineJSON } from './pipeline-json';
import { RARE_CATEGORY } from './spec';

/** The features before PCA, in output order: numeric, then categorical blocks, then indicators. */
export function baseFeatureNames(json: Pick<PipelineJSON, 'spec' | 'numeric' | 'categorical'>): string[] {
  const names = json.numeric.map((s) => s.name);
  for (const s of json.categorical) {
    if (json.spec.encoding === 'ordinal') names.push(s.name);
    else {
      names.push(...s.categories.map((c) => `${s.name}=${c}`));
      if (s.rareBucket) names.push(`${s.name}=${RARE_CATEGORY}`);
    }
  }
  for (const s of [...json.numeric, ...json.categorical]) if (s.indicator) names.push(`missing:${s.name}`);
  return names;
}


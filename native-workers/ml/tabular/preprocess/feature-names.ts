/** Output column names, shared by the transform and the JSON check. */
import type { PipelineJSON } from './pipeline-json';
import { RARE_CATEGORY } from './spec';

/**
 * The features before PCA, in output order: numeric, date parts (`date.month`), then categorical
 * blocks, then indicators.
 */
export function baseFeatureNames(json: Pick<PipelineJSON, 'spec' | 'numeric' | 'categorical' | 'dates'>): string[] {
  const dates = json.dates ?? [];
  const names = json.numeric.map((s) => s.name);
  for (const s of dates) names.push(...s.parts.map((p) => `${s.name}.${p.part}`));
  for (const s of json.categorical) {
    if (json.spec.encoding === 'ordinal') names.push(s.name);
    else {
      names.push(...s.categories.map((c) => `${s.name}=${c}`));
      if (s.rareBucket) names.push(`${s.name}=${RARE_CATEGORY}`);
    }
  }
  for (const s of [...json.numeric, ...dates, ...json.categorical]) if (s.indicator) names.push(`missing:${s.name}`);
  return names;
}

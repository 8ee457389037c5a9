/** Request schemas of the recommender channels (#17). */
import * as v from 'valibot';
import { recsModelKinds } from '../recs';
import { count, id, name, num, payloadLimits } from './common';

const holdoutSchema = v.variant('kind', [
  v.object({ kind: v.literal('last'), n: v.pipe(count, v.minValue(1)) }),
  v.object({ kind: v.literal('random'), fraction: v.pipe(num, v.gtValue(0), v.ltValue(1)) }),
  v.object({ kind: v.literal('none') }),
]);

export const recsTrainSpecSchema = v.object({
  datasetId: id,
  userColumn: name,
  itemColumn: name,
  weightColumn: v.optional(name),
  timeColumn: v.optional(name),
  feedback: v.optional(v.picklist(['implicit', 'explicit'])),
  items: v.optional(v.object({ datasetId: id, keyColumn: name })),
  model: v.picklist(recsModelKinds),
  k: v.optional(v.pipe(count, v.minValue(1), v.maxValue(100))),
  holdout: v.optional(holdoutSchema),
  params: v.optional(v.pipe(v.record(name, num), v.maxEntries(payloadLimits.list))),
  seed: v.optional(v.pipe(v.number(), v.safeInteger())),
  evalUsers: v.optional(v.pipe(count, v.minValue(1))),
  search: v.optional(v.pipe(v.record(name, v.pipe(v.array(num), v.maxLength(64))), v.maxEntries(8))),
  searchTrials: v.optional(v.pipe(count, v.minValue(1), v.maxValue(64))),
});

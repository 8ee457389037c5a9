/** Payload schemas of the image channels. */
import * as v from 'valibot';
import { count, id, list, name, num, path, url } from './common';

const imageSourceSchema = v.variant('kind', [
  v.object({ kind: v.literal('folder'), path }),
  v.object({ kind: v.literal('csv'), path }),
  v.object({ kind: v.literal('uploads'), files: list(v.object({ uploadId: name, label: name }), 1_000_000) }),
]);

export const imageImportSpecSchema = v.object({
  source: imageSourceSchema,
  name: v.optional(name),
  validationFraction: v.optional(num),
  testFraction: v.optional(num),
  seed: v.optional(v.pipe(v.number(), v.safeInteger())),
});

const backboneRefSchema = v.variant('kind', [
  v.object({ kind: v.literal('builtin'), id: v.literal('mobilenet_v2') }),
  v.object({
    kind: v.literal('layers'),
    location: url,
    sha256: v.optional(name),
    featureLayer: v.optional(name),
    scaling: v.optional(v.picklist(['0..1', '-1..1', '0..255'])),
  }),
]);

export const imageTrainSpecSchema = v.object({
  imageSetId: id,
  backbone: v.optional(backboneRefSchema),
  inputSize: v.optional(count),
  headUnits: v.optional(count),
  dropout: v.optional(num),
  learningRate: v.optional(num),
  epochs: v.optional(count),
  batchSize: v.optional(count),
  patience: v.optional(count),
  schedule: v.optional(v.picklist(['constant', 'cosine', 'step'])),
  classWeights: v.optional(v.boolean()),
  fineTuneBlocks: v.optional(count),
  fineTuneEpochs: v.optional(count),
  fineTuneLearningRate: v.optional(num),
  augment: v.optional(v.object({ flip: v.boolean(), rotationDeg: num, cropFraction: num, colorJitter: num })),
  seed: v.optional(v.pipe(v.number(), v.safeInteger())),
});

export const imagesListSchema = v.object({
  setId: id,
  offset: count,
  limit: count,
  filter: v.optional(v.union([v.picklist(['all', 'issues']), v.object({ label: name })])),
});

/** Payload schemas of the image channels. */
import * as v from 'valibot';
import { imageTrainNumberProblem, type ImageTrainNumber } from '../images';
import { count, id, list, name, num, path, url } from './common';

/** A numeric training setting checked against the contract's one table of ranges; the message says what is allowed. */
const setting = (field: ImageTrainNumber) =>
  v.optional(
    v.pipe(
      v.number(),
      v.check(
        (n) => imageTrainNumberProblem(field, n) === null,
        (issue) => imageTrainNumberProblem(field, issue.input) ?? 'is out of range',
      ),
    ),
  );

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
  inputSize: setting('inputSize'),
  head: v.optional(v.picklist(['logreg', 'dense'])),
  headUnits: setting('headUnits'),
  dropout: setting('dropout'),
  learningRate: setting('learningRate'),
  epochs: setting('epochs'),
  batchSize: setting('batchSize'),
  patience: setting('patience'),
  schedule: v.optional(v.picklist(['constant', 'cosine', 'step'])),
  classWeights: v.optional(v.boolean()),
  fineTuneBlocks: setting('fineTuneBlocks'),
  fineTuneEpochs: setting('fineTuneEpochs'),
  fineTuneLearningRate: setting('fineTuneLearningRate'),
  augment: v.optional(v.object({ flip: v.boolean(), rotationDeg: num, cropFraction: num, colorJitter: num })),
  seed: v.optional(v.pipe(v.number(), v.safeInteger())),
  executor: v.optional(name),
});

export const imagesListSchema = v.object({
  setId: id,
  offset: count,
  limit: count,
  filter: v.optional(v.union([v.picklist(['all', 'issues']), v.object({ label: name })])),
});

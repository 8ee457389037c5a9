/** Payload schemas of the training, registry, serving and export channels. */
import * as v from 'valibot';
import { modelKinds } from '../train';
import { count, id, list, name, num, payloadLimits, text, url } from './common';

const paramValueSchema = v.union([num, text, v.boolean()]);

/** Parameter names are the learners' (checked by the train service against modelParams, with words). */
const paramsSchema = v.pipe(v.record(name, paramValueSchema), v.maxEntries(payloadLimits.list));

const preprocessSchema = v.object({
  numericImpute: v.optional(v.picklist(['mean', 'median', 'constant'])),
  categoricalImpute: v.optional(v.picklist(['mode', 'constant'])),
  encoding: v.optional(v.picklist(['onehot', 'ordinal'])),
  rareMinFrequency: v.optional(num),
  scaling: v.optional(v.picklist(['none', 'standard', 'minmax', 'robust'])),
  pca: v.optional(v.nullable(v.union([v.object({ k: count }), v.object({ variance: num })]))),
});

const validationSchema = v.object({
  kind: v.optional(v.picklist(['holdout', 'kfold', 'stratified', 'repeated', 'group', 'timeseries'])),
  k: v.optional(count),
  repeats: v.optional(count),
  fraction: v.optional(num),
  groupColumn: v.optional(name),
  timeColumn: v.optional(name),
});

const searchSchema = v.object({
  kind: v.picklist(['grid', 'random']),
  space: v.pipe(v.record(name, list(paramValueSchema)), v.maxEntries(payloadLimits.list)),
  iterations: v.optional(count),
  innerK: v.optional(count),
});

export const trainSpecSchema = v.object({
  datasetId: id,
  target: name,
  features: v.optional(v.nullable(list(name, payloadLimits.columns))),
  task: v.optional(v.picklist(['binary', 'multiclass', 'regression', 'auto'])),
  model: v.optional(v.picklist(modelKinds)),
  params: v.optional(paramsSchema),
  preprocess: v.optional(preprocessSchema),
  validation: v.optional(validationSchema),
  testSize: v.optional(num),
  imbalance: v.optional(v.picklist(['none', 'weights', 'over', 'under', 'smote'])),
  threshold: v.optional(v.union([v.picklist(['default', 'max_f1']), v.object({ costRatio: num })])),
  // Checked against the target's classes by the run's plan, which knows them (an unknown label fails naming them).
  positive: v.optional(v.nullable(name)),
  search: v.optional(v.nullable(searchSchema)),
  seed: v.optional(v.pipe(v.number(), v.safeInteger())),
  executor: v.optional(name),
});

/** `NAME`, `NAME@3`, `NAME@production`, `NAME@staging` (resolved, with words, by the registry). */
export const modelRefSchema = name;

export const stageSchema = v.picklist(['none', 'staging', 'production']);

export const modelCardSchema = v.object({ intendedUse: text, data: text, metrics: text, limits: text });

export const serveStartSchema = v.object({
  model: modelRefSchema,
  port: v.optional(v.pipe(count, v.maxValue(65_535))),
  canary: v.optional(v.object({ model: modelRefSchema, percent: num })),
  // Origins are checked for their form by the serving service (it owns the rule, shared with the bundle's server).
  allowedOrigins: v.optional(list(url)),
  maxBodyBytes: v.optional(v.pipe(count, v.minValue(1))),
  maxLogBytes: v.optional(v.pipe(count, v.minValue(1))),
  maxConnections: v.optional(v.pipe(count, v.minValue(1))),
  // mqtt://HOST/TOPIC: checked for its form by the serving service (recs-event-feed.ts).
  events: v.optional(url),
});

export const exportSpecSchema = v.object({ model: modelRefSchema, to: url });

/** 1 (head on the frozen backbone) or 2 (fine-tuned). */
export const phaseSchema = v.picklist([1, 2]);

export const serverIdSchema = name;

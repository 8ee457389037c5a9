import * as v from 'valibot';
import { count, list, name, path, text } from './common';

const base = {
  name,
  sharedDir: path,
  nodeCommand: v.optional(list(path, 16)),
  storage: v.optional(text),
  storageEndpoint: v.optional(text),
};

const slurm = v.object({
  kind: v.literal('slurm'),
  ...base,
  partition: v.optional(name),
  account: v.optional(name),
  timeLimit: v.optional(name),
  memory: v.optional(name),
  cpusPerTask: v.optional(count),
  binDir: v.optional(path),
  slurmConf: v.optional(path),
});

const kubernetes = v.object({
  kind: v.literal('kubernetes'),
  ...base,
  namespace: name,
  image: text,
  claimName: name,
  context: v.optional(name),
  cpu: v.optional(name),
  memory: v.optional(name),
  timeLimitSeconds: v.optional(count),
});

const awsBatch = v.object({
  kind: v.literal('aws-batch'),
  ...base,
  jobQueue: text,
  jobDefinition: text,
  region: v.optional(name),
  profile: v.optional(name),
  timeLimitSeconds: v.optional(count),
});

/** Compute settings as the Compute section saves them (computeProblem checks names and the default). */
export const computeSettingsSchema = v.object({
  executors: list(v.variant('kind', [slurm, kubernetes, awsBatch]), 50),
  defaultExecutor: name,
});

/** Payload schemas of the sensor and stream channels. */
import * as v from 'valibot';
import { count, id, list, name, num, path, text, url } from './common';

export const streamSourceSchema = v.variant('kind', [
  v.object({
    kind: v.literal('serial'),
    path,
    baudRate: v.optional(count),
    dataBits: v.optional(v.picklist([5, 6, 7, 8])),
    parity: v.optional(v.picklist(['none', 'even', 'odd'])),
    stopBits: v.optional(v.picklist([1, 2])),
    declaredRateHz: v.optional(num),
  }),
  v.object({
    kind: v.literal('mqtt'),
    url,
    topic: text,
    qos: v.optional(v.picklist([0, 1])),
    username: v.optional(text),
    password: v.optional(text),
    rejectUnauthorized: v.optional(v.boolean()),
  }),
  v.object({
    kind: v.literal('kafka'),
    brokers: v.pipe(list(name), v.minLength(1)),
    topic: name,
    group: name,
    from: v.optional(name),
    replay: v.optional(v.boolean()),
    sasl: v.optional(v.object({ mechanism: v.picklist(['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512']), username: name })),
    password: v.optional(text),
    tls: v.optional(v.boolean()),
    rejectUnauthorized: v.optional(v.boolean()),
  }),
  v.object({
    kind: v.literal('nats'),
    url,
    stream: name,
    subject: v.optional(name),
    durable: name,
    from: v.optional(name),
    replay: v.optional(v.boolean()),
    username: v.optional(name),
    password: v.optional(text),
    ackWaitSeconds: v.optional(num),
  }),
  v.object({
    kind: v.literal('redis'),
    url,
    stream: name,
    group: name,
    consumer: v.optional(name),
    from: v.optional(name),
    replay: v.optional(v.boolean()),
    username: v.optional(name),
    password: v.optional(text),
    claimIdleSeconds: v.optional(num),
  }),
  v.object({ kind: v.literal('kinesis'), stream: name, endpoint: v.optional(url), region: v.optional(name), from: v.optional(name), replay: v.optional(v.boolean()) }),
  v.object({
    kind: v.literal('replay'),
    path,
    rateHz: v.optional(num),
    timeColumn: v.optional(name),
    speed: v.optional(num),
    loop: v.optional(v.boolean()),
  }),
]);

const streamProtocolSchema = v.variant('kind', [
  v.object({ kind: v.literal('csv'), delimiter: name, header: v.boolean() }),
  v.object({ kind: v.literal('kv'), pairSeparator: name, keyValueSeparator: name }),
  v.object({ kind: v.literal('json') }),
  v.object({ kind: v.literal('slip-f32') }),
  v.object({ kind: v.literal('avro'), schema: text }),
]);

const fieldSpecSchema = v.object({ name, unit: v.optional(name) });

const validationRuleSchema = v.variant('kind', [
  v.object({ kind: v.literal('type'), field: name, type: v.picklist(['number', 'integer', 'text']) }),
  v.object({ kind: v.literal('range'), field: name, min: v.optional(num), max: v.optional(num) }),
  v.object({ kind: v.literal('required'), field: name }),
  v.object({ kind: v.literal('stuck'), field: name, count }),
  v.object({ kind: v.literal('rate'), minHz: num, windowSeconds: num }),
]);

const transformSchema = v.variant('kind', [
  v.object({ kind: v.literal('linear'), field: name, scale: num, offset: num, unit: v.optional(name) }),
  v.object({ kind: v.literal('polynomial'), field: name, coefficients: list(num), unit: v.optional(name) }),
  v.object({ kind: v.literal('derived'), name, expression: text, unit: v.optional(name) }),
]);

const analyticSchema = v.variant('kind', [
  v.object({ kind: v.literal('rolling'), field: name, windowSeconds: num, stats: list(v.picklist(['mean', 'std', 'min', 'max'])) }),
  v.object({ kind: v.literal('ewma'), field: name, alpha: num }),
  v.object({ kind: v.literal('zscore'), field: name, windowSeconds: num, threshold: num }),
  v.object({ kind: v.literal('rate-of-change'), field: name, maxPerSecond: num }),
]);

const windowShapeSchema = v.variant('kind', [
  v.object({ kind: v.literal('tumbling'), sizeSeconds: num }),
  v.object({ kind: v.literal('sliding'), sizeSeconds: num, slideSeconds: num }),
  v.object({ kind: v.literal('session'), gapSeconds: num }),
]);

const windowAggregationSchema = v.object({
  name,
  window: windowShapeSchema,
  timeField: v.optional(name),
  groupBy: list(name),
  aggregates: list(
    v.object({
      op: v.picklist(['count', 'sum', 'mean', 'min', 'max', 'percentile']),
      field: v.optional(name),
      percentile: v.optional(num),
    }),
  ),
  outOfOrderSeconds: v.optional(num),
  allowedLatenessSeconds: v.optional(num),
  late: v.optional(v.picklist(['keep', 'drop'])),
  enrich: v.optional(v.object({ datasetId: id, on: name, key: name, columns: v.optional(list(name)) })),
});

export const pipelineSpecSchema = v.object({
  validation: list(validationRuleSchema),
  transforms: list(transformSchema),
  analytics: list(analyticSchema),
  windows: v.optional(list(windowAggregationSchema)),
});

export const streamConfigSchema = v.object({
  name,
  source: streamSourceSchema,
  protocol: v.optional(streamProtocolSchema),
  fields: v.optional(list(fieldSpecSchema)),
  deviceTimeField: v.optional(name),
  pipeline: v.optional(pipelineSpecSchema),
});

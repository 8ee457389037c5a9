/** Payload schemas of the database and HTTP API source channels. */
import * as v from 'valibot';
import { count, document, id, name, num, path, payloadLimits, text, url } from './common';
import { importPrivacySchema, recipeSchema, ruleSetSchema, schemaOverridesSchema } from './data';

const secretRefSchema = v.variant('kind', [
  v.object({ kind: v.literal('none') }),
  v.object({ kind: v.literal('env'), name: v.optional(name) }),
  v.object({ kind: v.literal('file'), path }),
  v.object({ kind: v.literal('keychain') }),
]);

export const connectionConfigSchema = v.object({
  kind: v.picklist(['postgres', 'mysql', 'sqlite']),
  host: v.optional(url),
  port: v.optional(v.pipe(count, v.maxValue(65_535))),
  database: path,
  user: v.optional(name),
  ssl: v.optional(v.object({ mode: v.picklist(['disable', 'require', 'verify-full']), caFile: v.optional(path) })),
  secret: v.optional(secretRefSchema),
});

/** A saved connection by id, or one given inline (never with its password). */
const connRefEntries = { connectionId: v.optional(id), connection: v.optional(connectionConfigSchema) };
export const connRefSchema = v.object(connRefEntries);

export const dbSelectionSchema = v.union([v.object({ table: name, schema: v.optional(name) }), v.object({ query: document })]);

export const sourcePreviewSchema = v.object({ ...connRefEntries, select: dbSelectionSchema });

const pipelineFields = {
  schema: v.optional(schemaOverridesSchema),
  rules: v.optional(ruleSetSchema),
  recipe: v.optional(recipeSchema),
  privacy: v.optional(importPrivacySchema),
};

export const dbImportSpecSchema = v.object({
  ...pipelineFields,
  ...connRefEntries,
  select: dbSelectionSchema,
  name: v.optional(name),
  incremental: v.optional(v.object({ column: name, key: v.optional(name) })),
});

const httpAuthSchema = v.variant('kind', [
  v.object({ kind: v.literal('none') }),
  v.object({ kind: v.literal('api-key'), in: v.picklist(['header', 'query']), name, secret: secretRefSchema }),
  v.object({ kind: v.literal('bearer'), secret: secretRefSchema }),
  v.object({ kind: v.literal('basic'), user: name, secret: secretRefSchema }),
  v.object({ kind: v.literal('oauth2'), tokenUrl: url, clientId: text, secret: secretRefSchema, scope: v.optional(text) }),
]);

const paginationSchema = v.variant('kind', [
  v.object({ kind: v.literal('none') }),
  v.object({
    kind: v.literal('page'),
    param: name,
    start: v.optional(num),
    offset: v.optional(v.boolean()),
    sizeParam: v.optional(name),
    size: v.optional(count),
  }),
  v.object({ kind: v.literal('cursor'), field: text, param: v.optional(name) }),
  v.object({ kind: v.literal('link') }),
]);

export const httpSourceSpecSchema = v.object({
  ...pipelineFields,
  url,
  method: v.optional(v.picklist(['GET', 'POST'])),
  headers: v.optional(v.pipe(v.record(name, text), v.maxEntries(payloadLimits.list))),
  body: v.optional(document),
  auth: v.optional(httpAuthSchema),
  pagination: v.optional(paginationSchema),
  recordsPath: v.optional(text),
  maxRps: v.optional(num),
  maxPages: v.optional(count),
  retries: v.optional(count),
  name: v.optional(name),
});

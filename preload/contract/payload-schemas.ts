/**
 * Every invoke channel's request schema, declared once (valibot). The dispatcher
 * checks each payload against its schema before a handler runs, and a request's
 * type (`InvokeReq`, channels.ts) is inferred from it. The compile-time checks
 * below also tie each schema to the documented request type in `InvokeMap` in
 * both directions, so the docs cannot drift either, and a channel without a
 * schema does not compile.
 */
import * as v from 'valibot';
import { datasetExportFormats } from './dataset-export';
import type { InvokeChannel, InvokeMap } from './channels';
import { count, id, list, name, none, num, path, payloadLimits, text, url } from './payloads/common';
import {
  importPreviewRequestSchema,
  importSpecSchema,
  privacySpecSchema,
  recipePreviewRowsSchema,
  recipeSchema,
  ruleSetSchema,
  schemaSampleSchema,
} from './payloads/data';
import { computeSettingsSchema } from './payloads/compute';
import { pipelineSpecSchema, streamConfigSchema, streamSourceSchema } from './payloads/streams';
import {
  exportSpecSchema,
  modelCardSchema,
  modelRefSchema,
  phaseSchema,
  serverIdSchema,
  serveStartSchema,
  stageSchema,
  trainSpecSchema,
} from './payloads/models';
import { recsTrainSpecSchema } from './payloads/recs';
import { connectionConfigSchema, connRefSchema, dbImportSpecSchema, httpSourceSpecSchema, sourcePreviewSchema } from './payloads/sources';
import { imageImportSpecSchema, imagesListSchema, imageTrainSpecSchema } from './payloads/images';

const datasetRef = v.object({ datasetId: id });
const runRef = v.object({ runId: id });
const streamRef = v.object({ streamId: id });
const jobRef = v.object({ jobId: name });
const projectPath = v.object({ path });
const serverRef = v.object({ serverId: serverIdSchema });
const monitorOverviewSchema = v.object({ model: name, window: v.optional(name) });

export const invokeSchemas = {
  'app:info': none,
  'project:new': projectPath,
  'project:open': v.object({ path, readOnly: v.optional(v.boolean()) }),
  'project:saveAs': projectPath,
  'project:close': none,
  'project:recent': none,
  'dialog:pick': v.object({ purpose: v.picklist(['newProject', 'openProject', 'saveProjectAs', 'importData', 'exportCsv', 'exportParquet', 'exportArrow']) }),
  'dataset:list': none,
  'dataset:rows': v.object({ datasetId: id, offset: count, limit: count }),
  'dataset:profile': datasetRef,
  'dataset:delete': datasetRef,
  'dataset:export': v.object({ datasetId: id, format: v.picklist(datasetExportFormats), to: v.optional(path) }),
  'import:start': importSpecSchema,
  'import:infer-schema': schemaSampleSchema,
  'import:preview': importPreviewRequestSchema,
  'profile:start': datasetRef,
  'job:list': none,
  'job:cancel': jobRef,
  'run:list': none,
  'sensors:ports': none,
  'stream:detect': v.object({ source: streamSourceSchema, seconds: v.optional(num) }),
  'stream:start': v.union([streamConfigSchema, v.object({ streamId: id, password: v.optional(text) })]),
  'stream:stop': streamRef,
  'stream:list': none,
  'stream:pipeline': v.object({ streamId: id, pipeline: pipelineSpecSchema }),
  'stream:history': v.object({ streamId: id, from: v.optional(num), to: v.optional(num), maxPoints: v.optional(count) }),
  'recording:start': v.object({ streamId: id, label: name }),
  'recording:stop': streamRef,
  'recording:list': v.object({ streamId: v.optional(id) }),
  'recording:export-plan': v.object({ recordingIds: list(id) }),
  'recording:export': v.object({ recordingIds: list(id), name, columns: v.optional(list(v.object({ key: name, name }), payloadLimits.columns)) }),
  'recording:replay': v.object({ recordingId: id, speed: v.optional(num) }),
  'train:start': trainSpecSchema,
  'train:cancel': runRef,
  'train:list': none,
  'train:get': runRef,
  'train:replay': runRef,
  'train:cancelReplay': runRef,
  'compute:get': none,
  'compute:set': computeSettingsSchema,
  'serve:models': none,
  'serve:start': serveStartSchema,
  'serve:stop': serverRef,
  'serve:status': none,
  'serve:split': v.object({ serverId: serverIdSchema, percent: num, candidate: v.optional(v.nullable(modelRefSchema)) }),
  'serve:swap': v.object({ serverId: serverIdSchema, model: modelRefSchema }),
  'recs:start': recsTrainSpecSchema,
  'recs:list': none,
  'recs:try': v.object({ runId: id, user: text, k: v.optional(v.pipe(count, v.minValue(1), v.maxValue(100))) }),
  'registry:list': none,
  'registry:register': v.object({ runId: id, name, phase: v.optional(phaseSchema) }),
  'registry:stage': v.object({ name, version: count, stage: stageSchema }),
  'registry:rollback': v.object({ name }),
  'registry:card': v.object({ name, version: count, card: modelCardSchema }),
  'monitor:overview': monitorOverviewSchema,
  'monitor:check': v.object({ model: name }),
  'monitor:rule-add': v.object({ model: name, condition: text, window: name, minRows: count, cooldownMs: count, webhook: v.optional(v.nullable(url)) }),
  'monitor:rule-remove': v.object({ model: name, id }),
  'monitor:schedule': v.object({ model: name, everyMs: count }),
  'monitor:report': monitorOverviewSchema,
  'monitor:retrain': v.object({ model: name, data: v.optional(name), fromFeedback: v.optional(v.boolean()), promote: v.optional(v.boolean()), window: v.optional(name) }),
  'monitor:retrain-cancel': v.object({ id }),
  'monitor:retrain-promote': v.object({ id }),
  'monitor:retrains': v.object({ model: name }),
  'monitor:retrain-settings': v.object({ model: name, onAlert: v.boolean(), autoPromote: v.boolean(), metric: v.nullable(name), data: v.nullable(name) }),
  'export:start': exportSpecSchema,
  'export:check': v.object({ to: url }),
  'rules:get': datasetRef,
  'rules:save': v.object({ datasetId: id, rules: ruleSetSchema }),
  'rules:suggest': datasetRef,
  'rules:validate': datasetRef,
  'quarantine:list': v.object({ datasetId: id, offset: count, limit: count, rule: v.optional(v.nullable(name)) }),
  'quarantine:fix': v.object({ datasetId: id, id, fields: list(text, payloadLimits.columns) }),
  'quarantine:revalidate': v.object({ datasetId: id, promote: v.optional(v.boolean()) }),
  'recipe:get': datasetRef,
  'recipe:preview': v.object({ datasetId: id, recipe: recipeSchema }),
  'recipe:stored': v.object({ source: path }),
  'recipe:previewRows': recipePreviewRowsSchema,
  'recipe:apply': v.object({ datasetId: id, recipe: recipeSchema }),
  'lineage:list': datasetRef,
  'privacy:scan': datasetRef,
  'privacy:apply': privacySpecSchema,
  'privacy:key': v.object({ keyFile: v.optional(path) }),
  'watch:add': v.object({ path, datasetId: v.optional(id) }),
  'watch:list': none,
  'watch:remove': v.object({ folderId: id }),
  'source:connections': none,
  'source:saveConnection': v.object({ id: v.optional(id), name, config: connectionConfigSchema }),
  'source:deleteConnection': v.object({ id }),
  'source:storeSecret': v.object({ connectionId: id, secret: text }),
  'source:test': connRefSchema,
  'source:tables': connRefSchema,
  'source:preview': sourcePreviewSchema,
  'source:import': dbImportSpecSchema,
  'source:list': none,
  'source:refresh': datasetRef,
  'source:schedule': v.object({ datasetId: id, minutes: v.nullable(num) }),
  'source:httpPreview': httpSourceSpecSchema,
  'source:httpImport': httpSourceSpecSchema,
  'images:import': imageImportSpecSchema,
  'images:sets': none,
  'images:list': imagesListSchema,
  'images:thumbnails': v.object({ imageIds: list(id) }),
  'images:delete': v.object({ setId: id }),
  'images:estimate': imageTrainSpecSchema,
  'images:train': imageTrainSpecSchema,
  'images:cancel': runRef,
  'images:runs': none,
  'images:run': runRef,
  'images:replay': runRef,
  'images:cancelReplay': runRef,
  'images:predict': v.object({ runId: id, phase: v.optional(phaseSchema), paths: v.optional(list(path)), uploadIds: v.optional(list(name)) }),
  'images:export': v.object({ runId: id, folder: path, phase: v.optional(phaseSchema) }),
} as const satisfies { readonly [C in InvokeChannel]: v.GenericSchema<unknown, InvokeMap[C]['req']> };

/** `readonly` removed at every depth: a typed payload must be accepted by its schema's (mutable) input type. */
type Writable<T> = T extends (infer U)[] | readonly (infer U)[]
  ? Writable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: Writable<T[K]> }
    : T;

type Schemas = typeof invokeSchemas;

/**
 * Fails to compile when a channel's request type accepts a payload its schema would refuse by
 * type (the schema is narrower than the type), naming the channel.
 */
type NarrowerThanType = {
  [C in InvokeChannel]: [Writable<InvokeMap[C]['req']>] extends [v.InferInput<Schemas[C]>] ? never : C;
}[InvokeChannel];
const schemasAcceptEveryTypedPayload: [NarrowerThanType] extends [never] ? true : NarrowerThanType = true;
void schemasAcceptEveryTypedPayload;

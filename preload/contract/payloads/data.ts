/** Payload schemas of the project, dataset, import, rules, recipe, privacy and watch channels. */
import * as v from 'valibot';
import { importEncodings, importFormats } from '../import-options';
import { parseSchemaOverrides } from '../schema';
import { parseRuleSet } from '../rules';
import { parseRecipe } from '../recipe';
import { count, id, list, name, parsedBy, path, payloadLimits, text } from './common';

export const schemaOverridesSchema = parsedBy((raw) => parseSchemaOverrides(raw, 'schema'));
export const ruleSetSchema = parsedBy((raw) => parseRuleSet(raw));
export const recipeSchema = parsedBy(parseRecipe);

export const importSourceSchema = v.variant('kind', [
  v.object({ kind: v.literal('path'), path }),
  v.object({ kind: v.literal('upload'), uploadId: name, fileName: path }),
]);

export const importOptionsSchema = v.object({
  format: v.optional(v.picklist(importFormats)),
  encoding: v.optional(v.picklist(importEncodings)),
  delimiter: v.optional(name),
  quote: v.optional(name),
  header: v.optional(v.boolean()),
  sheet: v.optional(name),
  recordsPath: v.optional(text),
});

export const privacyColumnActionSchema = v.object({
  column: name,
  action: v.picklist(['pseudonymise', 'mask', 'drop']),
  keepLast: v.optional(count),
});

export const importPrivacySchema = v.object({
  actions: list(privacyColumnActionSchema, payloadLimits.columns),
  keyFile: v.optional(path),
});

export const privacySpecSchema = v.object({
  datasetId: id,
  actions: list(privacyColumnActionSchema, payloadLimits.columns),
  keyFile: v.optional(path),
});

export const appendSpecSchema = v.object({
  datasetId: id,
  addColumns: v.optional(v.boolean()),
  castTypes: v.optional(v.boolean()),
});

export const importSpecSchema = v.object({
  source: importSourceSchema,
  name: v.optional(name),
  delimiter: v.optional(name),
  schema: v.optional(schemaOverridesSchema),
  options: v.optional(importOptionsSchema),
  rules: v.optional(ruleSetSchema),
  recipe: v.optional(recipeSchema),
  append: v.optional(appendSpecSchema),
  privacy: v.optional(importPrivacySchema),
});

export const importPreviewRequestSchema = v.object({
  source: importSourceSchema,
  options: v.optional(importOptionsSchema),
});

/** Rows of text as the wizard holds them (a preview's first rows). */
const textRows = list(list(text, payloadLimits.columns), payloadLimits.rows);

export const schemaSampleSchema = v.object({
  columns: list(name, payloadLimits.columns),
  rows: textRows,
});

export const recipePreviewRowsSchema = v.object({
  columns: list(name, payloadLimits.columns),
  rows: textRows,
  recipe: recipeSchema,
});


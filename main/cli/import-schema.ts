import fs from 'node:fs';
import { parseSchemaOverrides, type SchemaOverrides } from '../../preload/contract/schema';
import { UsageError } from './common';

/** `assay import … --schema overrides.json`: per-column type, rename, drop and date format. */
export const schemaOption = { schema: { type: 'string' } } as const;
export const schemaUsage = '[--schema SCHEMA.json]';

/** The overrides in the file given to --schema, checked, or nothing when the flag is absent. */
export function schemaFromFlag(file: string | undefined): { schema?: SchemaOverrides } {
  if (file === undefined) return {};
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`--schema ${file} cannot be read: ${err instanceof Error ? err.message : String(err)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`--schema ${file} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    return { schema: parseSchemaOverrides(json, `--schema ${file}`) };
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

import { AssayError } from '../../../../preload/contract/errors';
import { parseSchemaOverrides, type InferredSchema, type SchemaSample } from '../../../../preload/contract/schema';
import { inferSchema } from '../../../../native-workers/ml/schema/infer-column';

/** A preview's rows are few; more than this is not a preview and would block the host. */
const maxSampleCells = 2_000_000;

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

/**
 * `import:infer-schema`: the inferred schema of a preview's first rows (what the wizard's
 * schema step shows before anything is imported). Runs in the host because a preview is
 * small; the import itself infers again in its worker from its own 5,000-row sample.
 */
export function inferPreviewSchema(sample: SchemaSample): InferredSchema {
  const { columns, rows } = (sample ?? {}) as Partial<SchemaSample>;
  if (!isStringArray(columns)) throw new AssayError('BAD_INPUT', 'import:infer-schema needs `columns`: the column names, as strings.');
  if (!Array.isArray(rows) || !rows.every(isStringArray)) throw new AssayError('BAD_INPUT', 'import:infer-schema needs `rows`: arrays of the raw field strings.');
  if (columns.length * rows.length > maxSampleCells) {
    throw new AssayError('BAD_INPUT', `The sample has ${rows.length} rows × ${columns.length} columns; send at most ${maxSampleCells.toLocaleString('en-US')} cells (a preview's first rows).`);
  }
  return inferSchema({ columns, rows });
}

/** Refuses a malformed `ImportSpec.schema` before a job starts (the wire carries untrusted JSON). */
export function checkSchemaSpec(schema: unknown): void {
  if (schema === undefined) return;
  try {
    parseSchemaOverrides(schema, 'The import\'s schema overrides');
  } catch (err) {
    throw new AssayError('BAD_INPUT', err instanceof Error ? err.message : String(err));
  }
}

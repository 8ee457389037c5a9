import type { SchemaSample } from '../../../preload/contract';
import { client } from '../../lib/client';
import { schemaFailed, schemaInferred, schemaLoading, useSchemaStore } from './slice';

/** A cheap identity for a preview: its columns and first rows. */
export function previewKey(sample: SchemaSample): string {
  return JSON.stringify([sample.columns, sample.rows.slice(0, 50)]);
}

/** Asks the host what the preview's columns hold (import:infer-schema); once per preview. */
export async function inferPreviewSchema(sample: SchemaSample): Promise<void> {
  const key = previewKey(sample);
  const now = useSchemaStore.getState();
  if (now.key === key && now.status !== 'failed') return;
  schemaLoading(key);
  try {
    schemaInferred(key, await client().invoke('import:infer-schema', { columns: sample.columns, rows: sample.rows }));
  } catch (err) {
    schemaFailed(key, err instanceof Error ? err.message : String(err));
  }
}

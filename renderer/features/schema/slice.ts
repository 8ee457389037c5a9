import { create } from 'zustand';
import type { InferredSchema } from '../../../preload/contract';

/** The inferred schema of the preview the schema step shows (one wizard at a time). */
export interface SchemaState {
  /** Identifies the preview the schema belongs to, so a stale answer is never shown for a new file. */
  readonly key: string | null;
  readonly inferred: InferredSchema | null;
  readonly status: 'idle' | 'loading' | 'ready' | 'failed';
  readonly error: string | null;
}

export const emptySchema: SchemaState = { key: null, inferred: null, status: 'idle', error: null };

export const useSchemaStore = create<SchemaState>()(() => emptySchema);

export function schemaLoading(key: string): void {
  useSchemaStore.setState({ key, inferred: null, status: 'loading', error: null });
}

export function schemaInferred(key: string, inferred: InferredSchema): void {
  if (useSchemaStore.getState().key !== key) return;
  useSchemaStore.setState({ inferred, status: 'ready', error: null });
}

export function schemaFailed(key: string, error: string): void {
  if (useSchemaStore.getState().key !== key) return;
  useSchemaStore.setState({ status: 'failed', error });
}

export function resetSchema(): void {
  useSchemaStore.setState(emptySchema);
}

export const useSchemaState = (): SchemaState => useSchemaStore((s) => s);

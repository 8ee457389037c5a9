import { toErrorData } from '../../../preload/contract';
import type { Recipe, RecipePreview, StoredRecipe } from '../../../preload/contract/recipe';
import { client } from '../../lib/client';
import { emptyCleanse, setCleanse, useCleanseStore } from './slice';

/** Loads what is stored for the dataset; the draft starts as the source's latest recipe (kept while the same dataset stays on screen). */
export async function loadCleanse(datasetId: number, projectPath: string | null): Promise<void> {
  const s = useCleanseStore.getState();
  if (s.datasetId === datasetId && s.projectPath === projectPath) return refreshCleanseInfo(datasetId);
  setCleanse({ ...emptyCleanse, datasetId, projectPath });
  try {
    const info = await client().invoke('recipe:get', { datasetId });
    if (useCleanseStore.getState().datasetId !== datasetId) return;
    setCleanse({ info, ...(info.latest ? { draft: info.latest.recipe } : {}) });
  } catch (err) {
    setCleanse({ error: toErrorData(err).message });
  }
}

/** Refreshes the stored versions and applications after an apply, keeping the draft. */
export async function refreshCleanseInfo(datasetId: number): Promise<void> {
  try {
    const info = await client().invoke('recipe:get', { datasetId });
    if (useCleanseStore.getState().datasetId === datasetId) setCleanse({ info });
  } catch (err) {
    setCleanse({ error: toErrorData(err).message });
  }
}

export async function previewCleanse(): Promise<void> {
  const { datasetId, draft } = useCleanseStore.getState();
  if (datasetId === null) return;
  setCleanse({ previewing: true, error: null });
  try {
    const preview = await client().invoke('recipe:preview', { datasetId, recipe: draft });
    if (useCleanseStore.getState().datasetId === datasetId) setCleanse({ preview, previewOf: JSON.stringify(draft), previewing: false });
  } catch (err) {
    setCleanse({ previewing: false, error: toErrorData(err).message });
  }
}

export async function applyCleanse(): Promise<void> {
  const { datasetId, draft } = useCleanseStore.getState();
  if (datasetId === null) return;
  setCleanse({ error: null });
  try {
    const { jobId } = await client().invoke('recipe:apply', { datasetId, recipe: draft });
    setCleanse({ applyJobId: jobId });
  } catch (err) {
    setCleanse({ error: toErrorData(err).message });
  }
}

/** The import wizard's preview: the recipe on the first rows of the file, in a worker. */
export function previewOnRows(columns: readonly string[], rows: readonly (readonly string[])[], recipe: Recipe): Promise<RecipePreview> {
  return client().invoke('recipe:previewRows', { columns: [...columns], rows: rows.map((r) => [...r]), recipe });
}

/** The recipe an import of this file would re-apply, if one is stored for its source. */
export function storedRecipeFor(fileName: string): Promise<StoredRecipe | null> {
  return client().invoke('recipe:stored', { source: fileName });
}

import { create } from 'zustand';
import { emptyRecipe, type DatasetRecipeInfo, type Recipe, type RecipePreview } from '../../../preload/contract/recipe';

/** The Cleanse tab of the dataset on screen: the recipe being edited, what is stored, the last preview. */
export interface CleanseState {
  readonly datasetId: number | null;
  /** The project the dataset belongs to (ids repeat across projects). */
  readonly projectPath: string | null;
  readonly info: DatasetRecipeInfo | null;
  readonly draft: Recipe;
  readonly preview: RecipePreview | null;
  /** The draft the preview was computed for (as JSON): an edited draft shows the preview as stale. */
  readonly previewOf: string | null;
  readonly previewing: boolean;
  readonly applyJobId: string | null;
  readonly error: string | null;
}

export const emptyCleanse: CleanseState = {
  datasetId: null,
  projectPath: null,
  info: null,
  draft: emptyRecipe,
  preview: null,
  previewOf: null,
  previewing: false,
  applyJobId: null,
  error: null,
};

export const useCleanseStore = create<CleanseState>()(() => emptyCleanse);

export function setCleanse(patch: Partial<CleanseState>): void {
  useCleanseStore.setState(patch);
}

export function editDraft(draft: Recipe): void {
  useCleanseStore.setState({ draft, error: null });
}

export const useCleanse = (): CleanseState => useCleanseStore((s) => s);

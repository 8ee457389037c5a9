import { useEffect, useState } from 'react';
import { toErrorData, type ImportPreview, plural } from '../../../preload/contract';
import { sourceKeyOf, type Recipe, type RecipePreview, type StoredRecipe } from '../../../preload/contract/recipe';
import { previewOnRows, storedRecipeFor } from './actions';
import { StepList } from './StepList';
import './recipe.css';

/**
 * The import wizard's recipe step: edit the recipe and preview it on the file's first rows (in a
 * worker). The recipe travels with the import (ImportSpec.recipe) and is stored for the source.
 */
export function RecipeEditor({ preview, value, onChange }: { readonly preview: ImportPreview; readonly value: Recipe; readonly onChange: (next: Recipe) => void }) {
  const [result, setResult] = useState<{ of: string; preview: RecipePreview } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [stored, setStored] = useState<StoredRecipe | null>(null);
  useEffect(() => {
    let live = true;
    storedRecipeFor(preview.fileName).then(
      (r) => live && setStored(r),
      () => live && setStored(null),
    );
    return () => {
      live = false;
    };
  }, [preview.fileName]);
  const key = sourceKeyOf(preview.fileName);
  const untouched = value.steps.length === 0;
  const run = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      setResult({ of: JSON.stringify(value), preview: await previewOnRows(preview.columns, preview.rows, value) });
    } catch (err) {
      setError(toErrorData(err).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="recipe-editor" data-testid="recipe-editor">
      <p className="muted" data-testid="recipe-source">
        {stored && untouched ? (
          <>
            Recipe v{stored.version} ({plural(stored.recipe.steps.length, 'step')}) is stored for <code>{key}</code> and will be applied to this import.{' '}
            <button type="button" className="small" data-testid="recipe-load-stored" onClick={() => onChange(stored.recipe)}>
              Show and edit it
            </button>
          </>
        ) : stored ? (
          <>
            Recipe v{stored.version} is stored for <code>{key}</code>; {JSON.stringify(stored.recipe) === JSON.stringify(value) ? 'it is applied as shown.' : 'these steps replace it as the next version.'}
          </>
        ) : (
          <>
            No recipe is stored for <code>{key}</code> yet; steps added here are stored and re-applied to its later imports.
          </>
        )}
      </p>
      <StepList recipe={value} columns={preview.columns} onChange={onChange} outcomes={result?.preview.steps ?? null} stale={result !== null && result.of !== JSON.stringify(value)} />
      <div className="recipe-actions">
        <button type="button" disabled={busy || value.steps.length === 0} data-testid="recipe-preview-rows" onClick={() => void run()}>
          {busy ? 'Previewing…' : `Preview on the first ${plural(preview.rows.length, 'row')}`}
        </button>
        {result && <span className="muted">{result.preview.rowsChanged.toLocaleString('en-US')} of {plural(result.preview.rowsScanned, 'row')} would change</span>}
      </div>
      {error && (
        <div className="train-problem" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}

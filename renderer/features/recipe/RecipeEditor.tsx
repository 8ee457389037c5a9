import { useState } from 'react';
import { toErrorData, type ImportPreview } from '../../../preload/contract';
import type { Recipe, RecipePreview } from '../../../preload/contract/recipe';
import { previewOnRows } from './actions';
import { StepList } from './StepList';

/**
 * The import wizard's recipe step: edit the recipe and preview it on the file's first rows (in a
 * worker). The recipe travels with the import (ImportSpec.recipe) and is stored for the source.
 */
export function RecipeEditor({ preview, value, onChange }: { readonly preview: ImportPreview; readonly value: Recipe; readonly onChange: (next: Recipe) => void }) {
  const [result, setResult] = useState<{ of: string; preview: RecipePreview } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
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
      <StepList recipe={value} columns={preview.columns} onChange={onChange} outcomes={result?.preview.steps ?? null} stale={result !== null && result.of !== JSON.stringify(value)} />
      <div className="recipe-actions">
        <button type="button" disabled={busy || value.steps.length === 0} data-testid="recipe-preview-rows" onClick={() => void run()}>
          {busy ? 'Previewing…' : `Preview on the first ${preview.rows.length} rows`}
        </button>
        {result && <span className="muted">{result.preview.rowsChanged.toLocaleString('en-US')} of {result.preview.rowsScanned} rows would change</span>}
      </div>
      {error && (
        <div className="train-problem" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}

/** `assay import --recipe recipe.json`: reading the recipe file, and what the import's output says about it. */
import fs from 'node:fs';
import path from 'node:path';
import { AssayError } from '../../preload/contract/errors';
import { parseRecipe, type Recipe } from '../../preload/contract/recipe';
import type { ImportResult } from '../../preload/contract/types';
import { plural } from '../../preload/contract/plural';

export const recipeUsage = `      --recipe recipe.json cleanses with that recipe (stored as the source's next version);
      without it, the latest recipe stored for the same source (file name, digits ignored) is re-applied`;

export function readRecipeFile(file: string): Recipe {
  const abs = path.resolve(file);
  let text: string;
  try {
    text = fs.readFileSync(abs, 'utf8');
  } catch {
    throw new AssayError('NOT_FOUND', `Recipe file ${abs} could not be read; check the path given to --recipe.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new AssayError('BAD_INPUT', `Recipe file ${abs} is not valid JSON (${err instanceof Error ? err.message : String(err)}).`);
  }
  try {
    return parseRecipe(json);
  } catch (err) {
    throw new AssayError('BAD_INPUT', `${abs}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The recipe's part of `assay import --json`: rowsChanged always, and per step what changed when a recipe ran. */
export function recipeJson(result: ImportResult): Record<string, unknown> {
  const r = result.recipe;
  return {
    rowsChanged: result.rowsChanged ?? 0,
    ...(r
      ? {
          recipe: {
            sourceKey: r.sourceKey,
            version: r.version,
            rowsDropped: r.rowsDropped,
            cellsChanged: r.cellsChanged,
            steps: r.steps.map((s) => ({ step: s.index + 1, kind: s.kind, rowsChanged: s.rowsChanged, cellsChanged: s.cellsChanged, rowsDropped: s.rowsDropped, rowsFlagged: s.rowsFlagged })),
          },
        }
      : {}),
  };
}

export function recipeText(result: ImportResult): string {
  const r = result.recipe;
  return r ? `; recipe ${r.sourceKey} v${r.version} changed ${plural(r.rowsChanged, 'row')}${r.rowsDropped ? `, dropped ${r.rowsDropped}` : ''}` : '';
}

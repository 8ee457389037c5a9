/** The `recipes` and `recipe_applications` tables (migration 007): versions per source, and what each application did. */
import {
  parseRecipe,
  type DatasetRecipeInfo,
  type Recipe,
  type RecipeApplication,
  type RecipeOutcome,
  type StepOutcome,
  type StoredRecipe,
} from '../../preload/contract/recipe';
import { addLineage } from './lineage';
import type { Db } from './open';

interface RecipeRow {
  id: number;
  source_key: string;
  version: number;
  recipe: string;
  created_at: string;
}

function stored(row: RecipeRow): StoredRecipe {
  return { id: row.id, sourceKey: row.source_key, version: row.version, recipe: parseRecipe(JSON.parse(row.recipe)), createdAt: row.created_at };
}

/** The latest stored version of a source's recipe, or null when it has none. */
export function latestRecipe(db: Db, sourceKey: string): StoredRecipe | null {
  const row = db.prepare('SELECT * FROM recipes WHERE source_key = ? ORDER BY version DESC LIMIT 1').get(sourceKey) as RecipeRow | undefined;
  return row ? stored(row) : null;
}

/** The recipe as the latest version of its source: the latest one itself when unchanged, else a new version. */
export function saveRecipeVersion(db: Db, sourceKey: string, recipe: Recipe): StoredRecipe {
  const latest = latestRecipe(db, sourceKey);
  const json = JSON.stringify(recipe);
  if (latest && JSON.stringify(latest.recipe) === json) return latest;
  const version = (latest?.version ?? 0) + 1;
  const at = new Date().toISOString();
  const info = db.prepare('INSERT INTO recipes (source_key, version, recipe, created_at) VALUES (?, ?, ?, ?)').run(sourceKey, version, json, at);
  return { id: Number(info.lastInsertRowid), sourceKey, version, recipe, createdAt: at };
}

/** Records an application and its lineage event (recipe version, per-step counts); call inside the transaction that changed the data. */
export function recordApplication(
  db: Db,
  datasetId: number,
  recipe: StoredRecipe,
  trigger: 'import' | 'manual',
  totals: { rowsChanged: number; rowsDropped: number },
  steps: readonly StepOutcome[],
): RecipeOutcome {
  const cellsChanged = steps.reduce((s, o) => s + o.cellsChanged, 0);
  const at = new Date().toISOString();
  const perStep = steps.map((s) => ({
    step: s.index + 1,
    kind: s.kind,
    label: s.label,
    rowsChanged: s.rowsChanged,
    cellsChanged: s.cellsChanged,
    rowsDropped: s.rowsDropped,
    rowsFlagged: s.rowsFlagged,
    skipped: s.skipped,
    stats: s.stats,
  }));
  db.prepare(
    'INSERT INTO recipe_applications (dataset_id, recipe_id, trigger, rows_changed, rows_dropped, cells_changed, summary, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(datasetId, recipe.id, trigger, totals.rowsChanged, totals.rowsDropped, cellsChanged, JSON.stringify(perStep), at);
  addLineage(db, datasetId, 'recipe', { sourceKey: recipe.sourceKey, recipeId: recipe.id, version: recipe.version, trigger, ...totals, cellsChanged, steps: perStep }, at);
  return { recipeId: recipe.id, version: recipe.version, sourceKey: recipe.sourceKey, ...totals, cellsChanged, steps };
}

/** A dataset's recipe state for the Cleanse tab: its source's latest recipe and every application so far. */
export function datasetRecipeInfo(db: Db, datasetId: number, sourceKey: string): DatasetRecipeInfo {
  const applied = db
    .prepare(
      `SELECT a.recipe_id AS recipeId, r.version, a.trigger, a.at, a.rows_changed AS rowsChanged, a.rows_dropped AS rowsDropped
       FROM recipe_applications a JOIN recipes r ON r.id = a.recipe_id WHERE a.dataset_id = ? ORDER BY a.id`,
    )
    .all(datasetId) as RecipeApplication[];
  return { datasetId, sourceKey, latest: latestRecipe(db, sourceKey), applied };
}

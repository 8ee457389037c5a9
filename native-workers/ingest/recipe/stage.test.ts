import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AssayError } from '../../../preload/contract/errors';
import { recipeFormat, type Recipe, type RecipeStep } from '../../../preload/contract/recipe';
import type { ColumnType } from '../../../preload/contract/types';
import { tempDir } from '../../../main/host/testing';
import { createImportingDataset } from '../../project/datasets';
import { datasetCells, tableRows } from '../../project/inspect';
import { listLineage } from '../../project/lineage';
import { latestRecipe, saveRecipeVersion } from '../../project/recipes';
import { ProjectStore } from '../../project/store';
import type { RowStage } from '../stages';
import { DatasetWriter } from '../writer';
import { recipeStageFor, type RecipeStage } from './stage';

const recipe = (...steps: RecipeStep[]): Recipe => ({ format: recipeFormat, steps });

function project(): ProjectStore {
  const store = ProjectStore.create(path.join(tempDir(), 'r.assay'));
  expect(createImportingDataset(store.db, 'd', 's').id).toBe(1);
  return store;
}

/** The stage for a recipe, and an import of `records` into dataset 1 through it, as the import job wires them. */
function importer(store: ProjectStore, r: Recipe | undefined, file = 'sales-2024.csv'): { stage: RecipeStage; run: (names: string[], types: ColumnType[], records: string[][]) => DatasetWriter } {
  let writer: DatasetWriter | null = null;
  const stage = recipeStageFor(store.db, r, file, () => writer?.columns ?? []);
  if (!stage) throw new Error('expected a recipe stage');
  return {
    stage,
    run: (names, types, records) => {
      const w = new DatasetWriter(store.db, 1, [stage]);
      writer = w;
      w.begin(names, types);
      w.writeBatch(records, (row) => row.join(','));
      w.finish({ source: 'test' });
      return w;
    },
  };
}

describe('RecipeStage during an import', () => {
  it('runs row-local steps per row and whole-column steps on the table, counting rows across both and skipping quarantined records', () => {
    const store = project();
    let writer: DatasetWriter | null = null;
    const stage = recipeStageFor(
      store.db,
      recipe(
        { kind: 'trim', columns: ['name'], collapse: false },
        { kind: 'map', column: 'ok', mapping: { yes: true, no: false, maybe: null }, caseInsensitive: true },
        { kind: 'unit', column: 'temp_f', factor: 5 / 9, offset: -160 / 9, from: '°F', to: '°C', rename: 'temp_c' },
        { kind: 'impute', column: 'n', method: 'mean' },
      ),
      'sales-2024.csv',
      () => writer?.columns ?? [],
    )!;
    // A rule after the recipe: a row the recipe changed can still go to quarantine.
    const noB: RowStage = { name: 'rules', process: (row) => (row[0] === 'b' ? [{ rule: 'b', column: 'name', message: 'no b' }] : []), summary: () => ({}) };
    writer = new DatasetWriter(store.db, 1, [stage, noB]);
    expect(stage.summary()).toEqual({});
    writer.begin(['name', 'ok', 'temp_f', 'n'], ['text', 'text', 'number', 'number']);
    writer.writeBatch(
      [
        [' a ', 'YES', '212', '1'],
        ['b', 'no', 'hot', '3'], // changed by the map, then rejected by the rule; the unit step skips 'hot'
        ['c', 'x', '32', '2', 'extra'], // wrong width: quarantined before any stage
        ['d', 'x', '', '4'], // unchanged
        [' e', 'x', '', ''], // trimmed, then filled by the mean: stored row 3, counted once
      ],
      (r) => r.join(','),
    );
    writer.finish({ source: 'test' });
    expect(writer.counts).toEqual({ rowsRead: 5, rowsStored: 3, rowsQuarantined: 2 });
    expect(datasetCells(store.db, 1)).toEqual([
      ['a', 1, 100, 1],
      ['d', 'x', null, 4],
      ['e', 'x', null, 2.5],
    ]);
    const outcome = stage.outcome;
    expect(outcome).toMatchObject({ version: 1, sourceKey: 'sales-#.csv', rowsChanged: 2, rowsDropped: 0, cellsChanged: 6 });
    expect(outcome?.steps.map((s) => [s.index, s.kind, s.rowsChanged, s.cellsChanged, s.skipped, s.notes.length])).toEqual([
      [0, 'trim', 2, 2, 0, 0],
      [1, 'map', 2, 2, 0, 0],
      [2, 'unit', 1, 1, 1, 0],
      [3, 'impute', 1, 1, 0, 0],
    ]);
    expect(outcome?.steps[0]?.examples).toEqual([
      { row: 1, column: 'name', before: ' a ', after: 'a' },
      { row: 5, column: 'name', before: ' e', after: 'e' },
    ]);
    expect(outcome?.steps[2]?.stats).toEqual({ unit: '°C' });
    expect(outcome?.steps[2]?.label).toMatch(/temp_f/);
    expect(stage.summary()).toEqual({ version: 1, rowsChanged: 2, rowsDropped: 0, cellsChanged: 6 });
    expect(listLineage(store.db, 1).find((l) => l.event === 'import')?.detail['stages']).toMatchObject({ recipe: { version: 1, rowsChanged: 2 } });
    expect(tableRows(store.db, 'dataset_columns', { columns: ['name', 'type'], orderBy: 'position' })).toEqual([
      { name: 'name', type: 'text' },
      { name: 'ok', type: 'text' },
      { name: 'temp_c', type: 'number' },
      { name: 'n', type: 'number' },
    ]);
    expect(latestRecipe(store.db, 'sales-#.csv')?.version).toBe(1);
    store.close();
  });

  it('runs a recipe whose first step needs the whole column entirely on the table', () => {
    const store = project();
    const { stage, run } = importer(store, recipe({ kind: 'impute', column: 'n', method: 'median' }, { kind: 'trim', columns: [], collapse: false }));
    run(['n', 's'], ['number', 'text'], [['1', ' x '], ['', 'y'], ['5', 'z']]);
    expect(datasetCells(store.db, 1)).toEqual([[1, 'x'], [3, 'y'], [5, 'z']]);
    expect(stage.outcome?.steps.map((s) => [s.kind, s.cellsChanged])).toEqual([['impute', 1], ['trim', 1]]);
    store.close();
  });

  it('retypes a column as boolean when every mapped value is a boolean and every value mapped', () => {
    const store = project();
    const { run } = importer(store, recipe({ kind: 'map', column: 'ok', mapping: { yes: true, no: false }, caseInsensitive: true }));
    run(['ok'], ['text'], [['Yes'], ['no'], ['']]);
    expect(datasetCells(store.db, 1)).toEqual([[1], [0], [null]]);
    expect(tableRows(store.db, 'dataset_columns', { columns: ['type'] })).toEqual([{ type: 'boolean' }]);
    store.close();
  });

  it('keeps at most five examples a step and counts every changed row, past the first 1,024', () => {
    const store = project();
    const { stage, run } = importer(store, recipe({ kind: 'case', columns: ['s'], mode: 'upper' }));
    const rows = Array.from({ length: 1500 }, (_, i) => [`r${i}`]);
    run(['s'], ['text'], rows);
    expect(stage.outcome?.rowsChanged).toBe(1500);
    expect(stage.outcome?.steps[0]?.examples.map((e) => e.row)).toEqual([1, 2, 3, 4, 5]);
    store.close();
  });

  it('does not rename a converted column onto a name the table already has', () => {
    const store = project();
    const { run } = importer(store, recipe({ kind: 'unit', column: 'a', factor: 2, offset: 0, from: 'x', to: 'y', rename: 'b' }));
    run(['a', 'b'], ['number', 'number'], [['1', '1']]);
    expect(tableRows(store.db, 'dataset_columns', { columns: ['name'], orderBy: 'position' })).toEqual([{ name: 'a' }, { name: 'b' }]);
    expect(datasetCells(store.db, 1)).toEqual([[2, 1]]);
    store.close();
  });

  it('names the recipe, its version and the step when a step refers to a column the source lacks', () => {
    const store = project();
    const { run } = importer(store, recipe({ kind: 'trim', columns: [], collapse: false }, { kind: 'case', columns: ['nope'], mode: 'lower' }));
    let message = '';
    try {
      run(['a'], ['text'], [['x']]);
    } catch (err) {
      message = err instanceof AssayError ? `${err.code}: ${err.message}` : String(err);
    }
    expect(message).toMatch(/^BAD_INPUT: Recipe sales-#\.csv v0, step 2 \(.+\): column "nope" does not exist \(columns: a\)\. Edit the recipe, or import with an empty one; nothing was imported\.$/);
    store.close();
  });
});

describe('recipeStageFor', () => {
  it('takes no stage for no recipe, or an empty one with nothing stored', () => {
    const store = project();
    expect(recipeStageFor(store.db, undefined, 'a.csv', () => [])).toBeNull();
    expect(recipeStageFor(store.db, recipe(), 'a.csv', () => [])).toBeNull();
    saveRecipeVersion(store.db, 'a.csv', recipe());
    expect(recipeStageFor(store.db, undefined, 'a.csv', () => [])).toBeNull();
    store.close();
  });

  it('uses the latest stored version when none is given or the same one is, and saves a different one as the next version', () => {
    const store = project();
    const trim = recipe({ kind: 'trim', columns: [], collapse: false });
    saveRecipeVersion(store.db, 'a.csv', trim);
    const stored = importer(store, undefined, 'A.csv');
    stored.run(['s'], ['text'], [[' x ']]);
    expect(stored.stage.outcome?.version).toBe(1);
    expect(recipeStageFor(store.db, trim, 'a.csv', () => [])).not.toBeNull();
    // An empty recipe given over a stored one is a new version (the source's cleansing is switched off).
    expect(recipeStageFor(store.db, recipe(), 'a.csv', () => [])).not.toBeNull();
    expect(latestRecipe(store.db, 'a.csv')?.version).toBe(1);
    store.close();
  });

  it('saves a changed recipe as the next version only when the import finishes', () => {
    const store = project();
    saveRecipeVersion(store.db, 'a.csv', recipe({ kind: 'trim', columns: [], collapse: false }));
    const { stage, run } = importer(store, recipe({ kind: 'trim', columns: [], collapse: true }), 'a.csv');
    expect(latestRecipe(store.db, 'a.csv')?.version).toBe(1);
    run(['s'], ['text'], [[' x  y ']]);
    expect(latestRecipe(store.db, 'a.csv')?.version).toBe(2);
    expect(stage.outcome?.version).toBe(2);
    expect(datasetCells(store.db, 1)).toEqual([['x y']]);
    store.close();
  });
});

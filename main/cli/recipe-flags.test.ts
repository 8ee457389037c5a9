import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedData, tempDir } from '../host/testing';
import { cliEnv, cliRunner } from './testing';

const dir = tempDir();
const env = cliEnv(dir);

const assay = cliRunner({ env });

/** credit_data.csv as two monthly files: the second import re-applies the stored recipe by itself. */
describe('assay import --recipe', () => {
  const project = path.join(dir, 'cli.assay');
  const jan = path.join(dir, 'credit-01.csv');
  const feb = path.join(dir, 'credit-02.csv');
  fs.copyFileSync(path.join(sharedData, 'credit_data.csv'), jan);
  fs.copyFileSync(path.join(sharedData, 'credit_data.csv'), feb);
  const recipeFile = path.join(dir, 'recipe.json');
  fs.writeFileSync(
    recipeFile,
    JSON.stringify({
      format: 'assay-recipe/1',
      steps: [
        { kind: 'map', column: 'Records', mapping: { yes: true, no: false } },
        { kind: 'impute', column: 'Income', method: 'median' },
        { kind: 'case', columns: ['Home', 'Marital'], mode: 'upper' },
      ],
    }),
  );

  it('cleanses, prints rowsChanged and per-step counts, stores the recipe and re-applies it to the next file of the source', () => {
    expect(assay('new', project).code).toBe(0);
    const out = assay('import', project, jan, '--recipe', recipeFile, '--json');
    expect(out.stderr).toBe('');
    const r = JSON.parse(out.stdout) as { rowsChanged: number; recipe: { version: number; sourceKey: string; steps: { cellsChanged: number }[] } };
    // Every row has a Records yes/no and a Home and Marital (4,454 rows; 381 Income values missing).
    expect(r).toMatchObject({ rowsStored: 4454, rowsChanged: 4454, recipe: { version: 1, sourceKey: 'credit-#.csv' } });
    expect(r.recipe.steps.map((s) => s.cellsChanged)).toEqual([4454, 381, expect.any(Number)]);
    const again = JSON.parse(assay('import', project, feb, '--json').stdout) as typeof r;
    expect(again).toMatchObject({ rowsChanged: 4454, recipe: { version: 1, sourceKey: 'credit-#.csv' } });
    expect(assay('import', project, feb, '--name', 'plain').stdout).toMatch(/^imported 4,454 rows into "plain"; recipe credit-#\.csv v1 changed 4,454 rows\n$/);
  });

  it('says what is wrong with a recipe file and where, exit 1, nothing imported', () => {
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ steps: [{ kind: 'outliers', column: 'Income', method: 'mad' }] }));
    const res = assay('import', project, jan, '--recipe', bad, '--json');
    expect(res).toMatchObject({ code: 1, stdout: '' });
    expect(res.stderr).toMatch(/bad\.json: Recipe step 1\.method: must be one of iqr, zscore\./);
    fs.writeFileSync(bad, '{ "steps": [ ');
    expect(assay('import', project, jan, '--recipe', bad).stderr).toMatch(/bad\.json is not valid JSON/);
    expect(assay('import', project, jan, '--recipe', path.join(dir, 'nope.json')).stderr).toMatch(/nope\.json could not be read; check the path given to --recipe/);
  });
});

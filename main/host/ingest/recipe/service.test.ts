import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetRecipeInfo, Recipe, RecipeOutcome, RecipePreview } from '../../../../preload/contract/recipe';
import type { Cell, DatasetSummary, ImportResult, JobInfo, RowPage } from '../../../../preload/contract/types';
import { Host } from '../../host';
import { tempDir } from '../../testing';
import { countTableRows, rowTableCount, tableRows } from '../../../../native-workers/project/inspect';
import { datasetStorage } from '../../../../native-workers/project/columns/chunk-store';
import { storages, storeAs } from '../../../../native-workers/project/columns/testing';

const dir = tempDir();
let n = 0;

function newHost(): Host {
  const host = new Host({ mode: 'browser', configDir: path.join(dir, 'config') });
  host.newProject(path.join(dir, `r${++n}.assay`));
  return host;
}

/**
 * A messy export: padded and doubled spaces, yes/Y/no/N flags, °F, day-first dates, missing
 * weights, repeated ids, one far-out temperature and one ragged line (quarantined on import).
 */
function messyCsv(file: string, rows: number, seed: number): string {
  const lines = ['id,name,ok,temp_f,weight,day'];
  for (let i = 1; i <= rows; i++) {
    const id = i % 10 === 0 ? i - 1 : i; // every tenth row repeats the id before it
    const name = i % 3 === 0 ? `  ann   lee ${i} ` : `bob ${i}`;
    const ok = ['yes', 'Y', 'no', 'N'][(i + seed) % 4];
    const temp = i === 7 ? 1000 : 50 + ((i * 7 + seed) % 40);
    const weight = i % 5 === 0 ? '' : String(60 + (i % 13));
    const day = `${(i % 28) + 1}.${(i % 12) + 1}.2024`;
    lines.push(`${id},${name},${ok},${temp},${weight},${day}`);
    if (i === rows / 2) lines.push('999999,ragged');
  }
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const recipe: Recipe = {
  format: 'assay-recipe/1',
  steps: [
    { kind: 'trim', columns: [], collapse: true },
    { kind: 'map', column: 'ok', mapping: { yes: true, y: true, no: false, n: false }, caseInsensitive: true },
    { kind: 'unit', column: 'temp_f', factor: 5 / 9, offset: -160 / 9, from: '°F', to: '°C', rename: 'temp_c' },
    { kind: 'date', column: 'day', from: 'D.M.YYYY' },
    { kind: 'impute', column: 'weight', method: 'median' },
    { kind: 'duplicates', keys: ['id'], action: 'drop' },
    { kind: 'outliers', column: 'temp_c', method: 'iqr', action: 'flag' },
  ],
};

async function importFile(host: Host, file: string, extra: Partial<{ recipe: Recipe; name: string }> = {}): Promise<{ job: JobInfo; result: ImportResult }> {
  // The day column stays text, as an older export tool would leave it, so the recipe's date step has work to do (inference alone would read D.M.YYYY as dates).
  const schema = { columns: { day: { type: 'text' as const } } };
  const { jobId } = (await host.dispatch('import:start', { source: { kind: 'path', path: file }, schema, ...extra })) as { jobId: string };
  const job = await host.jobs.wait(jobId);
  return { job, result: host.jobs.resultOf(jobId) as ImportResult };
}

async function rows(host: Host, datasetId: number): Promise<RowPage> {
  return (await host.dispatch('dataset:rows', { datasetId, offset: 0, limit: 5000 })) as RowPage;
}

async function dataset(host: Host, name: string): Promise<DatasetSummary> {
  const list = (await host.dispatch('dataset:list', null)) as DatasetSummary[];
  const ds = list.find((d) => d.name === name);
  if (!ds) throw new Error(`no dataset ${name}`);
  return ds;
}

/**
 * rowsChanged checked independently: the raw import and the cleansed one side by side (the
 * cleansed one keeps the first row per id), a row counts when any value differs or it is flagged.
 */
function changedRows(raw: RowPage, clean: RowPage): number {
  const seen = new Set<Cell>();
  const kept = raw.rows.filter((r) => (seen.has(r[0]) ? false : (seen.add(r[0]), true)));
  expect(kept).toHaveLength(clean.rows.length);
  const flag = clean.columns.findIndex((c) => c.name === 'temp_c_outlier');
  return clean.rows.filter((r, k) => r.some((v, i) => (i === flag ? v === 1 : v !== kept[k][i]))).length;
}

describe.each(storages)('RecipeService through the real host and workers, the dataset stored as %s', (storage) => {
  // The imports too write this storage (workers inherit the variable): a recipe applied during a columnar import is covered.
  const was = process.env['ASSAY_DATASET_STORAGE'];
  beforeAll(() => {
    process.env['ASSAY_DATASET_STORAGE'] = storage;
  });
  afterAll(() => {
    if (was === undefined) delete process.env['ASSAY_DATASET_STORAGE'];
    else process.env['ASSAY_DATASET_STORAGE'] = was;
  });
  it('previews without writing, applies in one job, records the version and lineage, and re-applies to the next import of the source', async () => {
    const host = newHost();
    const first = messyCsv(path.join(dir, 'readings-2024-01.csv'), 60, 0);
    const { result: imported } = await importFile(host, first);
    expect(imported).toMatchObject({ rowsStored: 60, rowsQuarantined: 1, rowsChanged: 0 });
    const ds = await dataset(host, 'readings-2024-01');
    storeAs(host.currentProject!.db, ds.id, storage);
    const before = await rows(host, ds.id);
    expect(((await host.dispatch('recipe:get', { datasetId: ds.id })) as DatasetRecipeInfo).latest).toBeNull();

    const preview = (await host.dispatch('recipe:preview', { datasetId: ds.id, recipe })) as RecipePreview;
    expect(preview).toMatchObject({ rowsTotal: 60, rowsScanned: 60, sampled: false, rowsDropped: 6 });
    const name = before.rows.map((r) => r[1] as string);
    expect(preview.steps[0].cellsChanged).toBe(name.filter((s) => s !== s.trim().replace(/\s+/g, ' ')).length);
    expect(preview.steps[1].cellsChanged).toBe(60);
    const weights = before.rows.map((r) => r[4]).filter((v): v is number => v !== null).sort((a, b) => a - b);
    expect(preview.steps[4].stats['median']).toBe((weights[23] + weights[24]) / 2);
    expect(preview.steps[4].cellsChanged).toBe(12);
    expect(preview.steps[6].stats).toMatchObject({ column: 'temp_c_outlier' });
    expect(preview.steps[6].rowsFlagged).toBe(1);
    expect(preview.steps[3].examples[0]).toEqual({ row: 1, column: 'day', before: '2.2.2024', after: '2024-02-02' });
    // A preview writes nothing.
    expect(await rows(host, ds.id)).toEqual(before);

    const { jobId } = (await host.dispatch('recipe:apply', { datasetId: ds.id, recipe })) as { jobId: string };
    expect((await host.jobs.wait(jobId)).status).toBe('succeeded');
    const outcome = host.jobs.resultOf(jobId) as RecipeOutcome;
    expect(outcome).toMatchObject({ version: 1, sourceKey: 'readings-#-#.csv', rowsDropped: 6 });
    expect(outcome.steps.map((s) => s.cellsChanged)).toEqual(preview.steps.map((s) => s.cellsChanged));
    const after = await rows(host, ds.id);
    expect(after.total).toBe(54);
    expect(after.columns).toEqual([
      { name: 'id', type: 'integer' },
      { name: 'name', type: 'text' },
      { name: 'ok', type: 'boolean' },
      { name: 'temp_c', type: 'number' },
      { name: 'weight', type: 'number' },
      { name: 'day', type: 'text' },
      { name: 'temp_c_outlier', type: 'boolean' },
    ]);
    expect(outcome.rowsChanged).toBe(changedRows(before, after));
    expect(after.rows[6]).toEqual([7, 'bob 7', 0, 537.777777777778, 67, '2024-08-08', 1]);
    // Applied in its own storage: a columnar dataset keeps no working row table.
    expect(datasetStorage(host.currentProject!.db, ds.id)).toBe(storage);
    expect(rowTableCount(host.currentProject!.db)).toBe(storage === 'rows' ? 1 : 0);

    const info = (await host.dispatch('recipe:get', { datasetId: ds.id })) as DatasetRecipeInfo;
    expect(info).toMatchObject({ sourceKey: 'readings-#-#.csv', latest: { version: 1, recipe }, applied: [{ version: 1, trigger: 'manual', rowsDropped: 6 }] });
    const lineage = tableRows(host.currentProject!.db, 'lineage', { columns: ['detail'], where: { event: 'recipe' } })[0] as { detail: string };
    expect(JSON.parse(lineage.detail)).toMatchObject({ version: 1, trigger: 'manual', rowsDropped: 6, steps: expect.arrayContaining([expect.objectContaining({ step: 5, kind: 'impute', cellsChanged: 12 })]) });

    // What the wizard shows before importing a later file of the source.
    expect(await host.dispatch('recipe:stored', { source: '/elsewhere/readings-2025-11.csv' })).toMatchObject({ version: 1, recipe });
    expect(await host.dispatch('recipe:stored', { source: 'other.csv' })).toBeNull();

    // The next month's file: the stored recipe is applied during the import, with the same result.
    const second = messyCsv(path.join(dir, 'readings-2024-02.csv'), 60, 1);
    const { job, result } = await importFile(host, second);
    expect(job.status).toBe('succeeded');
    expect(result.recipe).toMatchObject({ version: 1, rowsDropped: 6 });
    expect(datasetStorage(host.currentProject!.db, result.datasetId)).toBe(storage);
    const raw = await importFile(host, second, { recipe: { format: 'assay-recipe/1', steps: [] }, name: 'raw' });
    expect(raw.result.rowsChanged).toBe(0);
    const clean2 = await rows(host, result.datasetId);
    expect(clean2.columns.map((c) => c.name)).toEqual(after.columns.map((c) => c.name));
    expect(clean2.columns.map((c) => c.type)).toEqual(after.columns.map((c) => c.type));
    // Distinct rows, counted exactly even with a quarantined line in the middle.
    expect(result.rowsChanged).toBe(changedRows(await rows(host, raw.result.datasetId), clean2));
    expect(result.rowsStored).toBe(54);
    await host.close();
  }, 120_000);

  it('an apply that is cancelled leaves the dataset as it was', async () => {
    const host = newHost();
    const big = messyCsv(path.join(dir, 'big.csv'), 200_000, 0);
    const { result } = await importFile(host, big);
    storeAs(host.currentProject!.db, result.datasetId, storage);
    const before = await rows(host, result.datasetId);
    const { jobId } = (await host.dispatch('recipe:apply', { datasetId: result.datasetId, recipe })) as { jobId: string };
    await new Promise<void>((resolve) => {
      const off = host.push.subscribe((channel, payload) => {
        if (channel === 'job:progress' && (payload as { jobId: string }).jobId === jobId) {
          off();
          host.jobs.cancel(jobId);
          resolve();
        }
      });
    });
    expect((await host.jobs.wait(jobId)).status).toBe('cancelled');
    expect(await rows(host, result.datasetId)).toEqual(before);
    expect(countTableRows(host.currentProject!.db, 'recipe_applications')).toBe(0);
    expect(countTableRows(host.currentProject!.db, 'recipes')).toBe(0);
    expect(datasetStorage(host.currentProject!.db, result.datasetId)).toBe(storage);
    expect(rowTableCount(host.currentProject!.db)).toBe(storage === 'rows' ? 1 : 0);
    await host.close();
  }, 120_000);
});

describe('RecipeService refusals', () => {
  it('refuses a recipe that names a missing column, saying which step, and leaves nothing behind', async () => {
    const host = newHost();
    const file = messyCsv(path.join(dir, 'other.csv'), 20, 0);
    const bad: Recipe = { format: 'assay-recipe/1', steps: [{ kind: 'trim', columns: [], collapse: false }, { kind: 'case', columns: ['nmae'], mode: 'upper' }] };
    const { job } = await importFile(host, file, { recipe: bad });
    expect(job.status).toBe('failed');
    expect(job.error?.message).toMatch(/step 2 \(Upper case in nmae\): column "nmae" does not exist .*nothing was imported/);
    expect(await host.dispatch('dataset:list', null)).toEqual([]);
    expect(countTableRows(host.currentProject!.db, 'recipes')).toBe(0);
    await expect(host.dispatch('recipe:previewRows', { columns: ['a'], rows: [['1']], recipe: { format: 'assay-recipe/1', steps: [{ kind: 'unit', column: 'a', factor: 0 }] } as unknown as Recipe })).rejects.toThrow(
      /Recipe step 1\.factor: must not be 0/,
    );
    const wizard = (await host.dispatch('recipe:previewRows', {
      columns: ['ok'],
      rows: [['yes'], ['N'], ['maybe']],
      recipe: { format: 'assay-recipe/1', steps: [{ kind: 'map', column: 'ok', mapping: { yes: true, n: false }, caseInsensitive: true }] },
    })) as RecipePreview;
    expect(wizard.steps[0]).toMatchObject({ rowsChanged: 2, examples: [{ row: 1, before: 'yes', after: 1 }, { row: 2, before: 'N', after: 0 }] });
    await host.close();
  }, 60_000);
});

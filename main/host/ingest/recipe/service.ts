/**
 * Cleansing recipes for the Cleanse tab and the import wizard: what is stored and applied for a
 * dataset, previews (a worker job the caller waits for: progress and cancel like any job), and
 * apply (a worker job, one transaction). Undo is re-importing the source: a recipe rewrites the
 * dataset in place.
 */
import { AssayError, reviveError } from '../../../../preload/contract/errors';
import { parseRecipe, sourceKeyOf, type DatasetRecipeInfo, type RecipePreview } from '../../../../preload/contract/recipe';
import type { JobInfo } from '../../../../preload/contract/types';
import type { RecipePreviewJobSpec } from '../../../../native-workers/protocol';
import { datasetRecipeInfo, latestRecipe } from '../../../../native-workers/project/recipes';
import type { Handlers } from '../../dispatch';
import type { PushHub } from '../../events';
import type { JobManager } from '../../jobs/manager';
import { getDataset, listDatasets } from '../../../../native-workers/project/datasets';
import { insertRun } from '../../../../native-workers/project/runs';
import type { ProjectAccess } from '../../project/access';

export interface RecipeDeps extends ProjectAccess {
  readonly jobs: JobManager;
  readonly push: PushHub;
}

/** The wizard previews on its first rows; more would only slow the step down. */
const maxPreviewRows = 5000;

export class RecipeService {
  constructor(private readonly deps: RecipeDeps) {}

  info(datasetId: number): DatasetRecipeInfo {
    const store = this.deps.store();
    const ds = getDataset(store.db, datasetId);
    return datasetRecipeInfo(store.db, datasetId, sourceKeyOf(ds.source));
  }

  async preview(source: RecipePreviewJobSpec['source'], recipeJson: unknown, title: string): Promise<RecipePreview> {
    const recipe = parseRecipe(recipeJson);
    const job = this.deps.jobs.submit({ kind: 'recipe-preview', spec: { recipe, source } }, title);
    const done = await this.deps.jobs.wait(job.id);
    if (done.status === 'cancelled') throw new AssayError('CANCELLED', 'Preview cancelled.');
    if (done.status !== 'succeeded') throw reviveError(done.error);
    return this.deps.jobs.resultOf(job.id) as RecipePreview;
  }

  apply(datasetId: number, recipeJson: unknown): JobInfo {
    const store = this.deps.store();
    const ds = getDataset(store.db, datasetId);
    const recipe = parseRecipe(recipeJson);
    if (recipe.steps.length === 0) throw new AssayError('BAD_INPUT', 'The recipe has no steps: add one from the palette first.');
    const runId = insertRun(store.db, 'recipe-apply', { datasetId, recipe });
    return this.deps.jobs.submit(
      { kind: 'recipe-apply', spec: { projectPath: store.path, datasetId, recipe } },
      `Cleanse ${ds.name}`,
      {
        onResult: () => {
          this.deps.push.emit('datasets:changed', listDatasets(store.db));
          return { datasetId };
        },
      },
      runId,
    );
  }

  handlers(): Pick<Handlers, 'recipe:get' | 'recipe:preview' | 'recipe:stored' | 'recipe:previewRows' | 'recipe:apply'> {
    return {
      'recipe:stored': ({ source }) => latestRecipe(this.deps.store().db, sourceKeyOf(String(source))),
      'recipe:get': ({ datasetId }) => this.info(datasetId),
      'recipe:preview': ({ datasetId, recipe }) => {
        const store = this.deps.store();
        const ds = getDataset(store.db, datasetId);
        return this.preview({ kind: 'dataset', projectPath: store.path, datasetId }, recipe, `Preview cleansing of ${ds.name}`);
      },
      'recipe:previewRows': ({ columns, rows, recipe }) => {
        if (!Array.isArray(columns) || !Array.isArray(rows)) throw new AssayError('BAD_INPUT', 'A preview needs the column names and rows.');
        return this.preview({ kind: 'rows', columns, rows: rows.slice(0, maxPreviewRows) }, recipe, 'Preview cleansing');
      },
      'recipe:apply': ({ datasetId, recipe }) => ({ jobId: this.apply(datasetId, recipe).id }),
    };
  }
}

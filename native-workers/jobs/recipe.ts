/**
 * Recipe jobs. `recipe-preview` runs the recipe on an in-memory copy of the dataset (the first
 * 200,000 rows of a larger one, labelled as a sample) or of the wizard's first rows, and reports
 * what every step would change. `recipe-apply` runs it on the dataset itself in ONE transaction
 * (cancel or failure rolls everything back), saves the recipe as the source's next version and
 * records the application and its lineage event in that same transaction. A columnar dataset is
 * worked on as a row table copied from its chunks, and its chunks rewritten from it, in that same
 * transaction too.
 */
import { sourceKeyOf, type Recipe, type RecipeOutcome, type RecipePreview } from '../../preload/contract/recipe';
import type { ColumnType } from '../../preload/contract/types';
import { convert, inferType } from '../ml/infer';
import type { RecipeApplyJobSpec, RecipePreviewJobSpec } from '../protocol';
import { BatchInserter } from '../project/batch-insert';
import { yieldToEvents, type JobContext } from '../runtime/context';
import { immediateAsync } from '../project/async-transaction';
import { dropProfile, readyDatasetShape, setRowCount, upsertColumns } from '../project/datasets';
import { datasetStorage } from '../project/columns/chunk-store';
import { datasetRowPages } from '../project/columns/dataset-rows';
import { finishRowWorkTable, openRowWorkTable } from '../project/columns/rewrite';
import { openScratchTable, scratchTable } from '../project/dataset-tables';
import { connect, type Db } from '../project/open';
import type { StoredTable } from '../ingest/stages';
import { recordApplication, saveRecipeVersion } from '../project/recipes';
import { TablePass, type PassProgress } from '../ingest/recipe/table-pass';

/** Datasets larger than this are previewed on their first rows. */
export const previewRowLimit = 200_000;

async function drive<T>(gen: Generator<PassProgress, T>, ctx: JobContext, title: string, steps: number): Promise<T> {
  let lastYield = Date.now();
  for (;;) {
    const r = gen.next();
    if (r.done) return r.value;
    const { step, fraction } = r.value;
    ctx.progress({ kind: 'recipe', value: Math.min(1, (step + fraction) / Math.max(1, steps)), title, detail: `step ${step + 1} of ${steps}` });
    // Let a cancel message in now and then; the caller rolls back.
    if (Date.now() - lastYield > 50) {
      await yieldToEvents();
      lastYield = Date.now();
      ctx.checkCancelled();
    }
  }
}

/** An in-memory copy to preview on, with an inserter to fill it. */
function scratch(width: number): { db: Db; insert: BatchInserter } {
  const db = openScratchTable(width);
  return { db, insert: new BatchInserter(db, scratchTable, null, width) };
}

export async function runRecipePreview(spec: RecipePreviewJobSpec, ctx: JobContext): Promise<RecipePreview> {
  const title = 'Previewing the recipe';
  let names: string[];
  let types: ColumnType[];
  let rowsTotal: number;
  let copy: ReturnType<typeof scratch>;
  if (spec.source.kind === 'dataset') {
    const project = connect(spec.source.projectPath, true);
    try {
      const meta = readyDatasetShape(project, spec.source.datasetId);
      ({ names, types } = meta);
      rowsTotal = meta.rowCount;
      copy = scratch(names.length);
      let copied = 0;
      for (const rows of datasetRowPages(project, meta, 5000)) {
        const s = copy;
        s.db.transaction(() =>
          s.insert.run(() => {
            for (const r of rows.slice(0, previewRowLimit - copied)) {
              for (let i = 0; i < names.length; i++) s.insert.set(i, r[i + 1]);
              s.insert.commitRow();
            }
          }),
        ).immediate();
        copied += rows.length;
        ctx.progress({ kind: 'recipe', value: 0, title, detail: `copying ${Math.min(copied, previewRowLimit).toLocaleString('en-US')} rows` });
        await yieldToEvents();
        ctx.checkCancelled();
        if (copied >= previewRowLimit) break;
      }
    } finally {
      project.close();
    }
  } else {
    names = [...spec.source.columns];
    const rows = spec.source.rows;
    rowsTotal = rows.length;
    types = names.map((_, i) => inferType(rows.map((r) => r[i] ?? '')));
    copy = scratch(names.length);
    const s = copy;
    s.db.transaction(() =>
      s.insert.run(() => {
        for (const r of rows) {
          for (let i = 0; i < names.length; i++) {
            const c = convert(r[i] ?? '', types[i]);
            s.insert.set(i, c.widen === 'text' ? (r[i] ?? '') : c.value);
          }
          s.insert.commitRow();
        }
      }),
    ).immediate();
  }
  try {
    const table: StoredTable = { db: copy.db, datasetId: 0, tableName: scratchTable, names, types, rowsRemoved: 0 };
    const pass = new TablePass(table);
    const rowsScanned = Math.min(rowsTotal, previewRowLimit);
    const steps = await drive(pass.run(spec.recipe.steps), ctx, title, spec.recipe.steps.length);
    return { rowsTotal, rowsScanned, sampled: rowsScanned < rowsTotal, steps, rowsChanged: pass.changed.size, rowsDropped: pass.rowsDropped };
  } finally {
    copy.db.close();
  }
}

export async function runRecipeApply(spec: RecipeApplyJobSpec, ctx: JobContext): Promise<RecipeOutcome> {
  const db = connect(spec.projectPath, false);
  try {
    const meta = readyDatasetShape(db, spec.datasetId);
    const recipe: Recipe = spec.recipe;
    const outcome = await immediateAsync(db, async () => {
      // The recipe's passes work in SQL on a row table: a columnar dataset gets one as a working
      // copy, in this transaction, and its chunks are written from it at the end.
      const columnar = datasetStorage(db, spec.datasetId) === 'columns';
      if (columnar) {
        ctx.progress({ kind: 'recipe', value: 0, title: 'Applying the recipe', detail: 'reading the column chunks' }, true);
        openRowWorkTable(db, spec.datasetId, meta.table, meta.names.length);
      }
      const table: StoredTable = { db, datasetId: spec.datasetId, tableName: meta.table, names: meta.names, types: meta.types, rowsRemoved: 0 };
      const pass = new TablePass(table);
      const steps = await drive(pass.run(recipe.steps), ctx, 'Applying the recipe', recipe.steps.length);
      ctx.checkCancelled();
      pass.finish();
      if (columnar) {
        finishRowWorkTable(db, spec.datasetId, meta.table, table.names.length, (rows) =>
          ctx.progress({ kind: 'recipe', value: 1, title: 'Applying the recipe', detail: `writing column chunks: ${rows.toLocaleString('en-US')} rows` }, true),
        );
      }
      upsertColumns(db, spec.datasetId, table.names.map((name, i) => ({ name, type: table.types[i] })));
      setRowCount(db, spec.datasetId, meta.rowCount - table.rowsRemoved);
      // The profile described the data before cleansing.
      dropProfile(db, spec.datasetId);
      const version = saveRecipeVersion(db, sourceKeyOf(meta.source), recipe);
      return recordApplication(db, spec.datasetId, version, 'manual', { rowsChanged: pass.changed.size, rowsDropped: pass.rowsDropped }, steps);
    });
    ctx.progress({ kind: 'recipe', value: 1, title: 'Applying the recipe', detail: 'done' }, true);
    return outcome;
  } finally {
    db.close();
  }
}

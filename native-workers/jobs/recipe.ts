/**
 * Recipe jobs. `recipe-preview` runs the recipe on an in-memory copy of the dataset (the first
 * 200,000 rows of a larger one, labelled as a sample) or of the wizard's first rows, and reports
 * what every step would change. `recipe-apply` runs it on the dataset itself in ONE transaction
 * (cancel or failure rolls everything back), saves the recipe as the source's next version and
 * records the application and its lineage event in that same transaction.
 */
import type Database from 'better-sqlite3';
import { AssayError } from '../../preload/contract/errors';
import { sourceKeyOf, type Recipe, type RecipeOutcome, type RecipePreview } from '../../preload/contract/recipe';
import type { Cell, ColumnType } from '../../preload/contract/types';
import { convert, inferType } from '../ml/infer';
import type { RecipeApplyJobSpec, RecipePreviewJobSpec } from '../protocol';
import { BatchInserter } from '../runtime/batch-insert';
import { yieldToEvents, type JobContext } from '../runtime/context';
import { openDatabase } from '../project/open';
import type { StoredTable } from '../ingest/stages';
import { recordApplication, saveRecipeVersion } from '../ingest/recipe/recipes-db';
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

interface DatasetMeta {
  readonly tableName: string;
  readonly source: string;
  readonly rowCount: number;
  readonly names: string[];
  readonly types: ColumnType[];
}

function datasetMeta(db: Database.Database, datasetId: number): DatasetMeta {
  const ds = db.prepare("SELECT table_name, source, row_count FROM datasets WHERE id = ? AND status = 'ready'").get(datasetId) as
    | { table_name: string; source: string; row_count: number }
    | undefined;
  if (!ds) throw new AssayError('NOT_FOUND', `Dataset ${datasetId} does not exist in this project.`);
  const cols = db.prepare('SELECT name, type FROM dataset_columns WHERE dataset_id = ? ORDER BY position').all(datasetId) as { name: string; type: ColumnType }[];
  return { tableName: ds.table_name, source: ds.source, rowCount: ds.row_count, names: cols.map((c) => c.name), types: cols.map((c) => c.type) };
}

function scratchTable(width: number): { db: Database.Database; insert: BatchInserter } {
  const db = openDatabase(':memory:');
  db.exec(`CREATE TABLE t (${Array.from({ length: width }, (_, i) => `c${i} ANY`).join(', ')}) STRICT`);
  return { db, insert: new BatchInserter(db, 't', null, width) };
}

export async function runRecipePreview(spec: RecipePreviewJobSpec, ctx: JobContext): Promise<RecipePreview> {
  const title = 'Previewing the recipe';
  let names: string[];
  let types: ColumnType[];
  let rowsTotal: number;
  let scratch: ReturnType<typeof scratchTable>;
  if (spec.source.kind === 'dataset') {
    const project = openDatabase(spec.source.projectPath, { readonly: true, fileMustExist: true });
    try {
      const meta = datasetMeta(project, spec.source.datasetId);
      ({ names, types } = meta);
      rowsTotal = meta.rowCount;
      scratch = scratchTable(names.length);
      const page = project.prepare(`SELECT rowid, * FROM ${meta.tableName} WHERE rowid > ? ORDER BY rowid LIMIT 5000`).raw(true);
      let last = 0;
      let copied = 0;
      while (copied < previewRowLimit) {
        const rows = page.all(last) as Cell[][];
        if (rows.length === 0) break;
        const s = scratch;
        s.db.transaction(() =>
          s.insert.run(() => {
            for (const r of rows.slice(0, previewRowLimit - copied)) {
              for (let i = 0; i < names.length; i++) s.insert.set(i, r[i + 1]);
              s.insert.commitRow();
            }
          }),
        ).immediate();
        copied += rows.length;
        last = rows[rows.length - 1][0] as number;
        ctx.progress({ kind: 'recipe', value: 0, title, detail: `copying ${Math.min(copied, previewRowLimit).toLocaleString('en-US')} rows` });
        await yieldToEvents();
        ctx.checkCancelled();
      }
    } finally {
      project.close();
    }
  } else {
    names = [...spec.source.columns];
    const rows = spec.source.rows;
    rowsTotal = rows.length;
    types = names.map((_, i) => inferType(rows.map((r) => r[i] ?? '')));
    scratch = scratchTable(names.length);
    const s = scratch;
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
    const table: StoredTable = { db: scratch.db, datasetId: 0, tableName: 't', names, types, rowsRemoved: 0 };
    const pass = new TablePass(table);
    const rowsScanned = Math.min(rowsTotal, previewRowLimit);
    const steps = await drive(pass.run(spec.recipe.steps), ctx, title, spec.recipe.steps.length);
    return { rowsTotal, rowsScanned, sampled: rowsScanned < rowsTotal, steps, rowsChanged: pass.changed.size, rowsDropped: pass.rowsDropped };
  } finally {
    scratch.db.close();
  }
}

export async function runRecipeApply(spec: RecipeApplyJobSpec, ctx: JobContext): Promise<RecipeOutcome> {
  const db = openDatabase(spec.projectPath, { fileMustExist: true });
  db.pragma('busy_timeout = 10000');
  db.pragma('foreign_keys = ON');
  try {
    const meta = datasetMeta(db, spec.datasetId);
    const recipe: Recipe = spec.recipe;
    db.exec('BEGIN IMMEDIATE');
    try {
      const table: StoredTable = { db, datasetId: spec.datasetId, tableName: meta.tableName, names: meta.names, types: meta.types, rowsRemoved: 0 };
      const pass = new TablePass(table);
      const steps = await drive(pass.run(recipe.steps), ctx, 'Applying the recipe', recipe.steps.length);
      ctx.checkCancelled();
      pass.finish();
      const setColumn = db.prepare(
        'INSERT INTO dataset_columns (dataset_id, position, name, type) VALUES (?, ?, ?, ?) ON CONFLICT (dataset_id, position) DO UPDATE SET name = excluded.name, type = excluded.type',
      );
      table.types.forEach((t, i) => setColumn.run(spec.datasetId, i, table.names[i], t));
      db.prepare('UPDATE datasets SET row_count = ? WHERE id = ?').run(meta.rowCount - table.rowsRemoved, spec.datasetId);
      // The profile described the data before cleansing.
      db.prepare('DELETE FROM profiles WHERE dataset_id = ?').run(spec.datasetId);
      const version = saveRecipeVersion(db, sourceKeyOf(meta.source), recipe);
      const outcome = recordApplication(db, spec.datasetId, version, 'manual', { rowsChanged: pass.changed.size, rowsDropped: pass.rowsDropped }, steps);
      db.exec('COMMIT');
      ctx.progress({ kind: 'recipe', value: 1, title: 'Applying the recipe', detail: 'done' }, true);
      return outcome;
    } catch (err) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw err;
    }
  } finally {
    db.close();
  }
}

/**
 * A recipe during an import. Steps run in order: the leading row-local ones (trim, case, map,
 * dates of a named format, units, constant and forward fill) rewrite each row as it streams in,
 * as a RowStage; from the first step that needs a whole column on (mean/median/mode, outliers,
 * duplicates, date-format detection), the rest run as one pass over the stored table inside the
 * import's last transaction — so the recipe's order is kept and nothing half-cleansed is seen.
 */
import { AssayError } from '../../../preload/contract/errors';
import { describeStep, needsWholeColumn, sourceKeyOf, type Recipe, type RecipeOutcome, type StepOutcome, type StoredRecipe } from '../../../preload/contract/recipe';
import type { Cell } from '../../../preload/contract/types';
import type { Db } from '../../project/open';
import { quarantinedLines } from '../../project/quarantine';
import type { RowIssue, RowOrigin, RowStage, StoredTable } from '../stages';
import { cellOps, RecipeColumnError, type CellOp } from './cell-ops';
import { latestRecipe, recordApplication, saveRecipeVersion } from '../../project/recipes';
import { kindOf, runToEnd, TablePass } from './table-pass';

interface StepTally {
  rowsChanged: number;
  cellsChanged: number;
  examples: StepOutcome['examples'][number][];
}

export class RecipeStage implements RowStage {
  readonly name = 'recipe';
  private readonly rowSteps: Recipe['steps'];
  private readonly tableSteps: Recipe['steps'];
  private ops: CellOp[][] | null = null;
  private readonly tallies: StepTally[];
  /** Record numbers of rows the row-local steps changed, to count distinct rows with the table pass. */
  private changedRecords = new Int32Array(1024);
  private changedCount = 0;
  private result: RecipeOutcome | null = null;
  /** Kinds of values written per column (see kindOf), to widen the column types at the end. */
  private readonly written = new Map<number, number>();

  constructor(
    private readonly stored: StoredRecipe,
    private readonly names: () => readonly string[],
  ) {
    const steps = stored.recipe.steps;
    const cut = steps.findIndex(needsWholeColumn);
    this.rowSteps = cut < 0 ? steps : steps.slice(0, cut);
    this.tableSteps = cut < 0 ? [] : steps.slice(cut);
    this.tallies = this.rowSteps.map(() => ({ rowsChanged: 0, cellsChanged: 0, examples: [] }));
  }

  get outcome(): RecipeOutcome | null {
    return this.result;
  }

  private resolve(): CellOp[][] {
    const cols = { names: this.names() };
    return this.rowSteps.map((step, i) => {
      try {
        return cellOps(step, cols);
      } catch (err) {
        const what = err instanceof RecipeColumnError ? err.message : err instanceof Error ? err.message : String(err);
        throw new AssayError(
          'BAD_INPUT',
          `Recipe ${this.stored.sourceKey} v${this.stored.version}, step ${i + 1} (${describeStep(step)}): ${what}. Edit the recipe, or import with an empty one; nothing was imported.`,
        );
      }
    });
  }

  process(row: Cell[], origin: RowOrigin): readonly RowIssue[] {
    const ops = (this.ops ??= this.resolve());
    let rowChanged = false;
    for (let s = 0; s < ops.length; s++) {
      let stepChanged = false;
      const t = this.tallies[s];
      for (const op of ops[s]) {
        const before = row[op.column];
        const after = op.apply(before);
        if (after === before) continue;
        row[op.column] = after;
        this.written.set(op.column, (this.written.get(op.column) ?? 0) | kindOf(after));
        t.cellsChanged++;
        stepChanged = true;
        if (t.examples.length < 5) t.examples.push({ row: origin.recordNo, column: this.names()[op.column], before, after });
      }
      if (stepChanged) {
        t.rowsChanged++;
        rowChanged = true;
      }
    }
    if (rowChanged) this.remember(origin.recordNo);
    return [];
  }

  private remember(recordNo: number): void {
    if (this.changedCount === this.changedRecords.length) {
      const next = new Int32Array(this.changedRecords.length * 2);
      next.set(this.changedRecords);
      this.changedRecords = next;
    }
    this.changedRecords[this.changedCount++] = recordNo;
  }

  finishTable(table: StoredTable): void {
    const pass = new TablePass(table);
    // Stored rows are numbered 1… in record order, skipping the records that went to quarantine.
    const quarantined = quarantinedLines(table.db, table.datasetId);
    let q = 0;
    for (let i = 0; i < this.changedCount; i++) {
      const recordNo = this.changedRecords[i];
      while (q < quarantined.length && quarantined[q] < recordNo) q++;
      if (quarantined[q] === recordNo) continue;
      pass.markChanged(recordNo - q);
    }
    for (const [c, kinds] of this.written) pass.noteWritten(c, kinds);
    this.rowSteps.forEach((step, i) => {
      if (step.kind !== 'map') return;
      const outputs = Object.values(step.mapping).filter((v) => v !== null);
      this.ops?.[i].forEach((op) => pass.touch(op.column, outputs.length > 0 && outputs.every((v) => typeof v === 'boolean')));
    });
    this.rowSteps.forEach((step, i) => {
      if (step.kind === 'unit' && step.rename) {
        const c = this.ops?.[i][0]?.column;
        if (c !== undefined && !table.names.includes(step.rename)) table.names[c] = step.rename;
      }
    });
    const tableOutcomes = runToEnd(pass.run(this.tableSteps, this.rowSteps.length));
    pass.finish();
    const rowOutcomes: StepOutcome[] = this.rowSteps.map((step, i) => ({
      index: i,
      kind: step.kind,
      label: describeStep(step),
      rowsChanged: this.tallies[i].rowsChanged,
      cellsChanged: this.tallies[i].cellsChanged,
      rowsDropped: 0,
      rowsFlagged: 0,
      skipped: (this.ops?.[i] ?? []).reduce((s, o) => s + o.skipped, 0),
      stats: (step.kind === 'unit' ? { unit: step.to } : {}) as Record<string, string>,
      notes: [],
      examples: this.tallies[i].examples,
    }));
    // The version is saved only now, in the import's last transaction: a cancelled import leaves no trace.
    const version = this.stored.id > 0 ? this.stored : saveRecipeVersion(table.db, this.stored.sourceKey, this.stored.recipe);
    this.result = recordApplication(table.db, table.datasetId, version, 'import', { rowsChanged: pass.changed.size, rowsDropped: pass.rowsDropped }, [
      ...rowOutcomes,
      ...tableOutcomes,
    ]);
  }

  summary(): Readonly<Record<string, number>> {
    const r = this.result;
    return r ? { version: r.version, rowsChanged: r.rowsChanged, rowsDropped: r.rowsDropped, cellsChanged: r.cellsChanged } : {};
  }
}

/**
 * The recipe for an import: the one given (saved as the source's next version when it differs
 * from the latest), else the latest stored for the same source, else none.
 */
export function recipeStageFor(db: Db, given: Recipe | undefined, fileName: string, names: () => readonly string[]): RecipeStage | null {
  const sourceKey = sourceKeyOf(fileName);
  const latest = latestRecipe(db, sourceKey);
  if (given) {
    if (given.steps.length === 0 && !latest) return null;
    const same = latest && JSON.stringify(latest.recipe) === JSON.stringify(given);
    // id 0: not saved yet; saved in the last transaction (see finishTable).
    return new RecipeStage(same ? latest : { id: 0, sourceKey, version: 0, recipe: given, createdAt: '' }, names);
  }
  if (!latest || latest.recipe.steps.length === 0) return null;
  return new RecipeStage(latest, names);
}

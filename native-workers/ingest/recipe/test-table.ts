import type { RecipeStep, StepOutcome } from '../../../preload/contract/recipe';
import type { Cell, ColumnType } from '../../../preload/contract/types';
import { convert, inferType } from '../../ml/infer';
import { openScratchTable, scratchTable } from '../../project/dataset-tables';
import { tableCells } from '../../project/inspect';
import { rowInserter } from '../../project/rows';
import type { StoredTable } from '../stages';
import { runToEnd, TablePass, type PassOptions } from './table-pass';

/** Test support: a dataset table in memory, typed the way an import types it. */
export function table(names: string[], raw: string[][], types?: ColumnType[]): StoredTable {
  const db = openScratchTable(names.length);
  const t = types ?? names.map((_, i) => inferType(raw.map((r) => r[i])));
  const ins = rowInserter(db, scratchTable, null, names.length);
  db.transaction(() => {
    for (const r of raw) ins.one(r.map((v, i) => convert(v, t[i]).value));
  }).immediate();
  return { db, datasetId: 0, tableName: scratchTable, names: [...names], types: t, rowsRemoved: 0 };
}

/** A stored column's cells in row order. */
export function column(t: StoredTable, name: string): Cell[] {
  const c = t.names.indexOf(name);
  return (tableCells(t.db, t.tableName, { columns: [`c${c}`] }) as Cell[][]).map((r) => r[0]);
}

/** Runs steps to the end and finishes the pass. */
export function run(t: StoredTable, steps: RecipeStep[], opts?: PassOptions): { out: StepOutcome[]; pass: TablePass } {
  const pass = new TablePass(t, opts);
  const out = runToEnd(pass.run(steps));
  pass.finish();
  return { out, pass };
}

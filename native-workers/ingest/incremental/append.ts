import { AssayError } from '../../../preload/contract/errors';
import { describeDifference, type AppendSpec, type SchemaDifference } from '../../../preload/contract/lineage';
import type { ColumnType } from '../../../preload/contract/types';
import { convert, widen } from '../../ml/infer';
import { adjustCounts, datasetColumns, datasetTable, findReadyDataset, insertColumns, removeStagingDataset } from '../../project/datasets';
import { appendRowsFrom } from '../../project/rows';
import { addNullColumn, columnAppender, storedRows } from '../../project/columns/append';
import { chunkRowCount, datasetStorage } from '../../project/columns/chunk-store';
import { convertToColumns } from '../../project/columns/convert';
import type { RowSink } from '../../runtime/row-batch';
import { addRowColumn } from '../../project/dataset-tables';
import { addLineage } from '../../project/lineage';
import type { Db } from '../../project/open';
import { moveQuarantine } from '../../project/quarantine';
import { BatchInserter } from '../../project/batch-insert';

export interface ColumnDef {
  readonly name: string;
  readonly type: ColumnType;
}

/** The columns of a ready dataset, in order; a missing or unfinished dataset is an error. */
export function targetSchema(db: Db, datasetId: number): { name: string; table: string; columns: ColumnDef[] } {
  const ds = findReadyDataset(db, datasetId);
  if (!ds) throw new AssayError('NOT_FOUND', `Dataset ${datasetId} to append to does not exist (any more); pick another or import as a new dataset.`);
  const columns = datasetColumns(db, datasetId).map((c) => ({ name: c.name, type: c.type }));
  return { name: ds.name, table: ds.table, columns };
}

/**
 * How a file's columns differ from its dataset's. Names match case-insensitively; a file
 * type that the dataset's type already holds (integer into number, anything into text) is
 * no difference.
 */
export function compareSchemas(dataset: readonly ColumnDef[], file: readonly ColumnDef[]): SchemaDifference[] {
  const byName = new Map(dataset.map((c) => [c.name.toLowerCase(), c]));
  const inFile = new Set(file.map((c) => c.name.toLowerCase()));
  const out: SchemaDifference[] = [];
  for (const f of file) {
    const d = byName.get(f.name.toLowerCase());
    if (!d) out.push({ kind: 'new-column', column: f.name, type: f.type });
    else if (widen(d.type, f.type) !== d.type) out.push({ kind: 'type-changed', column: d.name, datasetType: d.type, fileType: f.type });
  }
  for (const d of dataset) if (!inFile.has(d.name.toLowerCase())) out.push({ kind: 'missing-column', column: d.name, type: d.type });
  return out;
}

/** Fails with every difference the spec does not allow, named, and what the user can do. */
export function assertAllowed(differences: readonly SchemaDifference[], spec: AppendSpec, datasetName: string, fileName: string): void {
  const refused = differences.filter((d) => (d.kind === 'type-changed' ? !spec.castTypes : !spec.addColumns));
  if (refused.length === 0) return;
  throw new AssayError(
    'SCHEMA_MISMATCH',
    `${fileName} does not fit dataset "${datasetName}": ${refused.map(describeDifference).join('; ')}. ` +
      'Nothing was appended. Allow adding columns / casting types, or import it as a new dataset.',
    JSON.stringify(refused),
  );
}

export interface MergeOutcome {
  readonly rowsAppended: number;
  readonly quarantinedAppended: number;
  readonly castToNull: number;
  readonly columnsAdded: readonly string[];
}

/**
 * Moves an import's rows from its staging dataset into the target, in one transaction with
 * everything else the append changes (new columns, quarantine rows, counts, lineage), then
 * removes the staging dataset. Until this commits the target is exactly as it was.
 */
export function mergeStaging(
  db: Db,
  stagingId: number,
  targetId: number,
  staged: readonly ColumnDef[],
  spec: AppendSpec,
  fileName: string,
  lineage: (differences: readonly SchemaDifference[], outcome: MergeOutcome) => Readonly<Record<string, unknown>>,
): MergeOutcome {
  return db.transaction((): MergeOutcome => {
    // Checked again inside the transaction: the dataset may have changed since the import began.
    const target = targetSchema(db, targetId);
    const differences = compareSchemas(target.columns, staged);
    assertAllowed(differences, spec, target.name, fileName);
    // Either side in chunks: the target is (or becomes, in this transaction) columnar.
    const columnar = datasetStorage(db, targetId) === 'columns' || datasetStorage(db, stagingId) === 'columns';
    if (columnar) convertToColumns(db, targetId, target.columns.length);
    const targetRows = columnar ? chunkRowCount(db, targetId) : 0;
    const columns = [...target.columns];
    const columnsAdded: string[] = [];
    for (const d of differences) {
      if (d.kind !== 'new-column') continue;
      const added = { name: d.column, type: d.type as ColumnType };
      if (columnar) addNullColumn(db, targetId, columns.length, targetRows);
      else addRowColumn(db, target.table, columns.length);
      insertColumns(db, targetId, [added], columns.length);
      columns.push(added);
      columnsAdded.push(d.column);
    }
    // For each target column: which staged column feeds it (or none → null), and whether to cast.
    const stagedIndex = new Map(staged.map((c, i) => [c.name.toLowerCase(), i]));
    const feeds = columns.map((c) => stagedIndex.get(c.name.toLowerCase()) ?? -1);
    const casts = columns.map((c, i) => feeds[i] >= 0 && widen(c.type, staged[feeds[i]].type) !== c.type);
    let castToNull = 0;
    let rowsAppended = 0;
    if (!columnar && !casts.some(Boolean)) rowsAppended = appendRowsFrom(db, target.table, datasetTable(stagingId), feeds);
    else {
      const chunks = columnar ? columnAppender(db, targetId, columns.length) : null;
      const insert: RowSink = chunks ?? new BatchInserter(db, target.table, null, columns.length);
      insert.run(() => {
        // Paged: one connection cannot insert while a cursor of it is open.
        for (const page of storedRows(db, stagingId, staged.length)) {
          for (const r of page) {
            for (let i = 0; i < columns.length; i++) {
              const v = feeds[i] >= 0 ? (r[feeds[i]] ?? null) : null;
              if (!casts[i] || v === null) insert.set(i, v);
              else {
                const c = columns[i].type === 'text' ? { value: String(v), widen: null } : convert(String(v), columns[i].type);
                if (c.widen === null) insert.set(i, c.value);
                else {
                  insert.set(i, null);
                  castToNull++;
                }
              }
            }
            insert.commitRow();
            rowsAppended++;
          }
        }
      });
      chunks?.finish();
    }
    // Quarantined rows of the file join the dataset's quarantine, numbered after what it already holds.
    const quarantinedAppended = moveQuarantine(db, stagingId, targetId);
    adjustCounts(db, targetId, rowsAppended, quarantinedAppended);
    const outcome: MergeOutcome = { rowsAppended, quarantinedAppended, castToNull, columnsAdded };
    addLineage(db, targetId, 'append', lineage(differences, outcome));
    removeStagingDataset(db, stagingId);
    return outcome;
  }).immediate();
}

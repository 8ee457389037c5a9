/**
 * Folds a refresh into the dataset it refreshes. The refresh was written by a
 * DatasetWriter into a staging dataset of its own (so conversion and row
 * stages are the same as any import); here, inside the caller's last
 * transaction, its rows join the target: with a key column a row whose key is
 * already there replaces that row in place (rowids stay dense: the grid pages
 * by rowid), the others are appended. Quarantined rows and the lineage event
 * move to the target, and the staging dataset disappears.
 */
import { AssayError } from '../../preload/contract/errors';
import type { ColumnInfo } from '../../preload/contract/types';
import { widen } from '../ml/infer';
import { datasetColumns, datasetTable, dropProfile, recountDataset, removeStagingDataset, setColumnType } from '../project/datasets';
import { appendRowsFrom, castColumnToText, mergeRowsByKey } from '../project/rows';
import { castChunksToText, columnAppender, mergeColumnsByKey, storedRows } from '../project/columns/append';
import { datasetStorage } from '../project/columns/chunk-store';
import { convertToColumns } from '../project/columns/convert';
import { ensureKeyIndex } from '../project/dataset-tables';
import { moveLineage } from '../project/lineage';
import type { Db } from '../project/open';
import { moveQuarantine } from '../project/quarantine';

export interface MergeResult {
  readonly inserted: number;
  readonly updated: number;
}

type Col = Pick<ColumnInfo, 'name' | 'type'>;

export function mergeInto(db: Db, stagingId: number, targetId: number, key: string | undefined): MergeResult {
  const target = datasetColumns(db, targetId);
  const staged = datasetColumns(db, stagingId);
  const names = (c: Col[]): string => c.map((x) => x.name).join(', ');
  if (target.length !== staged.length || target.some((c, i) => c.name !== staged[i].name)) {
    throw new AssayError(
      'BAD_INPUT',
      `The source's columns changed (was: ${names(target)}; now: ${names(staged)}). A refresh cannot change columns: import the source again as a new dataset.`,
    );
  }
  // Either side in chunks: the target is (or becomes, in this transaction) columnar, and the staged rows are read from whichever storage holds them.
  const columnar = datasetStorage(db, targetId) === 'columns' || datasetStorage(db, stagingId) === 'columns';
  if (columnar) convertToColumns(db, targetId, target.length);
  const t = datasetTable(targetId);
  const s = datasetTable(stagingId);
  target.forEach((c, i) => {
    const next = widen(c.type, staged[i].type);
    if (next === c.type) return;
    // Earlier cells keep their value but take the column's new type, as a fresh import would have stored them.
    if (next === 'text') {
      if (columnar) castChunksToText(db, targetId, i);
      else castColumnToText(db, t, i);
    }
    setColumnType(db, targetId, i, next);
  });
  let inserted = 0;
  let updated = 0;
  const k = key === undefined ? -1 : target.findIndex((c) => c.name === key);
  if (key !== undefined && k < 0) throw new AssayError('BAD_INPUT', `The key column "${key}" is not a column of the dataset (${names(target)}).`);
  if (columnar && k < 0) {
    const writer = columnAppender(db, targetId, target.length);
    for (const page of storedRows(db, stagingId, target.length)) for (const r of page) writer.add(r);
    inserted = writer.finish();
  } else if (columnar) ({ updated, inserted } = mergeColumnsByKey(db, targetId, target.length, k, storedRows(db, stagingId, target.length)));
  else if (k < 0) inserted = appendRowsFrom(db, t, s, target.map((_, i) => i));
  else {
    ensureKeyIndex(db, t, k);
    ensureKeyIndex(db, s, k);
    // The last version of a key within the refresh wins.
    ({ updated, inserted } = mergeRowsByKey(db, t, s, target.length, k));
  }
  moveQuarantine(db, stagingId, targetId);
  moveLineage(db, stagingId, targetId);
  recountDataset(db, targetId);
  // The stored profile describes rows that changed.
  dropProfile(db, targetId);
  removeStagingDataset(db, stagingId);
  return { inserted, updated };
}

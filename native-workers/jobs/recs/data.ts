/** Reads a recommender run's interaction columns and its optional item metadata from the project. */
import { AssayError } from '../../../preload/contract/errors';
import type { ResolvedRecsTrainSpec } from '../../../preload/contract/recs';
import type { ColumnInfo, ColumnType } from '../../../preload/contract/types';
import type { InteractionColumns, ItemMetadata, MetadataColumn } from '../../ml/recs';
import { datasetColumns, requireReadyDataset } from '../../project/datasets';
import type { Db } from '../../project/open';
import { datasetColumnArrays } from '../../project/columns/dataset-rows';

function position(cols: readonly ColumnInfo[], name: string, what: string, dataset: string): number {
  const at = cols.findIndex((c) => c.name === name);
  if (at < 0) throw new AssayError('BAD_INPUT', `The ${what} column "${name}" is not in dataset "${dataset}"; it has: ${cols.map((c) => `"${c.name}"`).join(', ')}.`);
  return at;
}

export function loadInteractions(db: Db, spec: ResolvedRecsTrainSpec): { name: string; columns: InteractionColumns } {
  const ds = requireReadyDataset(db, spec.datasetId);
  const cols = datasetColumns(db, spec.datasetId);
  const wanted = [
    position(cols, spec.userColumn, 'user', ds.name),
    position(cols, spec.itemColumn, 'item', ds.name),
    ...(spec.weightColumn !== undefined ? [position(cols, spec.weightColumn, 'weight', ds.name)] : []),
    ...(spec.timeColumn !== undefined ? [position(cols, spec.timeColumn, 'time', ds.name)] : []),
  ];
  const values = datasetColumnArrays(db, ds, wanted);
  let next = 2;
  return {
    name: ds.name,
    columns: {
      users: values[0]!,
      items: values[1]!,
      ...(spec.weightColumn !== undefined ? { weights: values[next++]! } : {}),
      ...(spec.timeColumn !== undefined ? { times: values[next++]! } : {}),
    },
  };
}

/** What a metadata column contributes: categories and booleans as values, text as words, numbers as size buckets; ids and dates nothing. */
function metadataKind(type: ColumnType): MetadataColumn['kind'] | null {
  if (type === 'categorical' || type === 'boolean') return 'categorical';
  if (type === 'text') return 'text';
  if (type === 'integer' || type === 'number') return 'numeric';
  return null;
}

export function loadItemMetadata(db: Db, items: { readonly datasetId: number; readonly keyColumn: string }): ItemMetadata {
  const ds = requireReadyDataset(db, items.datasetId);
  const cols = datasetColumns(db, items.datasetId);
  const key = position(cols, items.keyColumn, 'item key', ds.name);
  const used = cols.map((c, at) => ({ c, at, kind: metadataKind(c.type) })).filter((x) => x.at !== key && x.kind !== null);
  if (used.length === 0) throw new AssayError('BAD_INPUT', `Dataset "${ds.name}" has no categorical, text or numeric column besides its key "${items.keyColumn}" to describe items by.`);
  const values = datasetColumnArrays(db, ds, [key, ...used.map((x) => x.at)]);
  return { keys: values[0]!, columns: used.map((x, j) => ({ name: x.c.name, kind: x.kind!, values: values[j + 1]! })) };
}

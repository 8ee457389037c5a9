import { AssayError } from '../../../preload/contract/errors';
import { listDatasets, requireReadyDataset } from '../../project/datasets';
import { datasetColumnValues } from '../../project/dataset-pages';
import type { Db } from '../../project/open';
import { keyOf, type LookupLoader } from './stage';

/**
 * Loads another dataset's column as a set of text keys, once per (dataset, column): the
 * cross-dataset `exists` rule then costs one hash look-up per row.
 */
export function projectLookup(db: Db): LookupLoader {
  const cache = new Map<string, ReadonlySet<string>>();
  return (dataset, column) => {
    const key = JSON.stringify([dataset, column]);
    const hit = cache.get(key);
    if (hit) return hit;
    // Once per (dataset, column): the list of ready datasets costs nothing next to reading the column.
    const ready = listDatasets(db);
    const ds = ready.find((d) => d.name === dataset);
    if (!ds) {
      throw new AssayError(
        'BAD_INPUT',
        `Rules: dataset ${JSON.stringify(dataset)} (for an exists rule) is not in this project; datasets are: ${ready.map((d) => d.name).join(', ') || 'none'}.`,
      );
    }
    const position = ds.columns.findIndex((c) => c.name === column);
    if (position < 0) throw new AssayError('BAD_INPUT', `Rules: dataset ${JSON.stringify(dataset)} has no column ${JSON.stringify(column)} (for an exists rule).`);
    const values = new Set<string>();
    for (const v of datasetColumnValues(db, requireReadyDataset(db, ds.id), position)) {
      if (v !== null) values.add(keyOf(v));
    }
    cache.set(key, values);
    return values;
  };
}

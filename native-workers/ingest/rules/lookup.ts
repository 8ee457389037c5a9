import type Database from 'better-sqlite3';
import { AssayError } from '../../../preload/contract/errors';
import type { Cell } from '../../../preload/contract/types';
import { keyOf, type LookupLoader } from './stage';

/**
 * Loads another dataset's column as a set of text keys, once per (dataset, column): the
 * cross-dataset `exists` rule then costs one hash look-up per row.
 */
export function projectLookup(db: Database.Database): LookupLoader {
  const cache = new Map<string, ReadonlySet<string>>();
  return (dataset, column) => {
    const key = JSON.stringify([dataset, column]);
    const hit = cache.get(key);
    if (hit) return hit;
    const ds = db.prepare("SELECT id, table_name FROM datasets WHERE name = ? AND status = 'ready'").get(dataset) as
      | { id: number; table_name: string }
      | undefined;
    if (!ds) {
      const names = (db.prepare("SELECT name FROM datasets WHERE status = 'ready' ORDER BY id").all() as { name: string }[]).map((r) => r.name);
      throw new AssayError('BAD_INPUT', `Rules: dataset ${JSON.stringify(dataset)} (for an exists rule) is not in this project; datasets are: ${names.join(', ') || 'none'}.`);
    }
    const col = db.prepare('SELECT position FROM dataset_columns WHERE dataset_id = ? AND name = ?').get(ds.id, column) as { position: number } | undefined;
    if (!col) throw new AssayError('BAD_INPUT', `Rules: dataset ${JSON.stringify(dataset)} has no column ${JSON.stringify(column)} (for an exists rule).`);
    const values = new Set<string>();
    for (const [v] of db.prepare(`SELECT c${col.position} FROM ${ds.table_name}`).raw(true).iterate() as IterableIterator<[Cell]>) {
      if (v !== null) values.add(keyOf(v));
    }
    cache.set(key, values);
    return values;
  };
}

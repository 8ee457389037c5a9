/**
 * Folds a refresh into the dataset it refreshes. The refresh was written by a
 * DatasetWriter into a staging dataset of its own (so conversion and row
 * stages are the same as any import); here, inside the caller's last
 * transaction, its rows join the target: with a key column a row whose key is
 * already there replaces that row in place (rowids stay dense: the grid pages
 * by rowid), the others are appended. Quarantined rows and the lineage event
 * move to the target, and the staging dataset disappears.
 */
import type Database from 'better-sqlite3';
import { AssayError } from '../../preload/contract/errors';
import type { ColumnType } from '../../preload/contract/types';
import { widen } from '../ml/infer';

export interface MergeResult {
  readonly inserted: number;
  readonly updated: number;
}

interface Col {
  name: string;
  type: ColumnType;
}

function columns(db: Database.Database, datasetId: number): Col[] {
  return db.prepare('SELECT name, type FROM dataset_columns WHERE dataset_id = ? ORDER BY position').all(datasetId) as Col[];
}

export function mergeInto(db: Database.Database, stagingId: number, targetId: number, key: string | undefined): MergeResult {
  const target = columns(db, targetId);
  const staged = columns(db, stagingId);
  const names = (c: Col[]): string => c.map((x) => x.name).join(', ');
  if (target.length !== staged.length || target.some((c, i) => c.name !== staged[i].name)) {
    throw new AssayError(
      'BAD_INPUT',
      `The source's columns changed (was: ${names(target)}; now: ${names(staged)}). A refresh cannot change columns: import the source again as a new dataset.`,
    );
  }
  const t = `ds_${targetId}`;
  const s = `ds_${stagingId}`;
  const cols = target.map((_, i) => `c${i}`);
  const setType = db.prepare('UPDATE dataset_columns SET type = ? WHERE dataset_id = ? AND position = ?');
  target.forEach((c, i) => {
    const next = widen(c.type, staged[i].type);
    if (next === c.type) return;
    // Earlier cells keep their value but take the column's new type, as a fresh import would have stored them.
    if (next === 'text') db.exec(`UPDATE ${t} SET c${i} = CAST(c${i} AS TEXT) WHERE typeof(c${i}) IN ('integer', 'real')`);
    setType.run(next, targetId, i);
  });
  let inserted = 0;
  let updated = 0;
  if (key === undefined) {
    inserted = db.prepare(`INSERT INTO ${t} (${cols.join(', ')}) SELECT ${cols.join(', ')} FROM ${s} ORDER BY rowid`).run().changes;
  } else {
    const k = target.findIndex((c) => c.name === key);
    if (k < 0) throw new AssayError('BAD_INPUT', `The key column "${key}" is not a column of the dataset (${names(target)}).`);
    const kc = `c${k}`;
    db.exec(`CREATE INDEX IF NOT EXISTS ${t}_key ON ${t} (${kc})`);
    db.exec(`CREATE INDEX IF NOT EXISTS ${s}_key ON ${s} (${kc})`);
    // The last version of a key within the refresh wins.
    updated = db
      .prepare(
        `UPDATE ${t} SET (${cols.join(', ')}) = (SELECT ${cols.map((c) => `x.${c}`).join(', ')} FROM ${s} x WHERE x.${kc} = ${t}.${kc} ORDER BY x.rowid DESC LIMIT 1)
          WHERE ${kc} IN (SELECT ${kc} FROM ${s} WHERE ${kc} IS NOT NULL)`,
      )
      .run().changes;
    inserted = db
      .prepare(
        `INSERT INTO ${t} (${cols.join(', ')}) SELECT ${cols.join(', ')} FROM ${s} x
          WHERE x.${kc} IS NULL
             OR (NOT EXISTS (SELECT 1 FROM ${t} y WHERE y.${kc} = x.${kc}) AND x.rowid = (SELECT max(z.rowid) FROM ${s} z WHERE z.${kc} = x.${kc}))
          ORDER BY x.rowid`,
      )
      .run().changes;
  }
  const q = (db.prepare('SELECT quarantined_count AS q FROM datasets WHERE id = ?').get(stagingId) as { q: number }).q;
  db.prepare('UPDATE quarantine SET dataset_id = ? WHERE dataset_id = ?').run(targetId, stagingId);
  db.prepare('UPDATE lineage SET dataset_id = ? WHERE dataset_id = ?').run(targetId, stagingId);
  db.prepare(`UPDATE datasets SET row_count = (SELECT count(*) FROM ${t}), quarantined_count = quarantined_count + ? WHERE id = ?`).run(q, targetId);
  // The stored profile describes rows that changed.
  db.prepare('DELETE FROM profiles WHERE dataset_id = ?').run(targetId);
  db.exec(`DROP TABLE ${s}`);
  db.prepare('DELETE FROM datasets WHERE id = ?').run(stagingId);
  return { inserted, updated };
}

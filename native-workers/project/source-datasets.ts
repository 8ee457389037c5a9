/**
 * What database and API imports do to a dataset's table beyond a
 * DatasetWriter's work: set a pull's rows aside and back for a resume, recount
 * it, index a refresh key, keep an unfinished pull for a later resume.
 */
import { datasetTable } from './datasets';
import type { Db } from './open';

function priorTable(datasetId: number): string {
  return `${datasetTable(datasetId)}_prior`;
}

/** Per column (c0 … c<count-1>), the storage classes its cells hold: 'integer', 'real', 'text', 'null', 'blob'. */
export function storedCellTypes(db: Db, datasetId: number, count: number): string[][] {
  const table = datasetTable(datasetId);
  return Array.from({ length: count }, (_, i) => (db.prepare(`SELECT DISTINCT typeof(c${i}) AS t FROM ${table}`).all() as { t: string }[]).map((r) => r.t));
}

/**
 * Moves an unfinished pull's rows aside (its table renamed) and forgets its
 * columns, the dataset importing again: a new writer then creates the table
 * afresh, and restoreSetAside copies the rows back first.
 */
export function setAsideForResume(db: Db, datasetId: number): void {
  db.transaction(() => {
    db.exec(`ALTER TABLE ${datasetTable(datasetId)} RENAME TO ${priorTable(datasetId)}`);
    db.prepare('DELETE FROM dataset_columns WHERE dataset_id = ?').run(datasetId);
    db.prepare("UPDATE datasets SET status = 'importing' WHERE id = ?").run(datasetId);
  }).immediate();
}

/** Copies the rows set aside back, in their order, into the table a writer began, and drops their table; returns how many. */
export function restoreSetAside(db: Db, datasetId: number): number {
  const table = datasetTable(datasetId);
  return db.transaction(() => {
    const n = db.prepare(`INSERT INTO ${table} SELECT * FROM ${priorTable(datasetId)} ORDER BY rowid`).run().changes;
    db.exec(`DROP TABLE ${priorTable(datasetId)}`);
    return n;
  }).immediate();
}

/** Sets a dataset's row and quarantine counts from what its tables hold (a resumed pull's writer counted only its own rows). */
export function recountDataset(db: Db, datasetId: number): void {
  db.prepare(
    `UPDATE datasets SET row_count = (SELECT count(*) FROM ${datasetTable(datasetId)}), quarantined_count = (SELECT count(*) FROM quarantine WHERE dataset_id = ?) WHERE id = ?`,
  ).run(datasetId, datasetId);
}

/** Indexes a dataset's key column (c<position>), so every refresh finds the rows it replaces at once. */
export function indexRefreshKey(db: Db, datasetId: number, position: number): void {
  const table = datasetTable(datasetId);
  db.exec(`CREATE INDEX IF NOT EXISTS ${table}_key ON ${table} (c${position})`);
}

/** Keeps an unfinished pull's dataset, invisible, for a resume: failed is neither listed nor cleaned up at open. */
export function markDatasetFailed(db: Db, datasetId: number): void {
  db.prepare("UPDATE datasets SET status = 'failed' WHERE id = ?").run(datasetId);
}

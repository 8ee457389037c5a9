import type { Db } from './open';

/**
 * Runs `work` in one IMMEDIATE transaction that may await in between (a job that reports progress
 * and honours cancel): better-sqlite3's db.transaction() takes only synchronous functions. Commits
 * when `work` resolves; rolls back when it throws (a cancel included) and rethrows. Nothing else
 * may use the connection meanwhile.
 */
export async function immediateAsync<T>(db: Db, work: () => Promise<T>): Promise<T> {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = await work();
    db.exec('COMMIT');
    return result;
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  }
}

import { connect, type Db } from './open';

/**
 * Opens a project for a writer that commits often (an image import, a
 * training run's embeddings, the prediction log): WAL with synchronous =
 * NORMAL, so a commit never waits on an fsync. A crash can lose the last
 * commits, never corrupt the file.
 */
export function connectForBulkWrites(file: string): Db {
  const db = connect(file, false);
  db.pragma('synchronous = NORMAL');
  return db;
}

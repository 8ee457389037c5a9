import { busyTimeoutMs, connect, type Db } from './open';

/**
 * Opens the project for a job that commits often (a stream, a database, API or
 * image import, a training run's embeddings, the prediction log): connect()'s
 * settings, then synchronous = NORMAL, which in WAL mode cannot corrupt the
 * file (at worst the last commits vanish on power loss) and spares an fsync
 * per commit. A loop that must stay responsive (a live stream) passes a
 * shorter busy timeout and retries on its next tick.
 */
export function connectForBulkWrites(file: string, busyMs = busyTimeoutMs): Db {
  const db = connect(file, false);
  if (busyMs !== busyTimeoutMs) db.pragma(`busy_timeout = ${busyMs}`);
  db.pragma('synchronous = NORMAL');
  return db;
}

import type { Db } from './open';
import { discardDataset } from './datasets';
import { dropInterruptedSets } from './images';
import { markInterruptedRetrains } from './retrain';
import { markInterruptedRuns } from './train';

/**
 * After a crash (kill -9 of the host or a worker) an import can be left
 * 'importing', runs 'running' and their summaries with them. Nothing runs at
 * open time, so: partial imports and image sets are removed whole, and every
 * run is marked failed with its summary, never half-visible. The summaries go
 * first because each is found by its run still being 'running'; the runs table
 * is set last for the kinds that keep no summary.
 */
export function recoverInterrupted(db: Db): void {
  const stale = db.prepare("SELECT id FROM datasets WHERE status = 'importing'").all() as { id: number }[];
  const staleSets = Number((db.prepare("SELECT count(*) AS n FROM image_sets WHERE status != 'ready'").get() as { n: number }).n);
  db.transaction(() => {
    for (const ds of stale) discardDataset(db, ds.id);
    markInterruptedRuns(db);
    markInterruptedRetrains(db, new Date().toISOString());
    dropInterruptedSets(db);
    db.prepare("UPDATE runs SET status = 'failed', finished_at = ?, error = ? WHERE status IN ('queued', 'running')").run(
      new Date().toISOString(),
      JSON.stringify({ code: 'INTERNAL', message: 'Interrupted: Assay stopped while this job was running.' }),
    );
  }).immediate();
  // A partial import can be most of the file: give its pages back to the disk, not just to SQLite.
  if (stale.length > 0 || staleSets > 0) reclaimFreePages(db);
}

/** Free pages worth a VACUUM: at least this share of the file… */
const reclaimShare = 0.25;
/** …and at least this many bytes. */
const reclaimMinBytes = 4 * 1024 * 1024;

/**
 * Rewrites the file without its free pages (VACUUM, then a checkpoint so the file itself
 * shrinks) when they are a large share of it. Only at open, holding the project's lock: VACUUM
 * needs no other connection in a transaction, and no job runs yet.
 */
function reclaimFreePages(db: Db): boolean {
  const pageSize = Number(db.pragma('page_size', { simple: true }));
  const pages = Number(db.pragma('page_count', { simple: true }));
  const free = Number(db.pragma('freelist_count', { simple: true }));
  if (free * pageSize < reclaimMinBytes || free < pages * reclaimShare) return false;
  db.exec('VACUUM');
  db.pragma('wal_checkpoint(TRUNCATE)');
  return true;
}

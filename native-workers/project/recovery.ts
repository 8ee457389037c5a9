import type { Db } from './open';
import { discardDataset } from './datasets';
import { dropInterruptedSets } from './images';
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
  db.transaction(() => {
    for (const ds of stale) discardDataset(db, ds.id);
    markInterruptedRuns(db);
    dropInterruptedSets(db);
    db.prepare("UPDATE runs SET status = 'failed', finished_at = ?, error = ? WHERE status IN ('queued', 'running')").run(
      new Date().toISOString(),
      JSON.stringify({ code: 'INTERNAL', message: 'Interrupted: Assay stopped while this job was running.' }),
    );
  }).immediate();
}

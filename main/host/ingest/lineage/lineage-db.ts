import type { LineageEvent } from '../../../../preload/contract/lineage';
import { getDataset } from '../../project/datasets';
import type { Db } from '../../project/store';

/** A dataset's lineage, oldest first: its import, appends and every transformation since. */
export function listLineage(db: Db, datasetId: number): LineageEvent[] {
  getDataset(db, datasetId);
  const rows = db.prepare('SELECT id, dataset_id, event, detail, at FROM lineage WHERE dataset_id = ? ORDER BY id').all(datasetId) as {
    id: number;
    dataset_id: number;
    event: string;
    detail: string;
    at: string;
  }[];
  return rows.map((r) => {
    let detail: Record<string, unknown>;
    try {
      detail = JSON.parse(r.detail) as Record<string, unknown>;
    } catch {
      detail = { text: r.detail };
    }
    return { id: r.id, datasetId: r.dataset_id, event: r.event, at: r.at, detail };
  });
}

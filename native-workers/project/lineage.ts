import type { LineageEvent } from '../../preload/contract/lineage';
import { getDataset } from './datasets';
import type { Db } from './open';

/** Records one event in a dataset's lineage (import, append, rules, recipe, privacy…); `at` when it must match another record's time. */
export function addLineage(db: Db, datasetId: number, event: string, detail: unknown, at = new Date().toISOString()): void {
  db.prepare('INSERT INTO lineage (dataset_id, event, detail, at) VALUES (?, ?, ?, ?)').run(datasetId, event, JSON.stringify(detail), at);
}

/** Hands a staging dataset's lineage to the dataset it merges into. */
export function moveLineage(db: Db, fromId: number, toId: number): void {
  db.prepare('UPDATE lineage SET dataset_id = ? WHERE dataset_id = ?').run(toId, fromId);
}

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

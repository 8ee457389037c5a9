/** Events served recommenders received (migration 020), kept for the next retraining. */
import type { StoredEvent } from '../ml/recs/serving/endpoints';
import type { Db } from './open';

export interface RecsEventRow {
  readonly model: string;
  readonly version: number;
  readonly user: string;
  readonly item: string;
  readonly weight: number;
  readonly knownItem: boolean;
  readonly recommendationId: string | null;
  readonly source: string;
  readonly at: number;
}

/** One request's events as a served recommender received them. `source`: 'http', 'mqtt'. */
export interface RecsEventBatch {
  readonly model: string;
  readonly version: number;
  readonly events: readonly StoredEvent[];
  readonly source: string;
  readonly at: number;
}

/** A writer of many requests' events in one transaction (the serving log's thread batches them off the request path). */
export function recsEventInserter(db: Db): (batches: readonly RecsEventBatch[]) => number {
  const insert = db.prepare('INSERT INTO recs_events (model, version, user, item, weight, known_item, recommendation_id, source, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const all = db.transaction((batches: readonly RecsEventBatch[]) => {
    let n = 0;
    for (const b of batches) {
      for (const e of b.events) insert.run(b.model, b.version, e.user, e.item, e.weight ?? 1, e.knownItem ? 1 : 0, e.recommendationId ?? null, b.source, b.at);
      n += b.events.length;
    }
    return n;
  });
  return (batches) => (batches.length ? all.immediate(batches) : 0);
}

/** The stored events of a model, oldest first. */
export function listRecsEvents(db: Db, model: string): RecsEventRow[] {
  const rows = db.prepare('SELECT model, version, user, item, weight, known_item, recommendation_id, source, at FROM recs_events WHERE model = ? ORDER BY id').all(model) as {
    model: string; version: number; user: string; item: string; weight: number; known_item: number; recommendation_id: string | null; source: string; at: number;
  }[];
  return rows.map((r) => ({ model: r.model, version: r.version, user: r.user, item: r.item, weight: r.weight, knownItem: r.known_item === 1, recommendationId: r.recommendation_id, source: r.source, at: r.at }));
}

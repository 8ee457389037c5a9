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

/** Stores one request's events in one transaction. `source`: 'http', 'mqtt'. */
export function recordRecsEvents(db: Db, served: { readonly model: string; readonly version: number }, events: readonly StoredEvent[], source: string, at: number): void {
  if (events.length === 0) return;
  const insert = db.prepare('INSERT INTO recs_events (model, version, user, item, weight, known_item, recommendation_id, source, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  db.transaction(() => {
    for (const e of events) insert.run(served.model, served.version, e.user, e.item, e.weight ?? 1, e.knownItem ? 1 : 0, e.recommendationId ?? null, source, at);
  }).immediate();
}

/** The stored events of a model, oldest first. */
export function listRecsEvents(db: Db, model: string): RecsEventRow[] {
  const rows = db.prepare('SELECT model, version, user, item, weight, known_item, recommendation_id, source, at FROM recs_events WHERE model = ? ORDER BY id').all(model) as {
    model: string; version: number; user: string; item: string; weight: number; known_item: number; recommendation_id: string | null; source: string; at: number;
  }[];
  return rows.map((r) => ({ model: r.model, version: r.version, user: r.user, item: r.item, weight: r.weight, knownItem: r.known_item === 1, recommendationId: r.recommendation_id, source: r.source, at: r.at }));
}

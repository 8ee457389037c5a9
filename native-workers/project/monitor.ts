/**
 * Monitoring's tables (migration 013): each model version's drift reference,
 * and the reads a check makes of the prediction log.
 */
import type { StoredReference } from '../ml/monitor/reference';
import type { Db } from './open';

export type ReferenceOrigin = 'registration' | 'first-use';

/** Stores (or replaces) a version's reference. */
export function saveReference(db: Db, name: string, version: number, origin: ReferenceOrigin, reference: StoredReference): void {
  db.transaction(() => {
    db.prepare('INSERT OR REPLACE INTO monitor_references (name, version, built_at, origin, reference) VALUES (?, ?, ?, ?, ?)').run(
      name,
      version,
      new Date().toISOString(),
      origin,
      JSON.stringify(reference),
    );
  }).immediate();
}

/** A version's stored reference, or null when none was built yet. */
export function loadReference(db: Db, name: string, version: number): { reference: StoredReference; origin: ReferenceOrigin; builtAt: string } | null {
  const row = db.prepare('SELECT reference, origin, built_at FROM monitor_references WHERE name = ? AND version = ?').get(name, version) as
    | { reference: string; origin: ReferenceOrigin; built_at: string }
    | undefined;
  return row ? { reference: JSON.parse(row.reference) as StoredReference, origin: row.origin, builtAt: row.built_at } : null;
}

/** One logged prediction as a check reads it: when (ms), the input row's JSON and the output's. */
export interface LoggedRow {
  readonly id: number;
  readonly at: number;
  readonly input: string;
  readonly output: string;
}

/**
 * A version's logged predictions in [sinceMs, untilMs), in time order, a page at a time (keyed by id, so the log may grow meanwhile).
 */
export function* loggedPredictions(db: Db, name: string, version: number, sinceMs: number, pageRows = 10_000, untilMs = Number.MAX_SAFE_INTEGER): Generator<LoggedRow[]> {
  const page = db.prepare('SELECT id, at, input, output FROM predictions WHERE name = ? AND version = ? AND at >= ? AND at < ? AND id > ? ORDER BY id LIMIT ?');
  let last = 0;
  for (;;) {
    const rows = page.all(name, version, sinceMs, untilMs, last, pageRows) as LoggedRow[];
    if (rows.length === 0) return;
    yield rows;
    last = rows[rows.length - 1].id;
    if (rows.length < pageRows) return;
  }
}

/** The newest version of model `name` with predictions logged in [startMs, endMs), or null when none was. */
export function newestLoggedVersion(db: Db, name: string, startMs: number, endMs: number): number | null {
  const v = db.prepare('SELECT max(version) FROM predictions WHERE name = ? AND at >= ? AND at < ?').pluck().get(name, startMs, endMs) as number | null;
  return v ?? null;
}

/**
 * Ground truth and operations history of served models (migration 014): true
 * labels joined to logged predictions by id, refused requests, a pulled log's
 * unreadable lines, and the reads that realized performance, operations and
 * data-quality windows are computed from (native-workers/ml/monitor-feedback/).
 */
import type { Db } from './open';

/** One true label for one logged prediction. */
export interface FeedbackItem {
  readonly id: string;
  /** A class label (text) or a regression target (number), as the client sent it. */
  readonly label: string | number | boolean;
}

/** What became of a batch of feedback: stored, already there (idempotent), or naming no logged prediction (nothing stored). */
export interface FeedbackOutcome {
  readonly stored: number;
  readonly duplicate: number;
  readonly unknown: number;
  /** The first unknown ids (at most 20), so the sender can see which. */
  readonly unknownIds: readonly string[];
}

const shownUnknown = 20;

/**
 * Stores labels for predictions logged under one of `names` (a server with a
 * canary of another model serves two), in one transaction. A label for an id
 * the log does not hold is counted and not stored; a second label for the
 * same prediction is a duplicate and changes nothing (the first counts).
 */
export function recordFeedback(db: Db, names: string | readonly string[], items: readonly FeedbackItem[], at: number, source: string): FeedbackOutcome {
  const models = typeof names === 'string' ? [names] : names;
  const known = db.prepare('SELECT 1 FROM predictions WHERE name = ? AND pid = ?').pluck();
  const insert = db.prepare('INSERT OR IGNORE INTO prediction_feedback (name, pid, label, at, source) VALUES (?, ?, ?, ?, ?)');
  return db
    .transaction(() => {
      let stored = 0;
      let duplicate = 0;
      const unknownIds: string[] = [];
      let unknown = 0;
      for (const it of items) {
        const name = models.find((m) => known.get(m, it.id) !== undefined);
        if (name === undefined) {
          unknown++;
          if (unknownIds.length < shownUnknown) unknownIds.push(it.id);
        } else if (insert.run(name, it.id, JSON.stringify(it.label), at, source).changes === 1) stored++;
        else duplicate++;
      }
      return { stored, duplicate, unknown, unknownIds };
    })
    .immediate();
}

/** A logged prediction with its true label. */
export interface LabelledPrediction {
  readonly at: number;
  readonly version: number;
  readonly output: unknown;
  readonly label: string | number | boolean;
}

/** Every labelled prediction of a model (optionally one version) since `since` (ms), oldest first. */
export function labelledPredictions(db: Db, name: string, since = 0, version?: number): LabelledPrediction[] {
  const rows = db
    .prepare(
      `SELECT p.at, p.version, p.output, f.label FROM predictions p JOIN prediction_feedback f ON f.name = p.name AND f.pid = p.pid
       WHERE p.name = ? AND p.at >= ? AND (? IS NULL OR p.version = ?) ORDER BY p.at, p.id`,
    )
    .all(name, since, version ?? null, version ?? null) as { at: number; version: number; output: string; label: string }[];
  return rows.map((r) => ({ at: r.at, version: r.version, output: JSON.parse(r.output) as unknown, label: JSON.parse(r.label) as string | number | boolean }));
}

/** How many predictions of a model have a label, and how many are logged. */
export function feedbackCounts(db: Db, name: string): { predictions: number; labelled: number } {
  const predictions = db.prepare('SELECT count(*) FROM predictions WHERE name = ?').pluck().get(name) as number;
  const labelled = db.prepare('SELECT count(*) FROM prediction_feedback WHERE name = ?').pluck().get(name) as number;
  return { predictions, labelled };
}

/** One logged prediction as operations and data quality read it. */
export interface LoggedRequestRow {
  readonly at: number;
  readonly version: number;
  /** Null for rows logged before schema 14: each counts as its own request. */
  readonly requestId: string | null;
  readonly latencyMs: number;
  /** The logged input row's JSON text (parsed only where data quality needs it). */
  readonly input: string;
}

/** The logged predictions of a model since `since` (ms), oldest first. */
export function loggedRequests(db: Db, name: string, since = 0): LoggedRequestRow[] {
  return db
    .prepare('SELECT at, version, request_id AS requestId, latency_ms AS latencyMs, input FROM predictions WHERE name = ? AND at >= ? ORDER BY at, id')
    .all(name, since) as LoggedRequestRow[];
}

/** A refused or failed request as operations read it. */
export interface RefusedRequestRow {
  readonly at: number;
  readonly version: number;
  readonly status: number;
  readonly reason: string;
  readonly rows: number;
  readonly latencyMs: number;
}

export function refusedRequests(db: Db, name: string, since = 0): RefusedRequestRow[] {
  return db.prepare('SELECT at, version, status, reason, rows, latency_ms AS latencyMs FROM serving_events WHERE name = ? AND at >= ? ORDER BY at, id').all(name, since) as RefusedRequestRow[];
}

/** A pulled log's line that could not be read. */
export interface LogReject {
  readonly file: string;
  readonly line: number;
  readonly text: string;
  readonly reason: string;
}

/** Keeps unreadable lines aside with their reason; a line kept before (same file and number) is not kept twice. Returns how many were new. */
export function keepLogRejects(db: Db, name: string, rejects: readonly LogReject[], at: string): number {
  const insert = db.prepare('INSERT OR IGNORE INTO log_rejects (name, file, line, text, reason, at) VALUES (?, ?, ?, ?, ?, ?)');
  return db
    .transaction(() => {
      let n = 0;
      // A line is kept to 4 KiB: the reason matters, not a megabyte of garbage.
      for (const r of rejects) n += insert.run(name, r.file, r.line, r.text.slice(0, 4096), r.reason, at).changes;
      return n;
    })
    .immediate();
}

export function logRejects(db: Db, name: string): LogReject[] {
  return db.prepare('SELECT file, line, text, reason FROM log_rejects WHERE name = ? ORDER BY file, line').all(name) as LogReject[];
}

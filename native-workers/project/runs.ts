import type { ErrorData } from '../../preload/contract/errors';
import type { JobStatus, RunKind, RunRecord } from '../../preload/contract/types';
import type { Db } from './open';

/** The `runs` table: every job the project saw, with its spec, status, timings and error. */
export function insertRun(db: Db, kind: RunKind, spec: unknown): number {
  const info = db
    .prepare("INSERT INTO runs (kind, spec, status, created_at) VALUES (?, ?, 'queued', ?)")
    .run(kind, JSON.stringify(spec), new Date().toISOString());
  return Number(info.lastInsertRowid);
}

/** Sets a run's status and, where given, its start, finish, error and result (fields left out keep their values). */
export function updateRun(
  db: Db,
  id: number,
  patch: { status: JobStatus; startedAt?: string | null; finishedAt?: string | null; error?: ErrorData | null; result?: unknown },
): void {
  db.prepare(
    `UPDATE runs SET status = ?, started_at = COALESCE(?, started_at), finished_at = COALESCE(?, finished_at),
       error = COALESCE(?, error), result = COALESCE(?, result) WHERE id = ?`,
  ).run(
    patch.status,
    patch.startedAt ?? null,
    patch.finishedAt ?? null,
    patch.error ? JSON.stringify(patch.error) : null,
    patch.result === undefined ? null : JSON.stringify(patch.result),
    id,
  );
}

/** The latest 500 runs of every kind, newest first. */
export function listRuns(db: Db): RunRecord[] {
  const rows = db.prepare('SELECT * FROM runs ORDER BY id DESC LIMIT 500').all() as {
    id: number;
    kind: RunKind;
    spec: string;
    status: JobStatus;
    created_at: string;
    started_at: string | null;
    finished_at: string | null;
    error: string | null;
  }[];
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    spec: r.spec,
    status: r.status,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    error: r.error,
  }));
}

/** A run's kind (run ids are unique across kinds, so the registry tells a tabular run from an image run by it), or undefined for no such run. */
export function runKind(db: Db, id: number): RunKind | undefined {
  return (db.prepare('SELECT kind FROM runs WHERE id = ?').get(id) as { kind: RunKind } | undefined)?.kind;
}

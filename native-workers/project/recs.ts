/** Recommender runs (#17): summaries by run, and the trained model as JSON plus one BLOB per typed array. */
import type { RecsRunSummary } from '../../preload/contract/recs';
import { arrayBytes, arrayFromBytes, dtypeOf, type ModelParts, type StoredArray } from '../ml/recs/serialize';
import type { Db } from './open';

/** Stores a finished run's summary and model in one transaction (a reader sees both or neither). */
export function saveRecsRun(db: Db, summary: RecsRunSummary, model: ModelParts): void {
  const insertArray = db.prepare('INSERT INTO recs_model_arrays (run_id, name, dtype, data) VALUES (?, ?, ?, ?)');
  db.transaction(() => {
    db.prepare('INSERT INTO recs_runs (run_id, dataset_id, model, summary, created_at) VALUES (?, ?, ?, ?, ?)').run(
      summary.runId,
      summary.spec.datasetId,
      summary.spec.model,
      JSON.stringify(summary),
      new Date().toISOString(),
    );
    db.prepare('INSERT INTO recs_models (run_id, meta) VALUES (?, ?)').run(summary.runId, JSON.stringify(model.meta));
    for (const [name, a] of model.arrays) insertArray.run(summary.runId, name, dtypeOf(a), arrayBytes(a));
  }).immediate();
}

export function getRecsSummary(db: Db, runId: number): RecsRunSummary | undefined {
  const row = db.prepare('SELECT summary FROM recs_runs WHERE run_id = ?').get(runId) as { summary: string } | undefined;
  return row ? (JSON.parse(row.summary) as RecsRunSummary) : undefined;
}

/** Newest first. */
export function listRecsRuns(db: Db): RecsRunSummary[] {
  const rows = db.prepare('SELECT summary FROM recs_runs ORDER BY run_id DESC').all() as { summary: string }[];
  return rows.map((r) => JSON.parse(r.summary) as RecsRunSummary);
}

/** The stored model's parts (ml/recs/serialize.ts `artifactFromParts` makes it whole), or undefined for no such run. */
export function readRecsModel(db: Db, runId: number): ModelParts | undefined {
  const row = db.prepare('SELECT meta FROM recs_models WHERE run_id = ?').get(runId) as { meta: string } | undefined;
  if (!row) return undefined;
  const arrays = new Map<string, StoredArray>();
  const rows = db.prepare('SELECT name, dtype, data FROM recs_model_arrays WHERE run_id = ?').all(runId) as { name: string; dtype: 'f64' | 'i32'; data: Uint8Array }[];
  for (const r of rows) arrays.set(r.name, arrayFromBytes(r.dtype, r.data));
  return { meta: JSON.parse(row.meta) as unknown, arrays };
}


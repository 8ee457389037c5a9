/**
 * Retraining deployed models (migration 023): each model's opt-ins, each
 * retrain's history, and the two reads a retrain needs of the prediction log:
 * the labelled predictions' inputs (to score champion and challenger on the
 * latest labelled window) and a dataset made of them (to train on).
 */
import type { RetrainComparison, RetrainRecord, RetrainSettings, RetrainStatus } from '../../preload/contract/retrain';
import type { ColumnType } from '../../preload/contract/types';
import { createRowTable } from './dataset-tables';
import { createImportingDataset, datasetTable, insertColumns, markReady } from './datasets';
import { setDatasetStorage } from './columns/chunk-store';
import { ColumnChunkWriter } from './columns/column-writer';
import { newDatasetStorage } from './columns/storage-choice';
import type { Db } from './open';

interface RetrainRow {
  id: number;
  name: string;
  champion: number;
  source: string;
  trigger: 'user' | 'alert';
  run_id: number | null;
  challenger: number | null;
  status: RetrainStatus;
  comparison: string | null;
  promoted: number;
  error: string | null;
  started_at: string;
  ended_at: string | null;
}

function record(r: RetrainRow): RetrainRecord {
  return {
    id: r.id,
    model: r.name,
    champion: r.champion,
    challenger: r.challenger,
    runId: r.run_id,
    source: r.source,
    trigger: r.trigger,
    status: r.status,
    comparison: r.comparison === null ? null : (JSON.parse(r.comparison) as RetrainComparison),
    promoted: r.promoted === 1,
    error: r.error,
    startedAt: r.started_at,
    endedAt: r.ended_at,
  };
}

export function createRetrain(db: Db, r: { name: string; champion: number; source: string; trigger: 'user' | 'alert'; runId: number | null }, now: string): RetrainRecord {
  const id = Number(
    db
      .prepare("INSERT INTO retrains (name, champion, source, trigger, run_id, status, started_at) VALUES (?, ?, ?, ?, ?, 'training', ?)")
      .run(r.name, r.champion, r.source, r.trigger, r.runId, now).lastInsertRowid,
  );
  return getRetrain(db, id);
}

export function getRetrain(db: Db, id: number): RetrainRecord {
  const row = db.prepare('SELECT * FROM retrains WHERE id = ?').get(id) as RetrainRow | undefined;
  if (!row) throw new RangeError(`No retrain #${id} in this project.`);
  return record(row);
}

/** A model's retrains, newest first. */
export function listRetrains(db: Db, name: string, limit = 50): RetrainRecord[] {
  return (db.prepare('SELECT * FROM retrains WHERE name = ? ORDER BY id DESC LIMIT ?').all(name, limit) as RetrainRow[]).map(record);
}

/** A retrain's end: its status, the challenger it registered and the comparison (or why it failed). */
export function finishRetrain(db: Db, id: number, end: { status: RetrainStatus; challenger?: number | null; comparison?: RetrainComparison | null; error?: string | null }, now: string): RetrainRecord {
  db.prepare('UPDATE retrains SET status = ?, challenger = ?, comparison = ?, error = ?, ended_at = ? WHERE id = ?').run(
    end.status,
    end.challenger ?? null,
    end.comparison ? JSON.stringify(end.comparison) : null,
    end.error ?? null,
    now,
    id,
  );
  return getRetrain(db, id);
}

export function markPromoted(db: Db, id: number): RetrainRecord {
  db.prepare('UPDATE retrains SET promoted = 1 WHERE id = ?').run(id);
  return getRetrain(db, id);
}

/** Retrains left 'training' by a session that ended (the app closed mid-run): their run was marked interrupted too. */
export function markInterruptedRetrains(db: Db, now: string): void {
  db.prepare("UPDATE retrains SET status = 'failed', error = 'The app closed while it was training; start the retrain again.', ended_at = ? WHERE status = 'training'").run(now);
}

export function retrainSettings(db: Db, name: string): RetrainSettings {
  const r = db.prepare('SELECT on_alert, auto_promote, metric, data FROM retrain_settings WHERE name = ?').get(name) as
    | { on_alert: number; auto_promote: number; metric: string | null; data: string | null }
    | undefined;
  return { model: name, onAlert: r?.on_alert === 1, autoPromote: r?.auto_promote === 1, metric: r?.metric ?? null, data: r?.data ?? null };
}

export function saveRetrainSettings(db: Db, s: RetrainSettings, now: string): RetrainSettings {
  db.prepare(
    `INSERT INTO retrain_settings (name, on_alert, auto_promote, metric, data, updated_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(name) DO UPDATE SET on_alert = excluded.on_alert, auto_promote = excluded.auto_promote, metric = excluded.metric, data = excluded.data, updated_at = excluded.updated_at`,
  ).run(s.model, s.onAlert ? 1 : 0, s.autoPromote ? 1 : 0, s.metric, s.data, now);
  return retrainSettings(db, s.model);
}

/** A logged prediction with its true label, and the input row it was made from (JSON text). */
export interface LabelledInput {
  readonly at: number;
  readonly input: string;
  readonly label: string | number | boolean;
}

/** Every labelled prediction of a model at or after `since` (ms), oldest first. */
export function labelledInputs(db: Db, name: string, since = 0): LabelledInput[] {
  const rows = db
    .prepare(
      `SELECT p.at, p.input, f.label FROM predictions p JOIN prediction_feedback f ON f.name = p.name AND f.pid = p.pid
       WHERE p.name = ? AND p.at >= ? ORDER BY p.at, p.id`,
    )
    .all(name, since) as { at: number; input: string; label: string }[];
  return rows.map((r) => ({ at: r.at, input: r.input, label: JSON.parse(r.label) as string | number | boolean }));
}

/** A cell of a dataset row (what a row table stores). */
type StoredCell = string | number | null;

/**
 * A new ready dataset of the labelled predictions: the model's input columns
 * (from each logged input) and the label under the target's name, in time
 * order, written in one transaction. Returns how many rows it holds.
 */
export function writeFeedbackDataset(
  db: Db,
  wantedName: string,
  source: string,
  columns: readonly { readonly name: string; readonly type: ColumnType }[],
  target: { readonly name: string; readonly type: ColumnType },
  rows: readonly LabelledInput[],
): { id: number; name: string; rows: number } {
  const made = createImportingDataset(db, wantedName, source);
  const all = [...columns, target];
  const cell = (v: unknown): StoredCell => (v === undefined || v === null ? null : typeof v === 'number' || typeof v === 'string' ? v : typeof v === 'boolean' ? String(v) : JSON.stringify(v));
  const values = (r: LabelledInput): StoredCell[] => {
    const input = JSON.parse(r.input) as Record<string, unknown>;
    return [...columns.map((c) => cell(input[c.name])), cell(r.label)];
  };
  // Stored as every new dataset is (storage-choice.ts): column chunks by default, a row table when overridden.
  const storage = newDatasetStorage();
  db.transaction(() => {
    insertColumns(db, made.id, all);
    if (storage === 'columns') {
      setDatasetStorage(db, made.id, 'columns');
      const writer = new ColumnChunkWriter(db, made.id, all.length);
      for (const r of rows) writer.add(values(r));
      writer.finish();
    } else {
      const table = datasetTable(made.id);
      createRowTable(db, table, all.length);
      const insert = db.prepare(`INSERT INTO ${table} (${all.map((_, i) => `c${i}`).join(', ')}) VALUES (${all.map(() => '?').join(', ')})`);
      for (const r of rows) insert.run(...values(r));
    }
    markReady(db, made.id, rows.length, 0);
  }).immediate();
  return { ...made, rows: rows.length };
}

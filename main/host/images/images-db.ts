/**
 * The host side of the image tables (migration 011): sets, image pages with
 * thumbnails, runs. Workers write images, embeddings, models and results.
 */
import { AssayError } from '../../../preload/contract/errors';
import type { ImagePage, ImageRecord, ImageRunSummary, ImageSetSummary, ResolvedImageTrainSpec } from '../../../preload/contract/images';
import { insertRun, updateRun } from '../../../native-workers/project/runs';
import type { Db } from '../../../native-workers/project/open';

export function createImageSet(db: Db, name: string, source: string, spec: unknown): number {
  const info = db
    .prepare("INSERT INTO image_sets (name, source, spec, classes, status, created_at) VALUES (?, ?, ?, '[]', 'importing', ?)")
    .run(name, source, JSON.stringify(spec), new Date().toISOString());
  return Number(info.lastInsertRowid);
}

export function discardImageSet(db: Db, setId: number): void {
  db.transaction(() => {
    db.prepare('DELETE FROM images WHERE set_id = ?').run(setId);
    db.prepare('DELETE FROM image_sets WHERE id = ?').run(setId);
  }).immediate();
}

/** Sets left 'importing' by a killed app are dropped on open, as half-imported datasets are. */
export function dropInterruptedSets(db: Db): void {
  const ids = db.prepare("SELECT id FROM image_sets WHERE status != 'ready'").all() as { id: number }[];
  for (const { id } of ids) discardImageSet(db, id);
  const runs = db.prepare('SELECT run_id, summary FROM image_runs').all() as { run_id: number; summary: string }[];
  for (const r of runs) {
    const s = JSON.parse(r.summary) as ImageRunSummary;
    if (s.status === 'running') finishImageRun(db, r.run_id, 'failed', 'Interrupted: the app stopped while this run was training.');
  }
}

interface SetRow {
  id: number;
  name: string;
  source: string;
  spec: string;
  classes: string;
  created_at: string;
}

function summaryOf(db: Db, set: SetRow): ImageSetSummary {
  const classes = JSON.parse(set.classes) as string[];
  const rows = db.prepare("SELECT label, split, COUNT(*) AS n FROM images WHERE set_id = ? AND status = 'ok' GROUP BY label, split").all(set.id) as {
    label: string;
    split: 'train' | 'validation' | 'test' | null;
    n: number;
  }[];
  const counts = classes.map((c) => rows.filter((r) => r.label === c).reduce((a, r) => a + r.n, 0));
  const splitCounts = { train: 0, validation: 0, test: 0 };
  for (const r of rows) if (r.split) splitCounts[r.split] += r.n;
  const issues = (db.prepare("SELECT COUNT(*) AS n FROM images WHERE set_id = ? AND status != 'ok'").get(set.id) as { n: number }).n;
  const spec = JSON.parse(set.spec) as { seed?: number };
  return { id: set.id, name: set.name, source: set.source, createdAt: set.created_at, classes, counts, splitCounts, usable: counts.reduce((a, b) => a + b, 0), issues, seed: spec.seed ?? 42 };
}

export function listImageSets(db: Db): ImageSetSummary[] {
  const sets = db.prepare("SELECT id, name, source, spec, classes, created_at FROM image_sets WHERE status = 'ready' ORDER BY id DESC").all() as SetRow[];
  return sets.map((s) => summaryOf(db, s));
}

export function getImageSet(db: Db, setId: number): ImageSetSummary {
  const set = db.prepare("SELECT id, name, source, spec, classes, created_at FROM image_sets WHERE id = ? AND status = 'ready'").get(setId) as SetRow | undefined;
  if (!set) throw new AssayError('NOT_FOUND', `Image set ${setId} does not exist in this project.`);
  return summaryOf(db, set);
}

export type ImageFilter = 'all' | 'issues' | { readonly label: string };

export function listImages(db: Db, setId: number, offset: number, limit: number, filter: ImageFilter = 'all'): ImagePage {
  getImageSet(db, setId);
  const where = filter === 'all' ? '' : filter === 'issues' ? " AND status != 'ok'" : " AND status = 'ok' AND label = ?";
  const args: (number | string)[] = typeof filter === 'object' ? [setId, filter.label] : [setId];
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM images WHERE set_id = ?${where}`).get(...args) as { n: number }).n;
  const rows = db
    .prepare(`SELECT id, path, label, sha256, width, height, status, issue, split, thumbnail FROM images WHERE set_id = ?${where} ORDER BY status != 'ok' DESC, label, id LIMIT ? OFFSET ?`)
    .all(...args, Math.min(500, Math.max(1, limit)), Math.max(0, offset)) as (ImageRecord & { thumbnail: Buffer | null })[];
  return { total, images: rows.map((r) => ({ ...r, thumbnail: r.thumbnail ? `data:image/png;base64,${r.thumbnail.toString('base64')}` : null })) };
}

export function thumbnails(db: Db, ids: readonly number[]): Record<number, string> {
  const get = db.prepare('SELECT thumbnail FROM images WHERE id = ?');
  const out: Record<number, string> = {};
  for (const id of ids.slice(0, 500)) {
    const row = get.get(id) as { thumbnail: Buffer | null } | undefined;
    if (row?.thumbnail) out[id] = `data:image/png;base64,${row.thumbnail.toString('base64')}`;
  }
  return out;
}

export function createImageRun(db: Db, spec: ResolvedImageTrainSpec, setName: string): number {
  return db.transaction(() => {
    const runId = insertRun(db, 'images-train', spec);
    const summary: ImageRunSummary = {
      runId,
      imageSetId: spec.imageSetId,
      imageSetName: setName,
      status: 'running',
      spec,
      backbone: null,
      classes: [],
      phases: [],
      notes: [],
      createdAt: new Date().toISOString(),
      seconds: null,
      error: null,
    };
    db.prepare('INSERT INTO image_runs (run_id, set_id, summary) VALUES (?, ?, ?)').run(runId, spec.imageSetId, JSON.stringify(summary));
    updateRun(db, runId, { status: 'running', startedAt: summary.createdAt });
    return runId;
  }).immediate();
}

export function getImageRun(db: Db, runId: number): ImageRunSummary {
  const row = db.prepare('SELECT summary FROM image_runs WHERE run_id = ?').get(runId) as { summary: string } | undefined;
  if (!row) throw new AssayError('NOT_FOUND', `Image training run ${runId} does not exist in this project.`);
  return JSON.parse(row.summary) as ImageRunSummary;
}

export function listImageRuns(db: Db): ImageRunSummary[] {
  return (db.prepare('SELECT summary FROM image_runs ORDER BY run_id DESC').all() as { summary: string }[]).map((r) => JSON.parse(r.summary) as ImageRunSummary);
}

export function finishImageRun(db: Db, runId: number, status: 'succeeded' | 'failed' | 'cancelled', error: string | null): ImageRunSummary {
  return db.transaction(() => {
    const s = getImageRun(db, runId);
    const finishedAt = new Date().toISOString();
    const done: ImageRunSummary = { ...s, status, error, seconds: (Date.parse(finishedAt) - Date.parse(s.createdAt)) / 1000 };
    db.prepare('UPDATE image_runs SET summary = ? WHERE run_id = ?').run(JSON.stringify(done), runId);
    // A run that does not succeed keeps no model.
    if (status !== 'succeeded') db.prepare('DELETE FROM image_models WHERE run_id = ?').run(runId);
    updateRun(db, runId, { status, finishedAt, ...(error ? { error: { code: status === 'cancelled' ? 'CANCELLED' : 'INTERNAL', message: error } } : {}) });
    return done;
  }).immediate();
}

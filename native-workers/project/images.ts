/**
 * The image tables (migration 010), for host and workers alike: sets and
 * their images (with thumbnails), image training runs and their stored
 * models. The host creates sets and runs and owns a run's status; the import
 * job fills a set, the training job a run's summary and models. Summaries are
 * built from the rows, never stored twice.
 */
import { AssayError } from '../../preload/contract/errors';
import type {
  BackboneInfo,
  BackboneRef,
  ImagePage,
  ImageRecord,
  ImageRunSummary,
  ImageSetSummary,
  ResolvedImageTrainSpec,
} from '../../preload/contract/images';
import type { HeadJson } from '../ml/images/head';
import type { Db } from './open';
import { insertRun, updateRun } from './runs';

/** Reserves an image set for an import; it stays invisible ('importing') until the import completes it. */
export function createImageSet(db: Db, name: string, source: string, spec: unknown): number {
  const info = db
    .prepare("INSERT INTO image_sets (name, source, spec, classes, status, created_at) VALUES (?, ?, ?, '[]', 'importing', ?)")
    .run(name, source, JSON.stringify(spec), new Date().toISOString());
  return Number(info.lastInsertRowid);
}

/** Removes a set and its images in one transaction. */
export function discardImageSet(db: Db, setId: number): void {
  db.transaction(() => {
    db.prepare('DELETE FROM images WHERE set_id = ?').run(setId);
    db.prepare('DELETE FROM image_sets WHERE id = ?').run(setId);
  }).immediate();
}

/** Sets left 'importing' by a killed app are dropped on open, as half-imported datasets are; runs left 'running' fail. */
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

const selectSet = 'SELECT id, name, source, spec, classes, created_at FROM image_sets';

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

function setNotFound(setId: number): AssayError {
  return new AssayError('NOT_FOUND', `Image set ${setId} does not exist in this project.`);
}

/** Ready sets, newest first: a set being imported is never half-visible. */
export function listImageSets(db: Db): ImageSetSummary[] {
  const sets = db.prepare(`${selectSet} WHERE status = 'ready' ORDER BY id DESC`).all() as SetRow[];
  return sets.map((s) => summaryOf(db, s));
}

/** A ready set's summary; NOT_FOUND for a set being imported or gone. */
export function getImageSet(db: Db, setId: number): ImageSetSummary {
  const set = db.prepare(`${selectSet} WHERE id = ? AND status = 'ready'`).get(setId) as SetRow | undefined;
  if (!set) throw setNotFound(setId);
  return summaryOf(db, set);
}

/** A set's summary whatever its status (the import job reads the set it is completing). */
export function readSetSummary(db: Db, setId: number): ImageSetSummary {
  const set = db.prepare(`${selectSet} WHERE id = ?`).get(setId) as SetRow | undefined;
  if (!set) throw setNotFound(setId);
  return summaryOf(db, set);
}

/** Which images of a set a page shows: all, those with an issue, or the usable ones of one class. */
export type ImageFilter = 'all' | 'issues' | { readonly label: string };

/** A page of a set's images, issues first, with their thumbnails as data URLs. */
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

/** Thumbnails (PNG data URLs) of up to 500 images by id; images without one are left out. */
export function thumbnails(db: Db, ids: readonly number[]): Record<number, string> {
  const get = db.prepare('SELECT thumbnail FROM images WHERE id = ?');
  const out: Record<number, string> = {};
  for (const id of ids.slice(0, 500)) {
    const row = get.get(id) as { thumbnail: Buffer | null } | undefined;
    if (row?.thumbnail) out[id] = `data:image/png;base64,${row.thumbnail.toString('base64')}`;
  }
  return out;
}

/** One imported file as the import job read it: usable or not, with the reason when not. */
export type ImportedImage = Omit<ImageRecord, 'id' | 'split'> & { readonly thumbnail: Buffer | null };

/** A writer of a batch of a set's imported images, in one transaction (the import flushes every 100). */
export function imageInserter(db: Db, setId: number): (rows: readonly ImportedImage[]) => void {
  const insert = db.prepare('INSERT INTO images (set_id, path, label, sha256, width, height, status, issue, thumbnail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const flush = db.transaction((rows: readonly ImportedImage[]) => {
    for (const r of rows) insert.run(setId, r.path, r.label, r.sha256, r.width, r.height, r.status, r.issue, r.thumbnail);
  });
  return (rows) => flush.immediate(rows);
}

/** A set's usable images (id and label) in id order: what the import splits. */
export function usableImageLabels(db: Db, setId: number): { id: number; label: string }[] {
  return db.prepare("SELECT id, label FROM images WHERE set_id = ? AND status = 'ok' ORDER BY id").all(setId) as { id: number; label: string }[];
}

/** Where a set's usable images were read from: training reads them again. */
export function imageSetPaths(db: Db, setId: number): string[] {
  return (db.prepare("SELECT path FROM images WHERE set_id = ? AND status = 'ok' ORDER BY id").all(setId) as { path: string }[]).map((r) => r.path);
}

/** Which part of a set a usable image is in: training, validation (early stopping) or the untouched test. */
export type ImageSplit = 'train' | 'validation' | 'test';

/**
 * Ends an import in one transaction: each usable image's split, the set's
 * classes and notes, and the set made 'ready' (visible).
 */
export function completeImageSet(
  db: Db,
  setId: number,
  images: readonly { readonly id: number }[],
  splits: readonly ImageSplit[],
  classes: readonly string[],
  notes: readonly string[],
): void {
  const setSplit = db.prepare('UPDATE images SET split = ? WHERE id = ?');
  db.transaction(() => {
    images.forEach((r, i) => setSplit.run(splits[i], r.id));
    db.prepare("UPDATE image_sets SET classes = ?, status = 'ready', spec = json_set(spec, '$.notes', json(?)) WHERE id = ?").run(
      JSON.stringify(classes),
      JSON.stringify(notes),
      setId,
    );
  }).immediate();
}

/** A usable image as training sees it: its class index and split. */
export interface TrainImage {
  readonly id: number;
  readonly path: string;
  readonly sha256: string;
  readonly label: number;
  readonly split: ImageSplit;
}

/** A set's usable, split images in id order, labels as indices into `classes`. */
export function readUsableImages(db: Db, setId: number, classes: readonly string[]): TrainImage[] {
  const index = new Map(classes.map((c, k) => [c, k]));
  const rows = db.prepare("SELECT id, path, sha256, label, split FROM images WHERE set_id = ? AND status = 'ok' AND split IS NOT NULL ORDER BY id").all(setId) as {
    id: number;
    path: string;
    sha256: string;
    label: string;
    split: TrainImage['split'];
  }[];
  return rows.map((r) => ({ id: r.id, path: r.path, sha256: r.sha256, label: index.get(r.label)!, split: r.split }));
}

/** Starts an image training run: its `runs` row and its summary, 'running' from now. */
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

/** An image run's summary; NOT_FOUND when there is none with that id. */
export function getImageRun(db: Db, runId: number): ImageRunSummary {
  const row = db.prepare('SELECT summary FROM image_runs WHERE run_id = ?').get(runId) as { summary: string } | undefined;
  if (!row) throw new AssayError('NOT_FOUND', `Image training run ${runId} does not exist in this project.`);
  return JSON.parse(row.summary) as ImageRunSummary;
}

/** Every image run, newest first. */
export function listImageRuns(db: Db): ImageRunSummary[] {
  return (db.prepare('SELECT summary FROM image_runs ORDER BY run_id DESC').all() as { summary: string }[]).map((r) => JSON.parse(r.summary) as ImageRunSummary);
}

/** Replaces a run's summary with what the training job has computed so far. */
export function writeImageRun(db: Db, summary: ImageRunSummary): void {
  db.prepare('UPDATE image_runs SET summary = ? WHERE run_id = ?').run(JSON.stringify(summary), summary.runId);
}

/** Ends a run with its status (the host owns it), in one transaction with its `runs` row. */
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

/** A trained image model: backbone, classes, head and, after phase 2, the fine-tuned network. */
export interface StoredImageModel {
  readonly backbone: BackboneInfo;
  readonly ref: BackboneRef;
  readonly classes: string[];
  readonly head: HeadJson;
  /** Phase 2: the fine-tuned backbone + head as TF.js artifacts (topology JSON, weight specs) and weights. */
  readonly modelJson: string | null;
  readonly weights: Buffer | null;
}

/** Stores (or replaces) a run's model of one phase. */
export function writeImageModel(db: Db, runId: number, phase: 1 | 2, m: StoredImageModel): void {
  db.prepare('INSERT OR REPLACE INTO image_models (run_id, phase, backbone, classes, head, model_json, weights) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    runId,
    phase,
    JSON.stringify({ info: m.backbone, ref: m.ref }),
    JSON.stringify(m.classes),
    JSON.stringify(m.head),
    m.modelJson,
    m.weights,
  );
}

/** An `image_models` row (or a registered version's copy of one, `image_model_versions`) as stored. */
export interface ImageModelRow {
  readonly phase: 1 | 2;
  readonly backbone: string;
  readonly classes: string;
  readonly head: string;
  readonly model_json: string | null;
  readonly weights: Uint8Array | null;
}

/** Parses a stored model row (here, or after it crossed to a serving thread). */
export function parseImageModelRow(row: ImageModelRow): StoredImageModel & { phase: 1 | 2 } {
  const b = JSON.parse(row.backbone) as { info: BackboneInfo; ref: BackboneRef };
  // A row that crossed to a worker thread arrives with its weights as a plain Uint8Array.
  const weights = row.weights === null ? null : Buffer.isBuffer(row.weights) ? row.weights : Buffer.from(row.weights.buffer, row.weights.byteOffset, row.weights.byteLength);
  return { phase: row.phase, backbone: b.info, ref: b.ref, classes: JSON.parse(row.classes) as string[], head: JSON.parse(row.head) as HeadJson, modelJson: row.model_json, weights };
}

/** A run's model of `phase`, or of its last phase when none is given; NOT_FOUND when the run stored none. */
export function readImageModel(db: Db, runId: number, phase?: 1 | 2): StoredImageModel & { phase: 1 | 2 } {
  const row = (
    phase
      ? db.prepare('SELECT * FROM image_models WHERE run_id = ? AND phase = ?').get(runId, phase)
      : db.prepare('SELECT * FROM image_models WHERE run_id = ? ORDER BY phase DESC LIMIT 1').get(runId)
  ) as ImageModelRow | undefined;
  if (!row) throw new AssayError('NOT_FOUND', `Run ${runId} has no trained image model${phase ? ` for phase ${phase}` : ''}. Did it finish?`);
  return parseImageModelRow(row);
}

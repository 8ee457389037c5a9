/**
 * The worker side of the image tables (migration 011). The host reads the same
 * rows through main/host/images/images-db.ts; summaries are built here and
 * there from the rows, never stored twice.
 */
import type { Db } from '../../project/open';
import { AssayError } from '../../../preload/contract/errors';
import type { BackboneInfo, BackboneRef, ImageRunSummary, ImageSetSummary } from '../../../preload/contract/images';
import type { HeadJson } from '../../ml/images/head';

export function readSetSummary(db: Db, setId: number): ImageSetSummary {
  const set = db.prepare('SELECT id, name, source, spec, classes, created_at FROM image_sets WHERE id = ?').get(setId) as
    | { id: number; name: string; source: string; spec: string; classes: string; created_at: string }
    | undefined;
  if (!set) throw new AssayError('NOT_FOUND', `Image set ${setId} does not exist in this project.`);
  const classes = JSON.parse(set.classes) as string[];
  const byClass = db.prepare("SELECT label, split, COUNT(*) AS n FROM images WHERE set_id = ? AND status = 'ok' GROUP BY label, split").all(setId) as {
    label: string;
    split: 'train' | 'validation' | 'test' | null;
    n: number;
  }[];
  const counts = classes.map((c) => byClass.filter((r) => r.label === c).reduce((a, r) => a + r.n, 0));
  const splitCounts = { train: 0, validation: 0, test: 0 };
  for (const r of byClass) if (r.split) splitCounts[r.split] += r.n;
  const issues = (db.prepare("SELECT COUNT(*) AS n FROM images WHERE set_id = ? AND status != 'ok'").get(setId) as { n: number }).n;
  const spec = JSON.parse(set.spec) as { seed?: number };
  return {
    id: set.id,
    name: set.name,
    source: set.source,
    createdAt: set.created_at,
    classes,
    counts,
    splitCounts,
    usable: counts.reduce((a, b) => a + b, 0),
    issues,
    seed: spec.seed ?? 42,
  };
}

export interface TrainImage {
  readonly id: number;
  readonly path: string;
  readonly sha256: string;
  readonly label: number;
  readonly split: 'train' | 'validation' | 'test';
}

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

export function readImageRun(db: Db, runId: number): ImageRunSummary {
  const row = db.prepare('SELECT summary FROM image_runs WHERE run_id = ?').get(runId) as { summary: string } | undefined;
  if (!row) throw new AssayError('NOT_FOUND', `Image training run ${runId} does not exist in this project.`);
  return JSON.parse(row.summary) as ImageRunSummary;
}

export function writeImageRun(db: Db, summary: ImageRunSummary): void {
  db.prepare('UPDATE image_runs SET summary = ? WHERE run_id = ?').run(JSON.stringify(summary), summary.runId);
}

export interface StoredImageModel {
  readonly backbone: BackboneInfo;
  readonly ref: BackboneRef;
  readonly classes: string[];
  readonly head: HeadJson;
  /** Phase 2: the fine-tuned backbone + head as TF.js artifacts (topology JSON, weight specs) and weights. */
  readonly modelJson: string | null;
  readonly weights: Buffer | null;
}

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

export function parseImageModelRow(row: ImageModelRow): StoredImageModel & { phase: 1 | 2 } {
  const b = JSON.parse(row.backbone) as { info: BackboneInfo; ref: BackboneRef };
  // A row that crossed to a worker thread arrives with its weights as a plain Uint8Array.
  const weights = row.weights === null ? null : Buffer.isBuffer(row.weights) ? row.weights : Buffer.from(row.weights.buffer, row.weights.byteOffset, row.weights.byteLength);
  return { phase: row.phase, backbone: b.info, ref: b.ref, classes: JSON.parse(row.classes) as string[], head: JSON.parse(row.head) as HeadJson, modelJson: row.model_json, weights };
}

export function readImageModel(db: Db, runId: number, phase?: 1 | 2): StoredImageModel & { phase: 1 | 2 } {
  const row = (
    phase
      ? db.prepare('SELECT * FROM image_models WHERE run_id = ? AND phase = ?').get(runId, phase)
      : db.prepare('SELECT * FROM image_models WHERE run_id = ? ORDER BY phase DESC LIMIT 1').get(runId)
  ) as ImageModelRow | undefined;
  if (!row) throw new AssayError('NOT_FOUND', `Run ${runId} has no trained image model${phase ? ` for phase ${phase}` : ''}. Did it finish?`);
  return parseImageModelRow(row);
}

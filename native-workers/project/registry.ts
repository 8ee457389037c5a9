/**
 * The model registry's tables (migrations 004 and 011): registered models,
 * their versions (each a frozen copy of a run's model, with a summary and a
 * card), stage changes as events, and image versions' stored models. The host
 * builds a version's summary and card (main/host/registry/); this stores,
 * finds and stages them.
 */
import { AssayError } from '../../preload/contract/errors';
import type { ModelCard, ModelRef, ModelVersion, RegisteredModel, Stage } from '../../preload/contract/registry';
import type { ModelDocument } from '../ml/tabular/predictor';
import type { ImageModelRow } from './images';
import type { ModelParts } from '../ml/recs/serialize';
import { readRecsModel } from './recs';
import type { Db } from './open';

interface VersionRow {
  name: string;
  version: number;
  run_id: number;
  stage: Stage;
  model: string;
  summary: string;
  card: string;
  created_at: string;
}

function toVersion(r: VersionRow): ModelVersion {
  const summary = JSON.parse(r.summary) as Omit<ModelVersion, 'stage' | 'card'>;
  // Versions registered before image models existed carry no kind: they are tabular.
  return { ...summary, kind: summary.kind ?? 'tabular', stage: r.stage, card: JSON.parse(r.card) as ModelCard };
}

/** A version about to be registered: the model it freezes, its summary and card, and for an image version the phase whose stored model it copies. */
export interface NewVersion {
  readonly model: unknown;
  readonly summary: Omit<ModelVersion, 'stage' | 'card'>;
  readonly card: ModelCard;
  readonly imagePhase?: 1 | 2;
}

/**
 * Adds the next version of `name` (the model is created on first use) in one
 * transaction: `make` builds it knowing its number, and an image version's
 * stored model is copied with it, so it stays as registered when the run changes.
 */
export function addVersion(db: Db, name: string, runId: number, now: string, make: (version: number) => NewVersion): ModelVersion {
  return db.transaction(() => {
    db.prepare('INSERT OR IGNORE INTO registered_models (name, created_at) VALUES (?, ?)').run(name, now);
    const version = ((db.prepare('SELECT max(version) AS v FROM model_versions WHERE name = ?').get(name) as { v: number | null }).v ?? 0) + 1;
    const v = make(version);
    db.prepare('INSERT INTO model_versions (name, version, run_id, stage, model, summary, card, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
      name,
      version,
      runId,
      'none',
      JSON.stringify(v.model),
      JSON.stringify(v.summary),
      JSON.stringify(v.card),
      now,
    );
    if (v.imagePhase !== undefined) copyImageModel(db, runId, v.imagePhase, name, version);
    return getVersion(db, name, version);
  }).immediate();
}

function copyImageModel(db: Db, runId: number, phase: 1 | 2, name: string, version: number): void {
  const copied = db
    .prepare(
      'INSERT INTO image_model_versions (name, version, phase, backbone, classes, head, model_json, weights) SELECT ?, ?, phase, backbone, classes, head, model_json, weights FROM image_models WHERE run_id = ? AND phase = ?',
    )
    .run(name, version, runId, phase);
  if (copied.changes !== 1) throw new AssayError('NOT_FOUND', `Image run ${runId} has no stored model for phase ${phase}; train it again.`);
}

/** What a tabular version's card says of its data: the dataset as it is now (undefined once deleted) and its import's sha256. */
export function datasetOrigin(db: Db, datasetId: number): { dataset: { name: string; source: string; rowCount: number } | undefined; sha256: string | null } {
  const ds = db.prepare('SELECT name, source, row_count FROM datasets WHERE id = ?').get(datasetId) as { name: string; source: string; row_count: number } | undefined;
  const imported = db.prepare("SELECT detail FROM lineage WHERE dataset_id = ? AND event = 'import' ORDER BY id DESC LIMIT 1").get(datasetId) as { detail: string } | undefined;
  const sha256 = imported ? ((JSON.parse(imported.detail) as { sha256?: string }).sha256 ?? null) : null;
  return { dataset: ds && { name: ds.name, source: ds.source, rowCount: ds.row_count }, sha256 };
}

/** One version; NOT_FOUND when the model has no such version. */
export function getVersion(db: Db, name: string, version: number): ModelVersion {
  const row = db.prepare('SELECT * FROM model_versions WHERE name = ? AND version = ?').get(name, version) as VersionRow | undefined;
  if (!row) throw new AssayError('NOT_FOUND', `Model ${name} has no version ${version}.`);
  return toVersion(row);
}

/** Every registered model by name, each with its versions newest first. */
export function listModels(db: Db): RegisteredModel[] {
  const models = db.prepare('SELECT name, created_at FROM registered_models ORDER BY name').all() as { name: string; created_at: string }[];
  const versions = db.prepare('SELECT * FROM model_versions WHERE name = ? ORDER BY version DESC');
  return models.map((m) => ({ name: m.name, createdAt: m.created_at, versions: (versions.all(m.name) as VersionRow[]).map(toVersion) }));
}

/**
 * `NAME` (its production version, else the newest), `NAME@3`, `NAME@production`,
 * `NAME@staging`: the version, whatever its kind.
 */
export function resolveVersion(db: Db, ref: ModelRef): ModelVersion {
  return toVersion(resolveRow(db, ref));
}

/** A resolved version ready to load: a tabular model document, or an image version's stored model. */
export type ServableModel =
  | { readonly kind: 'tabular'; readonly version: ModelVersion; readonly doc: ModelDocument }
  | { readonly kind: 'image'; readonly version: ModelVersion; readonly stored: ImageModelRow }
  | { readonly kind: 'recs'; readonly version: ModelVersion; readonly model: ModelParts };

/** What serving loads: any kind of version (a recommender's model parts from its run, project/recs.ts). */
export function resolveServable(db: Db, ref: ModelRef): ServableModel {
  const row = resolveRow(db, ref);
  const version = toVersion(row);
  if (version.kind === 'image') return { kind: 'image', version, stored: readImageVersionModel(db, version.name, version.version) };
  if (version.kind === 'recs') {
    const model = readRecsModel(db, version.runId);
    if (!model) throw new AssayError('NOT_FOUND', `Model ${version.name} version ${version.version}: its recommender run ${version.runId} has no stored model any more. Train and register it again.`);
    return { kind: 'recs', version, model };
  }
  return { kind: 'tabular', version, doc: JSON.parse(row.model) as ModelDocument };
}

/**
 * A tabular version and its model document (export uses it; an image version
 * is refused with where to go instead).
 */
export function resolveModel(db: Db, ref: ModelRef): { version: ModelVersion; doc: ModelDocument } {
  const row = resolveRow(db, ref);
  const version = toVersion(row);
  if (version.kind === 'image') {
    throw new AssayError('BAD_INPUT', `${version.name} version ${version.version} is an image classifier; this takes a tabular model. Export image models with assay export-images --run ${version.runId}.`);
  }
  if (version.kind === 'recs') throw new AssayError('BAD_INPUT', `${version.name} version ${version.version} is a recommender; this takes a tabular model.`);
  return { version, doc: JSON.parse(row.model) as ModelDocument };
}

/** The stored image model of a version, in `image_models`' row shape (what the classifier loader parses). */
function readImageVersionModel(db: Db, name: string, version: number): ImageModelRow {
  const row = db.prepare('SELECT phase, backbone, classes, head, model_json, weights FROM image_model_versions WHERE name = ? AND version = ?').get(name, version) as ImageModelRow | undefined;
  if (!row) throw new AssayError('NOT_FOUND', `Model ${name} version ${version} has no stored image model.`);
  return row;
}

/** NOT_FOUND, naming the registered models, unless `name` is one. */
function requireRegistered(db: Db, name: string): void {
  const known = (db.prepare('SELECT name FROM registered_models ORDER BY name').all() as { name: string }[]).map((r) => r.name);
  if (!known.includes(name)) throw new AssayError('NOT_FOUND', `No registered model "${name}"; registered: ${known.join(', ') || 'none'}.`);
}

function resolveRow(db: Db, ref: ModelRef): VersionRow {
  const at = ref.lastIndexOf('@');
  const name = at > 0 ? ref.slice(0, at) : ref;
  const which = at > 0 ? ref.slice(at + 1) : null;
  requireRegistered(db, name);
  let row: VersionRow | undefined;
  if (which === null) {
    row = (db.prepare("SELECT * FROM model_versions WHERE name = ? AND stage = 'production'").get(name) ??
      db.prepare('SELECT * FROM model_versions WHERE name = ? ORDER BY version DESC LIMIT 1').get(name)) as VersionRow | undefined;
  } else if (which === 'production' || which === 'staging') {
    row = db.prepare('SELECT * FROM model_versions WHERE name = ? AND stage = ? ORDER BY version DESC LIMIT 1').get(name, which) as VersionRow | undefined;
    if (!row) throw new AssayError('NOT_FOUND', `Model ${name} has no version in ${which}.`);
  } else {
    const v = Number(which);
    if (!Number.isInteger(v) || v < 1) throw new AssayError('BAD_INPUT', `"${which}" is not a version: use NAME@3, NAME@production or NAME@staging.`);
    row = db.prepare('SELECT * FROM model_versions WHERE name = ? AND version = ?').get(name, v) as VersionRow | undefined;
    if (!row) {
      const versions = (db.prepare('SELECT version FROM model_versions WHERE name = ? ORDER BY version').all(name) as { version: number }[]).map((r) => r.version);
      throw new AssayError('NOT_FOUND', `Model ${name} has no version ${v}; it has ${versions.join(', ')}.`);
    }
  }
  return row!;
}

/**
 * Moves a version to a stage. One version per model is in production and one
 * in staging: promoting another moves the previous one back to 'none'. A
 * rollback is promoting the version that was in production before.
 */
export function setStage(db: Db, name: string, version: number, stage: Stage): ModelVersion {
  getVersion(db, name, version);
  db.transaction(() => {
    if (stage !== 'none') db.prepare("UPDATE model_versions SET stage = 'none' WHERE name = ? AND stage = ?").run(name, stage);
    db.prepare('UPDATE model_versions SET stage = ? WHERE name = ? AND version = ?').run(stage, name, version);
    db.prepare('INSERT INTO stage_events (name, version, stage, at) VALUES (?, ?, ?, ?)').run(name, version, stage, new Date().toISOString());
  }).immediate();
  return getVersion(db, name, version);
}

/** The version that was in production before the current one (for a rollback), or null. */
export function previousProduction(db: Db, name: string): number | null {
  const current = db.prepare("SELECT version FROM model_versions WHERE name = ? AND stage = 'production'").get(name) as { version: number } | undefined;
  const rows = db.prepare("SELECT version FROM stage_events WHERE name = ? AND stage = 'production' ORDER BY id DESC").all(name) as { version: number }[];
  return rows.find((r) => r.version !== current?.version)?.version ?? null;
}

/** Replaces a version's card (the user edits it; the model itself never changes). */
export function setCard(db: Db, name: string, version: number, card: ModelCard): ModelVersion {
  getVersion(db, name, version);
  db.prepare('UPDATE model_versions SET card = ? WHERE name = ? AND version = ?').run(JSON.stringify(card), name, version);
  return getVersion(db, name, version);
}

/** Puts the version that was in production before the current one back in production. */
export function rollbackModel(db: Db, name: string): ModelVersion {
  requireRegistered(db, name);
  const previous = previousProduction(db, name);
  if (previous === null) throw new AssayError('BAD_INPUT', `Model ${name} has no earlier production version to roll back to.`);
  return setStage(db, name, previous, 'production');
}

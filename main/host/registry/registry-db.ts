import { AssayError } from '../../../preload/contract/errors';
import type { ModelCard, ModelRef, ModelVersion, RegisteredModel, Stage } from '../../../preload/contract/registry';
import type { TrainRunSummary } from '../../../preload/contract/train';
import type { ModelDocument } from '../../../native-workers/ml/tabular/predictor';
import type { Db } from '../../../native-workers/project/open';
import { getModelJson, getTrainSummary } from '../train/runs-db';
import type { ImageModelRow } from '../../../native-workers/jobs/images/store';
import { copyImageModel, imageVersionParts, isImageRun, readImageVersionModel } from './image-versions';

/** A name users type in URLs, CLIs and bucket prefixes: letters, digits, - _ . */
const namePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

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

function defaultCard(s: TrainRunSummary, lineage: ModelVersion['lineage'], rows: number): ModelCard {
  const main = Object.entries(s.metrics)
    .filter(([k]) => ['roc_auc', 'f1', 'accuracy', 'rmse', 'mae', 'r2'].includes(k))
    .map(([k, m]) => `${k} ${m.mean.toFixed(3)} ± ${m.std.toFixed(3)}`)
    .join(', ');
  return {
    intendedUse: `Predicts "${s.spec.target}" (${s.task}) from ${s.features.length} columns of rows like those of "${lineage.datasetName}".`,
    data: `Dataset "${lineage.datasetName}" (${rows} rows) from ${lineage.source}${lineage.sha256 ? `, sha256 ${lineage.sha256.slice(0, 12)}…` : ''}; ${s.validation?.kind ?? ''} ${s.validation?.k ?? ''}-fold validation, ${Math.round(s.spec.testSize * 100)}% held out for the test, seed ${s.spec.seed}.`,
    metrics: `Cross-validated: ${main}.${s.test ? ` Test split: ${Object.entries(s.test).filter(([k]) => ['roc_auc', 'f1', 'accuracy', 'rmse', 'r2'].includes(k)).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(', ')}.` : ''}`,
    limits: [
      'Valid for inputs like the training data; values outside its ranges or unseen categories are extrapolations.',
      ...s.lint.map((l) => l.message),
    ].join(' '),
  };
}

function nextVersion(db: Db, name: string): number {
  return ((db.prepare('SELECT max(version) AS v FROM model_versions WHERE name = ?').get(name) as { v: number | null }).v ?? 0) + 1;
}

/**
 * Registers a finished run's model as the next version of `name` (created on
 * first use). The run may be a tabular training run or an image run (run ids
 * are unique across kinds); `phase` picks an image run's phase (default: its
 * last, the fine-tuned one when there is one) and is refused for a tabular run.
 */
export function registerModel(db: Db, runId: number, name: string, opts: { readonly phase?: 1 | 2 } = {}): ModelVersion {
  if (!namePattern.test(name)) throw new AssayError('BAD_INPUT', `"${name}" is not a usable model name: use letters, digits, "-", "_" or "." (up to 64, starting with a letter or digit).`);
  if (isImageRun(db, runId)) return registerImageModel(db, runId, name, opts.phase);
  if (opts.phase !== undefined) throw new AssayError('BAD_INPUT', `Run ${runId} is a tabular run: a phase applies only to image runs.`);
  const s = getTrainSummary(db, runId);
  if (s.status !== 'succeeded') throw new AssayError('BAD_INPUT', `Run ${runId} ${s.status}; only a finished run has a model to register.`);
  const doc = JSON.parse(getModelJson(db, runId)) as ModelDocument;
  const ds = db.prepare('SELECT name, source, row_count FROM datasets WHERE id = ?').get(s.spec.datasetId) as { name: string; source: string; row_count: number } | undefined;
  const imported = db.prepare("SELECT detail FROM lineage WHERE dataset_id = ? AND event = 'import' ORDER BY id DESC LIMIT 1").get(s.spec.datasetId) as { detail: string } | undefined;
  const sha256 = imported ? ((JSON.parse(imported.detail) as { sha256?: string }).sha256 ?? null) : null;
  const lineage = { datasetId: s.spec.datasetId, datasetName: ds?.name ?? s.datasetName, source: ds?.source ?? 'unknown', sha256 };
  const now = new Date().toISOString();
  return db.transaction(() => {
    db.prepare('INSERT OR IGNORE INTO registered_models (name, created_at) VALUES (?, ?)').run(name, now);
    const next = nextVersion(db, name);
    const summary: Omit<ModelVersion, 'stage' | 'card'> = {
      name,
      version: next,
      runId,
      createdAt: now,
      kind: 'tabular',
      task: doc.task,
      model: s.spec.model,
      target: doc.target,
      classes: doc.classes,
      inputSchema: doc.pipeline.inputColumns,
      metrics: s.metrics,
      test: s.test,
      lineage,
    };
    db.prepare('INSERT INTO model_versions (name, version, run_id, stage, model, summary, card, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
      name,
      next,
      runId,
      'none',
      JSON.stringify(doc),
      JSON.stringify(summary),
      JSON.stringify(defaultCard(s, lineage, ds?.row_count ?? 0)),
      now,
    );
    return getVersion(db, name, next);
  }).immediate();
}

function registerImageModel(db: Db, runId: number, name: string, phase: 1 | 2 | undefined): ModelVersion {
  const now = new Date().toISOString();
  return db.transaction(() => {
    db.prepare('INSERT OR IGNORE INTO registered_models (name, created_at) VALUES (?, ?)').run(name, now);
    const next = nextVersion(db, name);
    const { summary, card, doc } = imageVersionParts(db, runId, name, next, now, phase);
    db.prepare('INSERT INTO model_versions (name, version, run_id, stage, model, summary, card, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
      name,
      next,
      runId,
      'none',
      JSON.stringify(doc),
      JSON.stringify(summary),
      JSON.stringify(card),
      now,
    );
    copyImageModel(db, runId, doc.phase, name, next);
    return getVersion(db, name, next);
  }).immediate();
}

export function getVersion(db: Db, name: string, version: number): ModelVersion {
  const row = db.prepare('SELECT * FROM model_versions WHERE name = ? AND version = ?').get(name, version) as VersionRow | undefined;
  if (!row) throw new AssayError('NOT_FOUND', `Model ${name} has no version ${version}.`);
  return toVersion(row);
}

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
  | { readonly kind: 'image'; readonly version: ModelVersion; readonly stored: ImageModelRow };

/** What serving loads: either kind of version. */
export function resolveServable(db: Db, ref: ModelRef): ServableModel {
  const row = resolveRow(db, ref);
  const version = toVersion(row);
  if (version.kind === 'image') return { kind: 'image', version, stored: readImageVersionModel(db, version.name, version.version) };
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
  return { version, doc: JSON.parse(row.model) as ModelDocument };
}

function resolveRow(db: Db, ref: ModelRef): VersionRow {
  const at = ref.lastIndexOf('@');
  const name = at > 0 ? ref.slice(0, at) : ref;
  const which = at > 0 ? ref.slice(at + 1) : null;
  const known = (db.prepare('SELECT name FROM registered_models ORDER BY name').all() as { name: string }[]).map((r) => r.name);
  if (!known.includes(name)) throw new AssayError('NOT_FOUND', `No registered model "${name}"; registered: ${known.join(', ') || 'none'}.`);
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

export function setCard(db: Db, name: string, version: number, card: ModelCard): ModelVersion {
  getVersion(db, name, version);
  db.prepare('UPDATE model_versions SET card = ? WHERE name = ? AND version = ?').run(JSON.stringify(card), name, version);
  return getVersion(db, name, version);
}

/** Puts the version that was in production before the current one back in production. */
export function rollbackModel(db: Db, name: string): ModelVersion {
  const known = (db.prepare('SELECT name FROM registered_models ORDER BY name').all() as { name: string }[]).map((r) => r.name);
  if (!known.includes(name)) throw new AssayError('NOT_FOUND', `No registered model "${name}"; registered: ${known.join(', ') || 'none'}.`);
  const previous = previousProduction(db, name);
  if (previous === null) throw new AssayError('BAD_INPUT', `Model ${name} has no earlier production version to roll back to.`);
  return setStage(db, name, previous, 'production');
}

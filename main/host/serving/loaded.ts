import { loadPredictor, type ModelDocument, type Predictor } from '../../../native-workers/ml/tabular/predictor';
import type { ModelRuntime } from '../../../native-workers/ml/tabular/models';
import { loadTf } from '../../../native-workers/host-api';
import type { ModelRef } from '../../../preload/contract/registry';
import type { ServedVersion } from '../../../preload/contract/serving';
import type { Db } from '../../../native-workers/project/open';
import { resolveServable } from '../../../native-workers/project/registry';
import { ImagePredictor } from './image-predictor';
import { artifactFromParts } from '../../../native-workers/ml/recs/serialize';
import { LiveRecommender } from '../../../native-workers/ml/recs/serving';

/** A registered tabular version with its predictor built and warmed, ready to answer. */
export interface LoadedTabular extends ServedVersion {
  readonly kind: 'tabular';
  readonly predictor: Predictor;
}

/** A registered image version: its classifier loaded and warmed in its own thread. */
export interface LoadedImage extends ServedVersion {
  readonly kind: 'image';
  readonly images: ImagePredictor;
}

/** A registered recommender: its stored model and histories, learning from /events as it serves. */
export interface LoadedRecs extends ServedVersion {
  readonly kind: 'recs';
  readonly live: LiveRecommender;
}

export type LoadedVersion = LoadedTabular | LoadedImage | LoadedRecs;

/** Builds the predictor from a model document; a neural network brings TensorFlow.js in (once). */
export async function loadVersion(served: ServedVersion, doc: ModelDocument): Promise<LoadedTabular> {
  const runtime: ModelRuntime = doc.model.type === 'mlp' ? { tf: (await loadTf()).tf } : {};
  const predictor = loadPredictor(doc, runtime);
  warm(predictor);
  return { kind: 'tabular', model: served.model, version: served.version, predictor };
}

/** `NAME`, `NAME@3`, `NAME@production`: resolved in the project, then loaded (NOT_FOUND names what exists). */
export async function loadRef(db: Db, ref: ModelRef): Promise<LoadedVersion> {
  const r = resolveServable(db, ref);
  if (r.kind === 'tabular') return loadVersion({ model: r.version.name, version: r.version.version }, r.doc);
  if (r.kind === 'recs') return { kind: 'recs', model: r.version.name, version: r.version.version, live: new LiveRecommender(artifactFromParts(r.model.meta, r.model.arrays)) };
  const images = await ImagePredictor.start({ row: r.stored, what: `${r.version.name} version ${r.version.version}` });
  return { kind: 'image', model: r.version.name, version: r.version.version, images };
}

/** Frees what a version holds (an image version's thread, once its requests are answered). */
export async function unload(v: LoadedVersion): Promise<void> {
  if (v.kind === 'image') await v.images.close();
}

/** One prediction on an all-missing row, so the first real request pays no lazy set-up (JIT, caches). */
function warm(p: Predictor): void {
  const row = Object.fromEntries(p.inputColumns.map((c) => [c.name, null]));
  try {
    for (let i = 0; i < 20; i++) p.predictRecords([row]);
  } catch {
    // A model that cannot take missing values still serves; it is only not pre-warmed.
  }
}

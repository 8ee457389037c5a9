import { loadPredictor, type ModelDocument, type Predictor } from '../../../native-workers/ml/tabular/predictor';
import type { ModelRuntime } from '../../../native-workers/ml/tabular/models';
import { loadTf } from '../../../native-workers/runtime/backend';
import type { ModelRef } from '../../../preload/contract/registry';
import type { ServedVersion } from '../../../preload/contract/serving';
import type { Db } from '../project/store';
import { resolveModel } from '../registry/registry-db';

/** A registered version with its predictor built and warmed, ready to answer. */
export interface LoadedVersion extends ServedVersion {
  readonly predictor: Predictor;
}

/** Builds the predictor from a model document; a neural network brings TensorFlow.js in (once). */
export async function loadVersion(served: ServedVersion, doc: ModelDocument): Promise<LoadedVersion> {
  const runtime: ModelRuntime = doc.model.type === 'mlp' ? { tf: (await loadTf()).tf } : {};
  const predictor = loadPredictor(doc, runtime);
  warm(predictor);
  return { model: served.model, version: served.version, predictor };
}

/** `NAME`, `NAME@3`, `NAME@production`: resolved in the project, then loaded (NOT_FOUND names what exists). */
export async function loadRef(db: Db, ref: ModelRef): Promise<LoadedVersion> {
  const { version, doc } = resolveModel(db, ref);
  return loadVersion({ model: version.name, version: version.version }, doc);
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

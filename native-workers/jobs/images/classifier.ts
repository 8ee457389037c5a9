/**
 * A trained image classifier loaded back from the project: the backbone it
 * was trained on (checked by sha256: a changed backbone would silently give
 * other features) and its head, as one model from pixels to probabilities.
 */
import type * as tfjs from '@tensorflow/tfjs';
import { AssayError } from '../../../preload/contract/errors';
import type { BackboneInfo } from '../../../preload/contract/images';
import { disposeBackbone, scalePixels, type Backbone, type Tf } from '../../ml/images/backbone';
import { headFromJson } from '../../ml/images/head';
import type { Db } from '../../project/open';
import { openBackbone } from '../../images/backbone-source';
import { readImageModel, type StoredImageModel } from '../../project/images';
import { readFloats } from '../../ml/tf-read';

export interface Classifier {
  /** Scaled pixels (n × s × s × 3) → class probabilities. */
  readonly model: tfjs.LayersModel;
  readonly info: BackboneInfo;
  readonly classes: readonly string[];
  readonly phase: 1 | 2;
  dispose(): void;
}

export async function loadClassifier(tf: Tf, db: Db, runId: number, phase?: 1 | 2): Promise<Classifier> {
  return classifierFromStored(tf, readImageModel(db, runId, phase), `run ${runId}`);
}

/** The classifier of a stored model (a run's, or a registered version's copy); `what` names it in errors. */
export async function classifierFromStored(tf: Tf, stored: StoredImageModel & { phase: 1 | 2 }, what: string): Promise<Classifier> {
  if (stored.modelJson && stored.weights) {
    const artifacts = JSON.parse(stored.modelJson) as { modelTopology: tfjs.io.ModelArtifacts['modelTopology']; weightSpecs: tfjs.io.WeightsManifestEntry[] };
    const w = stored.weights;
    const model = await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology: artifacts.modelTopology, weightSpecs: artifacts.weightSpecs, weightData: w.buffer.slice(w.byteOffset, w.byteOffset + w.byteLength) as ArrayBuffer }),
    );
    return { model, info: stored.backbone, classes: stored.classes, phase: stored.phase, dispose: () => model.dispose() };
  }
  const { backbone, info } = await openBackbone(tf, stored.ref, stored.backbone.inputSize);
  if (info.sha256 !== stored.backbone.sha256) {
    disposeBackbone(backbone);
    throw new AssayError('BAD_INPUT', `The backbone ${info.name} has changed since ${what} was trained (sha256 ${info.sha256.slice(0, 12)}…, was ${stored.backbone.sha256.slice(0, 12)}…); train again.`);
  }
  const head = headFromJson(tf, stored.head);
  const model = stack(tf, backbone, head);
  return {
    model,
    info,
    classes: stored.classes,
    phase: stored.phase,
    dispose: () => {
      head.dispose();
      disposeBackbone(backbone);
    },
  };
}

/** Backbone features → head, as one layers model (what export writes). */
export function stack(tf: Tf, backbone: Backbone, head: tfjs.LayersModel): tfjs.LayersModel {
  const features = backbone.model.outputs[0]!;
  const flat = features.shape.length > 2 ? tf.layers.flatten({ name: 'features_flat' }).apply(features) : features;
  const out = head.apply(flat) as tfjs.SymbolicTensor;
  return tf.model({ inputs: backbone.model.inputs, outputs: out, name: 'image_classifier' });
}

/** Probabilities for RGB bytes (n × s × s × 3). */
export async function classify(tf: Tf, c: Classifier, rgb: Uint8Array, n: number): Promise<Float32Array> {
  const s = c.info.inputSize;
  const p = tf.tidy(() => c.model.predict(scalePixels(tf, tf.tensor4d(rgb, [n, s, s, 3], 'int32').toFloat(), c.info.scaling)) as tfjs.Tensor);
  return readFloats(p);
}

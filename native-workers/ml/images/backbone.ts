/**
 * A frozen image backbone: a TF.js layers model cut at its feature layer.
 * Pure: the caller reads the artifacts (topology JSON, weight specs, bytes)
 * from wherever they live and passes them in; nothing here touches a disk or
 * the network, so the same code runs in a worker, a test or a browser.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { PixelScaling } from '../../../preload/contract/images';
import { readFloats } from '../tf-read';

export type Tf = typeof tfjs;

export interface BackboneArtifacts {
  readonly modelTopology: unknown;
  readonly weightSpecs: readonly tfjs.io.WeightsManifestEntry[];
  readonly weightData: ArrayBuffer;
}

export interface BackboneOptions {
  readonly name: string;
  readonly featureLayer: string;
  readonly scaling: PixelScaling;
  /**
   * Square input side. For a net whose last pooling is a fixed AveragePooling2D
   * over the final feature map (Keras MobileNetV2), the pool is resized to the
   * map this size gives (side / 32), which makes it a global average pool:
   * the same features at 224, a cheaper forward pass at 96 or 128.
   */
  readonly inputSize?: number;
}

export interface Backbone {
  readonly model: tfjs.LayersModel;
  /** The whole model before the cut (fine-tuning unfreezes its top blocks). */
  readonly full: tfjs.LayersModel;
  readonly name: string;
  readonly inputSize: number;
  readonly scaling: PixelScaling;
  readonly featureLayer: string;
  readonly features: number;
}

interface LayerJson {
  class_name: string;
  config: Record<string, unknown> & { name: string };
}

function layersOf(topology: unknown): LayerJson[] {
  const t = topology as { model_config?: { config?: { layers?: LayerJson[] } }; config?: { layers?: LayerJson[] } };
  const layers = t.model_config?.config?.layers ?? t.config?.layers;
  if (!Array.isArray(layers)) throw new Error('model.json has no layers list: is it a TF.js layers model (not a graph model)?');
  return layers;
}

/** Reads the declared square input side of a topology (null when it accepts any size). */
export function declaredInputSize(topology: unknown): number | null {
  const input = layersOf(topology).find((l) => l.class_name === 'InputLayer');
  const shape = input?.config['batch_input_shape'] as (number | null)[] | undefined;
  const side = shape?.[1];
  return typeof side === 'number' ? side : null;
}

/** The default cut: the layer feeding the last Dense layer (the classifier's input). */
export function defaultFeatureLayer(topology: unknown): string {
  const layers = layersOf(topology);
  for (let i = layers.length - 1; i > 0; i--) {
    if (layers[i]!.class_name === 'Dense') {
      const inbound = (layers[i] as unknown as { inbound_nodes?: unknown[][][] }).inbound_nodes?.[0]?.[0]?.[0];
      if (typeof inbound === 'string') {
        // Skip a dropout between the features and the classifier.
        const src = layers.find((l) => l.config.name === inbound);
        if (src?.class_name === 'Dropout') {
          const before = (src as unknown as { inbound_nodes?: unknown[][][] }).inbound_nodes?.[0]?.[0]?.[0];
          if (typeof before === 'string') return before;
        }
        return inbound;
      }
      return layers[i - 1]!.config.name;
    }
  }
  return layers[layers.length - 1]!.config.name;
}

/** A copy of the topology with the input side (and a final fixed pooling) adapted to `size`. */
export function resizeTopology(topology: unknown, size: number): unknown {
  const copy = JSON.parse(JSON.stringify(topology)) as unknown;
  const layers = layersOf(copy);
  const declared = declaredInputSize(copy);
  if (declared === size) return copy;
  if (size % 32 !== 0 || size < 32) throw new Error(`Input size ${size} must be a multiple of 32.`);
  for (const l of layers) {
    if (l.class_name === 'InputLayer') {
      const shape = l.config['batch_input_shape'] as (number | null)[];
      l.config['batch_input_shape'] = [shape[0] ?? null, size, size, shape[3] ?? 3];
    }
    if (l.class_name === 'AveragePooling2D' && declared !== null) {
      const pool = l.config['pool_size'] as number[];
      if (pool[0] === declared / 32) {
        l.config['pool_size'] = [size / 32, size / 32];
        l.config['strides'] = [size / 32, size / 32];
      }
    }
  }
  return copy;
}

export async function loadBackbone(tf: Tf, artifacts: BackboneArtifacts, opts: BackboneOptions): Promise<Backbone> {
  const declared = declaredInputSize(artifacts.modelTopology);
  const inputSize = opts.inputSize ?? declared ?? 224;
  const topology = resizeTopology(artifacts.modelTopology, inputSize);
  const full = await tf.loadLayersModel(
    tf.io.fromMemory({ modelTopology: topology as tfjs.io.ModelArtifacts['modelTopology'], weightSpecs: [...artifacts.weightSpecs], weightData: artifacts.weightData }),
  );
  let layer: tfjs.layers.Layer;
  try {
    layer = full.getLayer(opts.featureLayer);
  } catch {
    full.dispose();
    throw new Error(`The backbone has no layer '${opts.featureLayer}'. Pick one of: ${full.layers.slice(-8).map((l) => l.name).join(', ')}.`);
  }
  const output = layer.output as tfjs.SymbolicTensor;
  const model = tf.model({ inputs: full.inputs, outputs: output });
  const shape = output.shape;
  const features = shape.slice(1).reduce<number>((a, b) => a * (b ?? 1), 1);
  model.trainable = false;
  return { model, full, name: opts.name, inputSize, scaling: opts.scaling, featureLayer: opts.featureLayer, features };
}

/** Pixels in 0..255 (as floats) → the range the backbone was trained on, inside the graph. */
export function scalePixels(tf: Tf, x: tfjs.Tensor4D, scaling: PixelScaling): tfjs.Tensor4D {
  switch (scaling) {
    case '0..1':
      return tf.div(x, 255);
    case '-1..1':
      return tf.sub(tf.div(x, 127.5), 1);
    case '0..255':
      return x;
  }
}

/**
 * Features for a batch of images given as RGB bytes (n × size × size × 3).
 * Returns n × features floats; leaves no tensor behind.
 */
export async function embedBatch(tf: Tf, backbone: Backbone, rgb: Uint8Array, n: number): Promise<Float32Array> {
  const s = backbone.inputSize;
  if (rgb.length !== n * s * s * 3) throw new Error(`Expected ${n} images of ${s}×${s}×3 bytes, got ${rgb.length} bytes.`);
  const out = tf.tidy(() => {
    const x = scalePixels(tf, tf.tensor4d(rgb, [n, s, s, 3], 'int32').toFloat(), backbone.scaling);
    const y = backbone.model.predict(x) as tfjs.Tensor;
    return y.reshape([n, backbone.features]);
  });
  return readFloats(out);
}

export function disposeBackbone(backbone: Backbone): void {
  backbone.full.dispose();
}

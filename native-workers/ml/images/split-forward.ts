import type { LayersModel, SymbolicTensor, Tensor, layers as tfLayers } from '@tensorflow/tfjs';

type Tf = typeof import('@tensorflow/tfjs');
type Layer = tfLayers.Layer;

/**
 * The backbone's forward pass cut where training starts. tfjs's gradient tape keeps every op's inputs alive
 * until the gradients are taken, so running a whole MobileNetV2 under it holds all of its activations (GBs at
 * 224 px) although only the top blocks get gradients. `frozen` runs (outside the tape) every layer whose output
 * does not depend on a trainable weight, up to the tensors the trainable part reads (the frontier: one tensor
 * for MobileNetV2 block boundaries, several if a skip connection crosses); `trainable` runs the rest from those.
 */
export interface SplitForward {
  /** Frozen part: image batch → frontier values (the caller disposes them). */
  frozen(x: Tensor): Tensor[];
  /** Trainable part: frontier values → backbone output; call inside the gradient function. */
  trainable(frontier: readonly Tensor[], training: boolean): Tensor;
  /** How many layers each part runs (for tests and the log). */
  readonly layers: { frozen: number; trainable: number };
}

/**
 * Plans the split from which layers have trainable weights right now (call after choosing them). Each tensor
 * of the graph is computed from its SymbolicTensor's recorded inputs, as tfjs's own executor does, calling the
 * backbone's own layers, so weights (and the BatchNorm inference patch) are shared with the model.
 */
export function splitForward(tf: Tf, backbone: LayersModel): SplitForward {
  const output = backbone.outputs[0];
  const input = backbone.inputs[0];
  if (!output || !input || backbone.outputs.length !== 1 || backbone.inputs.length !== 1) {
    throw new Error('splitForward wants a backbone with one input and one output');
  }
  const downstream = new Map<number, boolean>();
  const isDownstream = (t: SymbolicTensor): boolean => {
    const known = downstream.get(t.id);
    if (known !== undefined) return known;
    const layer: Layer = t.sourceLayer;
    const own = layer.trainable && layer.trainableWeights.length > 0;
    // Every input is visited (no short-circuit) so the whole graph is classified.
    const fromInputs = t.inputs.map(isDownstream).some(Boolean);
    const value = own || fromInputs;
    downstream.set(t.id, value);
    return value;
  };
  isDownstream(output);

  const frontier: SymbolicTensor[] = [];
  const seenFrontier = new Set<number>();
  const counted = { frozen: new Set<string>(), trainable: new Set<string>() };
  const visit = new Set<number>();
  const collect = (t: SymbolicTensor) => {
    if (visit.has(t.id)) return;
    visit.add(t.id);
    if (!downstream.get(t.id)) {
      if (!seenFrontier.has(t.id)) {
        seenFrontier.add(t.id);
        frontier.push(t);
      }
      return;
    }
    counted.trainable.add(t.sourceLayer.name);
    t.inputs.forEach(collect);
  };
  collect(output);
  const countFrozen = (t: SymbolicTensor, seen: Set<number>) => {
    if (seen.has(t.id) || t.id === input.id) return;
    seen.add(t.id);
    counted.frozen.add(t.sourceLayer.name);
    t.inputs.forEach((i) => countFrozen(i, seen));
  };
  const frozenSeen = new Set<number>();
  frontier.forEach((t) => countFrozen(t, frozenSeen));

  const evaluate = (t: SymbolicTensor, values: Map<number, Tensor>, training: boolean): Tensor => {
    const known = values.get(t.id);
    if (known) return known;
    if (t.inputs.length === 0) throw new Error(`splitForward: no value for graph input ${t.name}`);
    const ins = t.inputs.map((i) => evaluate(i, values, training));
    const out = t.sourceLayer.apply(ins.length === 1 ? ins[0]! : ins, { ...t.callArgs, training }) as Tensor | Tensor[];
    const value = Array.isArray(out) ? out[t.outputTensorIndex ?? 0]! : out;
    values.set(t.id, value);
    return value;
  };

  return {
    layers: { frozen: counted.frozen.size, trainable: counted.trainable.size },
    frozen(x) {
      return tf.tidy(() => {
        const values = new Map<number, Tensor>([[input.id, x]]);
        return frontier.map((t) => evaluate(t, values, false));
      });
    },
    trainable(values, training) {
      const map = new Map<number, Tensor>();
      frontier.forEach((t, i) => map.set(t.id, values[i]!));
      return evaluate(output, map, training);
    },
  };
}

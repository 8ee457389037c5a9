/**
 * Phase 2: the backbone's top N blocks and the phase-1 head fine-tuned
 * together at a low learning rate on augmented images (ml/images/finetune.ts:
 * frozen BatchNorm kept in inference mode; on wasm the missing conv-gradient
 * kernels are registered). Images are decoded from disk per batch (bounded
 * memory). The result is stored as one flat layers model (backbone graph +
 * head, pixels in → probabilities out) and evaluated on the same test split
 * as phase 1 — only when it beats phase 1 on the validation images (on digits
 * fine-tuning scored below the head it started from); otherwise the run says
 * so and phase 1 stays the model.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { BackboneInfo, ImageEpoch, PhaseResult, ResolvedImageTrainSpec } from '../../../preload/contract/images';
import type { Backbone, Tf } from '../../ml/images/backbone';
import { fineTune, type FineTuneEpoch } from '../../ml/images/finetune';
import { classWeightsFor, headToJson } from '../../ml/images/head';
import type { JobContext } from '../../runtime/context';
import type { Db } from '../../project/open';
import { classify, stack, type Classifier } from './classifier';
import { readSquare } from './embed';
import type { BatchPlan } from '../../ml/images/batch-plan';
import { withBatchHalving } from '../../ml/gpu-failure';
import { guardGpu, webgpuDevice } from '../../runtime/gpu-guard';
import { writeImageModel, type TrainImage } from '../../project/images';
import { fmt } from './phase1';
import { phaseResult } from './phase-result';

export interface Phase2Input {
  readonly backbone: Backbone;
  readonly head: tfjs.Sequential;
  readonly images: readonly TrainImage[];
  readonly trainRows: readonly number[];
  readonly valRows: readonly number[];
  readonly testRows: readonly number[];
  readonly classes: readonly string[];
  readonly spec: ResolvedImageTrainSpec;
  readonly ctx: JobContext;
  readonly db: Db;
  readonly runId: number;
  readonly info: BackboneInfo;
  /** Batch sizes for this backend (larger on a GPU). */
  readonly plan: BatchPlan;
  /** Phase 1's head (fitted on the training split) scored on validation: what phase 2 must beat. */
  readonly phase1Validation: { readonly accuracy: number; readonly loss: number };
  /** The epochs so far (live curve). */
  readonly curve: (history: readonly ImageEpoch[]) => void;
}

/** unavailable: could not run; worse: ran, but did not beat phase 1 on validation (no model kept). */
export type Phase2Outcome =
  | { readonly kind: 'unavailable' | 'worse'; readonly reason: string }
  | { readonly kind: 'done'; readonly result: PhaseResult; readonly note: string };

const asEpoch = (h: FineTuneEpoch): ImageEpoch => ({ epoch: h.epoch, loss: h.loss, accuracy: h.accuracy, valLoss: h.val_loss, valAccuracy: h.val_accuracy, lr: h.lr });

/** Whether phase 2's best epoch beats phase 1 on validation: higher accuracy, or the same with a lower loss. */
export function beatsPhase1(p2: { accuracy: number; loss: number }, p1: { accuracy: number; loss: number }): boolean {
  return p2.accuracy > p1.accuracy || (p2.accuracy === p1.accuracy && p2.loss < p1.loss);
}

/** Serialises a layers model into what image_models keeps (topology + weight specs as JSON, weights as a blob). */
async function saveModel(tf: Tf, model: tfjs.LayersModel): Promise<{ json: string; weights: Buffer }> {
  let out: { json: string; weights: Buffer } | null = null;
  await model.save(
    tf.io.withSaveHandler(async (a: tfjs.io.ModelArtifacts) => {
      out = { json: JSON.stringify({ modelTopology: a.modelTopology, weightSpecs: a.weightSpecs }), weights: Buffer.from(a.weightData as ArrayBuffer) };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return out!;
}

export async function runPhase2(tf: Tf, input: Phase2Input): Promise<Phase2Outcome> {
  const { backbone, head, images, spec, ctx, classes } = input;
  if (backbone.scaling !== '0..1') {
    return { kind: 'unavailable', reason: `Fine-tuning needs a backbone that takes pixels in [0, 1]; ${backbone.name} takes ${backbone.scaling}. Phase 1 was trained and evaluated.` };
  }
  const K = classes.length;
  const s = backbone.inputSize;
  const started = Date.now();
  const { plan } = input;
  const pixels = new Uint8Array(Math.max(plan.fineTune, plan.embed) * s * s * 3);
  const batch = async (indices: readonly number[]): Promise<{ x: tfjs.Tensor4D; y: tfjs.Tensor2D }> => {
    const buf = indices.length * s * s * 3 <= pixels.length ? pixels : new Uint8Array(indices.length * s * s * 3);
    for (const [j, i] of indices.entries()) await readSquare(images[i]!.path, s, buf, j * s * s * 3);
    return tf.tidy(() => ({
      x: tf.div(tf.tensor4d(buf.subarray(0, indices.length * s * s * 3), [indices.length, s, s, 3], 'int32').toFloat(), 255) as tfjs.Tensor4D,
      y: tf.oneHot(tf.tensor1d(indices.map((i) => images[i]!.label), 'int32'), K).toFloat() as tfjs.Tensor2D,
    }));
  };
  const trainLabels = Int32Array.from(input.trainRows.map((r) => images[r]!.label));
  // Out of GPU memory: fine-tuning starts again from phase 1's weights (kept on a GPU only, where that is caught) with half the batch.
  const start = webgpuDevice(tf) ? [backbone.model, head].map((m) => ({ m, weights: m.getWeights().map((w) => w.clone()) })) : null;
  let attempts = 0;
  const tune = (batchSize: number) => {
    if (attempts++ > 0) for (const { m, weights } of start ?? []) m.setWeights(weights);
    return guardGpu(tf, () =>
      fineTune(
        tf,
        backbone.model,
        head,
        { batch, train: input.trainRows, validation: input.valRows },
        {
          blocks: spec.fineTuneBlocks,
          learningRate: spec.fineTuneLearningRate,
          epochs: spec.fineTuneEpochs,
          batchSize,
          patience: Math.min(spec.patience, 3),
          schedule: spec.schedule,
          ...(spec.classWeights ? { classWeights: Array.from(classWeightsFor(trainLabels, K, true)) } : {}),
          augment: spec.augment,
          seed: spec.seed,
        },
        {
          signal: ctx.signal,
          progress: (value, detail, metrics) => ctx.progress({ kind: 'images-train', value: 0.75 + 0.22 * value, title: `Phase 2: fine-tuning ${spec.fineTuneBlocks} block(s)`, detail, ...(metrics ? { metrics } : {}) }),
          onEpoch: (h) => input.curve(h.map(asEpoch)),
        },
      ),
    );
  };
  const result = await withBatchHalving(plan.fineTune, tune, (next, failed) => ctx.log('warn', `GPU out of memory fine-tuning ${failed} images at once: starting again with ${next}`))
    .then((r) => r.value)
    .finally(() => tf.dispose(start?.flatMap((s) => s.weights) ?? []));
  const history = result.history.map(asEpoch);
  const p1 = input.phase1Validation;
  const best = result.history[result.bestEpoch - 1];
  const p2 = { accuracy: best?.val_accuracy ?? NaN, loss: best?.val_loss ?? NaN };
  let note = `Phase 2 kept: validation accuracy ${fmt(p2.accuracy)} (loss ${fmt(p2.loss)}) against phase 1's ${fmt(p1.accuracy)} (loss ${fmt(p1.loss)}).`;
  if (input.valRows.length === 0) note = 'Phase 2 kept without a comparison: the set has no validation images to compare the phases on.';
  else if (!beatsPhase1(p2, p1)) {
    return {
      kind: 'worse',
      reason: `Phase 2 (fine-tuning ${spec.fineTuneBlocks} block(s)) scored validation accuracy ${fmt(p2.accuracy)} (loss ${fmt(p2.loss)}), not better than phase 1's ${fmt(p1.accuracy)} (loss ${fmt(p1.loss)}): phase 1 is kept as the model.`,
    };
  }
  // The same weights as one flat graph: what predict and export load back.
  const flat = stack(tf, backbone, head);
  const c: Classifier = { model: flat, info: input.info, classes, phase: 2, dispose: () => undefined };
  const y = Int32Array.from(input.testRows.map((r) => images[r]!.label));
  const proba = new Float32Array(y.length * K);
  for (let b = 0; b < input.testRows.length; b += plan.embed) {
    const rows = input.testRows.slice(b, b + plan.embed);
    for (const [j, i] of rows.entries()) await readSquare(images[i]!.path, s, pixels, j * s * s * 3);
    proba.set(await classify(tf, c, pixels.subarray(0, rows.length * s * s * 3), rows.length), b * K);
    ctx.checkCancelled();
  }
  const saved = await saveModel(tf, flat);
  writeImageModel(input.db, input.runId, 2, { backbone: input.info, ref: spec.backbone, classes: [...classes], head: await headToJson(head, spec.dropout), modelJson: saved.json, weights: saved.weights });
  const testImages = input.testRows.map((r) => images[r]!);
  return { kind: 'done', result: phaseResult(2, y, proba, classes, testImages, history, result.bestEpoch, (Date.now() - started) / 1000), note };
}

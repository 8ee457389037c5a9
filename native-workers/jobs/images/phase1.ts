/**
 * Phase 1: a head on frozen backbone features, in two fits, as the tabular
 * path does. First on the training split alone, scored on validation, to
 * choose the settings (the logreg head's penalty C from a grid; the dense
 * head's epoch count by early stopping); then the chosen settings refitted on
 * training + validation images, which is the phase-1 model. Phase 2 starts
 * from the first fit (its validation images unseen), so the two phases are
 * compared on validation fairly.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { ImageEpoch, ResolvedImageTrainSpec } from '../../../preload/contract/images';
import type { Tf } from '../../ml/images/backbone';
import { classWeightsFor, foldStandardiser, predictProba, trainHead, type HeadSpec, type LabelledFeatures } from '../../ml/images/head';
import { fitLinearHead, fitStandardiser, linearHeadModel, linearHeadProba, scoreProba, standardise, type LinearHead } from '../../ml/images/linear-head';

/** Penalties tried for the logreg head, strongest first (C is sklearn's inverse regularisation). */
export const penaltyGrid = [0.001, 0.01, 0.1, 1, 10] as const;

export interface Phase1Hooks {
  /** Fraction of phase 1 done; may throw to cancel. */
  progress(fraction: number, detail: string, metrics?: Record<string, number>): Promise<void>;
  /** The curve being fitted now (live curves). */
  curve(title: string, unit: 'epoch' | 'iteration', history: readonly ImageEpoch[]): void;
}

export interface Phase1Outcome {
  /** Refitted on training + validation: the phase-1 model. */
  readonly model: tfjs.Sequential;
  /** Fitted on training only: where phase 2 starts. */
  readonly selected: tfjs.Sequential;
  readonly history: readonly ImageEpoch[];
  readonly bestEpoch: number;
  /** The first fit's validation accuracy and (unweighted) loss; NaN without validation images. */
  readonly validation: { readonly accuracy: number; readonly loss: number };
  readonly note: string;
}

function concat(a: LabelledFeatures, b: LabelledFeatures): LabelledFeatures {
  const x = new Float32Array(a.x.length + b.x.length);
  x.set(a.x);
  x.set(b.x, a.x.length);
  const y = new Int32Array(a.y.length + b.y.length);
  y.set(a.y);
  y.set(b.y, a.y.length);
  return { x, y };
}

/** A score in a note: three decimals, a dash when there was nothing to score. */
export const fmt = (v: number): string => (Number.isNaN(v) ? '–' : v.toFixed(3));

export async function runPhase1(tf: Tf, train: LabelledFeatures, val: LabelledFeatures, K: number, spec: ResolvedImageTrainSpec, hooks: Phase1Hooks): Promise<Phase1Outcome> {
  return spec.head === 'dense' ? denseHead(tf, train, val, K, spec, hooks) : logregHead(tf, train, val, K, spec, hooks);
}

async function logregHead(tf: Tf, train: LabelledFeatures, val: LabelledFeatures, K: number, spec: ResolvedImageTrainSpec, hooks: Phase1Hooks): Promise<Phase1Outcome> {
  const hasVal = val.y.length > 0;
  // Without validation images nothing can choose C: sklearn's default is used.
  const grid: readonly number[] = hasVal ? penaltyGrid : [1];
  let best: { head: LinearHead; history: ImageEpoch[]; loss: number; accuracy: number } | null = null;
  const tried: string[] = [];
  for (const [i, C] of grid.entries()) {
    const title = `logistic regression, C = ${C} (${i + 1} of ${grid.length})`;
    const history: ImageEpoch[] = [];
    let lastShown = 0;
    const head = fitLinearHead(train, K, {
      C,
      classWeights: classWeightsFor(train.y, K, spec.classWeights),
      validation: val,
      onIteration: (it) => {
        history.push({ epoch: it.iteration + 1, loss: it.loss, accuracy: it.accuracy, valLoss: it.valLoss, valAccuracy: it.valAccuracy, lr: 0 });
        // L-BFGS iterations come fast: the live curve is rewritten at most 4 times a second.
        if (Date.now() - lastShown > 250) {
          lastShown = Date.now();
          hooks.curve(title, 'iteration', history);
        }
      },
    });
    hooks.curve(title, 'iteration', history);
    const v = scoreProba(linearHeadProba(head, val.x), val.y, K);
    tried.push(`C ${C}: ${fmt(v.accuracy)}`);
    await hooks.progress((i + 1) / (grid.length + 1), `${title}: validation accuracy ${fmt(v.accuracy)}, loss ${fmt(v.loss)}`, { val_loss: v.loss, val_accuracy: v.accuracy });
    if (!best || !hasVal || v.loss < best.loss) best = { head, history, loss: v.loss, accuracy: v.accuracy };
  }
  const chosen = best!;
  const C = chosen.head.C;
  hooks.curve(`logistic regression, C = ${C} (chosen)`, 'iteration', chosen.history);
  const all = concat(train, val);
  const refit = hasVal ? fitLinearHead(all, K, { C, classWeights: classWeightsFor(all.y, K, spec.classWeights) }) : chosen.head;
  await hooks.progress(1, `refitted C = ${C} on ${train.y.length + val.y.length} images`);
  const note = hasVal
    ? `Phase 1 head: logistic regression on standardised features, C = ${C} chosen on ${val.y.length} validation images (accuracy by C: ${tried.join(', ')}), then refitted on ${train.y.length} training + ${val.y.length} validation images.`
    : `Phase 1 head: logistic regression on standardised features, C = 1 (no validation images to choose it), fitted on ${train.y.length} training images.`;
  return {
    model: linearHeadModel(tf, refit),
    selected: linearHeadModel(tf, chosen.head),
    history: chosen.history,
    bestEpoch: chosen.history.length,
    validation: { accuracy: chosen.accuracy, loss: chosen.loss },
    note,
  };
}

async function denseHead(tf: Tf, train: LabelledFeatures, val: LabelledFeatures, K: number, spec: ResolvedImageTrainSpec, hooks: Phase1Hooks): Promise<Phase1Outcome> {
  const F = train.x.length / train.y.length;
  const headSpec: HeadSpec = {
    units: spec.headUnits,
    dropout: spec.dropout,
    learningRate: spec.learningRate,
    epochs: spec.epochs,
    batchSize: spec.batchSize,
    patience: spec.patience,
    schedule: spec.schedule,
    classWeights: spec.classWeights,
    seed: spec.seed,
  };
  // Standardised as the logreg head's features are (on the rows each fit sees), folded into the first layer after.
  const fit = async (rows: LabelledFeatures, validation: LabelledFeatures, epochs: number, share: [number, number], title: string | null): Promise<{ head: tfjs.Sequential; history: ImageEpoch[]; bestEpoch: number }> => {
    const s = fitStandardiser(rows.x, F);
    const z = (d: LabelledFeatures): LabelledFeatures => ({ x: Float32Array.from(standardise(d.x, s)), y: d.y });
    const trained = await trainHead(tf, z(rows), z(validation), K, { ...headSpec, epochs }, {
      checkpoint: (fraction, detail, metrics) => hooks.progress(share[0] + (share[1] - share[0]) * fraction, detail, metrics),
      ...(title ? { onEpoch: (h: readonly ImageEpoch[]) => hooks.curve(title, 'epoch', h) } : {}),
    });
    await foldStandardiser(tf, trained.head, s.mean, s.scale);
    return { head: trained.head, history: [...trained.history], bestEpoch: trained.bestEpoch };
  };
  const hasVal = val.y.length > 0;
  const first = await fit(train, val, spec.epochs, [0, hasVal ? 0.7 : 1], 'dense head');
  const v = hasVal ? scoreProba(await predictProba(tf, first.head, val.x, F), val.y, K) : { loss: NaN, accuracy: NaN };
  if (!hasVal) {
    return { model: first.head, selected: first.head, history: first.history, bestEpoch: first.bestEpoch, validation: v, note: `Phase 1 head: dense, ${first.bestEpoch} epochs on ${train.y.length} training images (no validation images to choose the epochs or refit).` };
  }
  hooks.curve(`dense head (epoch ${first.bestEpoch} kept)`, 'epoch', first.history);
  // The refit's own curve is not drawn: it has no validation images to score.
  const refit = await fit(concat(train, val), { x: new Float32Array(0), y: new Int32Array(0) }, first.bestEpoch, [0.7, 1], null);
  return {
    model: refit.head,
    selected: first.head,
    history: first.history,
    bestEpoch: first.bestEpoch,
    validation: v,
    note: `Phase 1 head: dense, ${first.bestEpoch} of ${first.history.length} epochs kept on ${val.y.length} validation images (accuracy ${fmt(v.accuracy)}), then refitted for ${first.bestEpoch} epochs on ${train.y.length} training + ${val.y.length} validation images.`,
  };
}

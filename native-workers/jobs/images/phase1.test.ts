import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { blobs } from '../../ml/images/test-blobs';
import { resolveImageTrainSpec, type ImageEpoch } from '../../../preload/contract/images';
import { classWeightsFor, predictProba } from '../../ml/images/head';
import { fitLinearHead, linearHeadProba, scoreProba } from '../../ml/images/linear-head';
import { penaltyGrid, runPhase1 } from './phase1';
import { beatsPhase1 } from './phase2';

const K = 3;
const F = 40;
const train = blobs(60, K, F, 1, { noise: 2, shift: 0.6, drift: 0.1 });
const val = blobs(30, K, F, 2, { noise: 2, shift: 0.6, drift: 0.1 });
const both = { x: Float32Array.from([...train.x, ...val.x]), y: Int32Array.from([...train.y, ...val.y]) };

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe('phase 1: settings chosen on validation, then refitted on training + validation', () => {
  it('logreg: picks the C with the lowest validation loss, refits it on both splits, and starts phase 2 from the training-only fit', async () => {
    await tf.setBackend('cpu');
    const spec = resolveImageTrainSpec({ imageSetId: 1, head: 'logreg' });
    const curves: { title: string; history: readonly ImageEpoch[] }[] = [];
    const out = await runPhase1(tf, train, val, K, spec, { progress: async () => undefined, curve: (title, _unit, history) => curves.push({ title, history }) });
    // The reference: every C of the grid fitted on training rows alone, scored on validation.
    const w = classWeightsFor(train.y, K, true);
    const scored = penaltyGrid.map((C) => ({ C, loss: scoreProba(linearHeadProba(fitLinearHead(train, K, { C, classWeights: w }), val.x), val.y, K).loss }));
    const best = scored.reduce((a, b) => (b.loss < a.loss ? b : a));
    expect(out.note).toContain(`C = ${best.C} chosen on 30 validation images`);
    expect(out.validation.loss).toBeCloseTo(best.loss, 4);
    const onTrain = fitLinearHead(train, K, { C: best.C, classWeights: w });
    const onBoth = fitLinearHead(both, K, { C: best.C, classWeights: classWeightsFor(both.y, K, true) });
    const probe = blobs(12, K, F, 3, { noise: 2, shift: 0.6, drift: 0.1 }).x;
    expect(maxDiff(await predictProba(tf, out.selected, probe, F), linearHeadProba(onTrain, probe))).toBeLessThan(1e-4);
    expect(maxDiff(await predictProba(tf, out.model, probe, F), linearHeadProba(onBoth, probe))).toBeLessThan(1e-4);
    // The refit is not the training-only fit: validation rows changed it.
    expect(maxDiff(linearHeadProba(onBoth, probe), linearHeadProba(onTrain, probe))).toBeGreaterThan(1e-3);
    // One live curve per candidate, then the chosen one; its points are L-BFGS iterations with both splits scored.
    expect(curves.at(-1)!.title).toBe(`logistic regression, C = ${best.C} (chosen)`);
    expect(out.history).toBe(curves.at(-1)!.history);
    expect(out.history.every((h) => h.accuracy !== undefined && !Number.isNaN(h.valAccuracy))).toBe(true);
    out.model.dispose();
    out.selected.dispose();
  });

  it('dense: keeps the best epoch on validation, refits that many epochs on both splits, on standardised features folded into the head', async () => {
    await tf.setBackend('cpu');
    const spec = resolveImageTrainSpec({ imageSetId: 1, head: 'dense', epochs: 12, headUnits: 16, patience: 3, seed: 4 });
    const out = await runPhase1(tf, train, val, K, spec, { progress: async () => undefined, curve: () => undefined });
    expect(out.bestEpoch).toBeGreaterThanOrEqual(1);
    expect(out.note).toContain(`refitted for ${out.bestEpoch} epochs on 60 training + 30 validation images`);
    // The training-only head's validation score is what the note and phase 2 compare against.
    const v = scoreProba(await predictProba(tf, out.selected, val.x, F), val.y, K);
    expect(out.validation.accuracy).toBeCloseTo(v.accuracy, 6);
    expect(out.model).not.toBe(out.selected);
    expect(out.history.every((h) => h.accuracy! >= 0 && h.accuracy! <= 1)).toBe(true);
    out.model.dispose();
    out.selected.dispose();
  });
});

describe('phase 2 is kept only when it beats phase 1 on validation', () => {
  it('higher validation accuracy wins; a tie goes to the lower loss; worse or equal keeps phase 1', () => {
    const p1 = { accuracy: 0.84, loss: 0.5 };
    expect(beatsPhase1({ accuracy: 0.86, loss: 0.9 }, p1)).toBe(true);
    expect(beatsPhase1({ accuracy: 0.84, loss: 0.4 }, p1)).toBe(true);
    expect(beatsPhase1({ accuracy: 0.84, loss: 0.5 }, p1)).toBe(false);
    expect(beatsPhase1({ accuracy: 0.74, loss: 0.3 }, p1)).toBe(false);
    expect(beatsPhase1({ accuracy: NaN, loss: NaN }, p1)).toBe(false);
  });
});

/**
 * An image training run in one worker: embeddings (cached in the project),
 * phase 1 (a head on the frozen backbone; phase1.ts), evaluation on the test
 * split, and phase 2 (fine-tuning the top blocks) when asked and available,
 * kept only when it beats phase 1 on validation. Each phase's curve is
 * written to the run as epochs finish (the host pushes it on progress).
 * Progress: embedding 0–60 %, head 60–75 %, fine-tuning 75–100 %.
 */
import { AssayError } from '../../../preload/contract/errors';
import type { BackboneInfo, ImageRunSummary, PhaseCurve } from '../../../preload/contract/images';
import { disposeBackbone, type Backbone } from '../../ml/images/backbone';
import { headToJson, predictProba } from '../../ml/images/head';
import type { ImageTrainJobSpec } from '../../protocol';
import { loadTf } from '../../runtime/backend';
import { yieldToEvents, type JobContext } from '../../runtime/context';
import { connectForBulkWrites } from '../../project/open';
import { openBackbone } from '../../images/backbone-source';
import { embedImages } from './embed';
import { runPhase1 } from './phase1';
import { runPhase2 } from './phase2';
import { batchPlan } from '../../ml/images/batch-plan';
import { phaseResult } from './phase-result';
import { getImageRun, readSetSummary, readUsableImages, writeImageModel, writeImageRun, type TrainImage } from '../../project/images';

function take(features: Float32Array, F: number, rows: readonly number[]): Float32Array {
  const out = new Float32Array(rows.length * F);
  rows.forEach((r, i) => out.set(features.subarray(r * F, (r + 1) * F), i * F));
  return out;
}

export async function runImageTrain(job: ImageTrainJobSpec, ctx: JobContext): Promise<{ phases: number }> {
  const db = connectForBulkWrites(job.projectPath);
  let backbone: Backbone | null = null;
  try {
    let summary = getImageRun(db, job.runId);
    const spec = summary.spec;
    const set = readSetSummary(db, spec.imageSetId);
    const classes = set.classes;
    const images = readUsableImages(db, spec.imageSetId, classes);
    const K = classes.length;
    const bySplit = (s: TrainImage['split']): number[] => images.flatMap((img, i) => (img.split === s ? [i] : []));
    const trainRows = bySplit('train');
    const valRows = bySplit('validation');
    const testRows = bySplit('test');
    if (trainRows.length === 0 || testRows.length === 0) {
      throw new AssayError('BAD_INPUT', `Image set '${set.name}' has ${trainRows.length} training and ${testRows.length} test images; import more images per class (at least three each).`);
    }
    const { tf, info: runtime } = await loadTf();
    const plan = batchPlan(runtime, spec.inputSize, spec.batchSize);
    if (plan.note) ctx.log('info', plan.note);
    const opened = await openBackbone(tf, spec.backbone, spec.inputSize, ctx.signal);
    backbone = opened.backbone;
    const info: BackboneInfo = opened.info;
    summary = { ...summary, backbone: info, classes };
    writeImageRun(db, summary);

    const started = Date.now();
    const { features, stats } = await embedImages(tf, backbone, info, db, images, async (done, total) => {
      ctx.progress({ kind: 'images-train', value: 0.6 * (done / total), title: 'Image features', detail: `${done} of ${total} images through ${info.name}` });
      await yieldToEvents();
      ctx.checkCancelled();
    }, plan.embed, (next, failed) => ctx.log('warn', `GPU out of memory embedding ${failed} images at once: trying ${next}`));
    ctx.log('info', `embeddings: ${stats.cached} cached, ${stats.computed} computed in ${stats.seconds.toFixed(1)} s`);
    const F = backbone.features;
    const labels = Int32Array.from(images.map((i) => i.label));
    const pick = (rows: number[]): { x: Float32Array; y: Int32Array } => ({ x: take(features, F, rows), y: Int32Array.from(rows.map((r) => labels[r]!)) });
    const train = pick(trainRows);
    const val = pick(valRows);
    const test = pick(testRows);

    const t1 = Date.now();
    // The summary as the worker last wrote it, plus the live curves (written on every epoch: one small row).
    let curves: PhaseCurve[] = [];
    const showCurve = (curve: PhaseCurve): void => {
      curves = [...curves.filter((c) => c.phase !== curve.phase), curve];
      writeImageRun(db, { ...summary, curves });
    };
    const setSummary = (next: ImageRunSummary): void => {
      summary = { ...next, curves };
      writeImageRun(db, summary);
    };
    const p1 = await runPhase1(tf, train, val, K, spec, {
      progress: async (fraction, detail, metrics) => {
        ctx.progress({ kind: 'images-train', value: 0.6 + 0.15 * fraction, title: 'Phase 1: training the head', detail, ...(metrics ? { metrics } : {}) });
        await yieldToEvents();
        ctx.checkCancelled();
      },
      curve: (title, unit, history) => showCurve({ phase: 1, unit, title, history: [...history] }),
    });
    const testImages = testRows.map((r) => images[r]!);
    const proba1 = await predictProba(tf, p1.model, test.x, F);
    const phase1 = phaseResult(1, test.y, proba1, classes, testImages, p1.history, p1.bestEpoch, (Date.now() - t1) / 1000 + stats.seconds);
    writeImageModel(db, job.runId, 1, { backbone: info, ref: spec.backbone, classes: [...classes], head: await headToJson(p1.model, spec.dropout), modelJson: null, weights: null });
    setSummary({ ...summary, phases: [phase1], notes: [...summary.notes, p1.note] });

    if (spec.fineTuneBlocks > 0) {
      const outcome = await runPhase2(tf, {
        backbone, head: p1.selected, images, trainRows, valRows, testRows, classes, spec, ctx, db, runId: job.runId, info, plan,
        phase1Validation: p1.validation,
        curve: (history) => showCurve({ phase: 2, unit: 'epoch', title: `fine-tuning ${spec.fineTuneBlocks} block(s)`, history }),
      });
      if (outcome.kind === 'done') setSummary({ ...summary, phases: [phase1, outcome.result], notes: [...summary.notes, outcome.note] });
      else setSummary({ ...summary, notes: [...summary.notes, outcome.reason] });
    }
    if (p1.selected !== p1.model) p1.selected.dispose();
    p1.model.dispose();
    ctx.log('info', `run took ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return { phases: summary.phases.length };
  } finally {
    if (backbone) disposeBackbone(backbone);
    db.close();
  }
}

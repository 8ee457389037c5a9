/**
 * The resource estimate shown before training: the backbone's forward pass is
 * timed on a few of the set's own images (read, decoded, resized, embedded),
 * one head epoch is timed on stand-in features, and memory is this process's
 * peak after the probe plus what the features of every image will take.
 */
import type { ImageTrainEstimate } from '../../../preload/contract/images';
import { disposeBackbone } from '../../ml/images/backbone';
import { trainHead } from '../../ml/images/head';
import { rng } from '../../ml/tabular/rng';
import type { ImageEstimateJobSpec } from '../../protocol';
import { loadTf } from '../../runtime/backend';
import type { JobContext } from '../../runtime/context';
import { connect } from '../../project/open';
import { embeddingProbe } from '../../project/image-embeddings';
import { openBackbone } from '../../images/backbone-source';
import { embedImages } from './embed';
import { batchPlan } from '../../ml/images/batch-plan';
import { isGpuBackend } from '../../../preload/contract/backend';
import { readSetSummary, readUsableImages } from '../../project/images';

export async function runImageEstimate(job: ImageEstimateJobSpec, ctx: JobContext): Promise<ImageTrainEstimate> {
  const db = connect(job.projectPath, true);
  try {
    const spec = job.spec;
    const set = readSetSummary(db, job.setId);
    const images = readUsableImages(db, job.setId, set.classes);
    const { tf, info: runtime } = await loadTf();
    const plan = batchPlan(runtime, spec.inputSize, spec.batchSize);
    ctx.progress({ kind: 'images-estimate', value: 0.1, title: 'Estimating', detail: 'loading the backbone' }, true);
    const { backbone, info } = await openBackbone(tf, spec.backbone, spec.inputSize, ctx.signal);
    try {
      const isCached = embeddingProbe(db);
      const cached = images.filter((i) => isCached(info.id, i.sha256)).length;
      // The first pass through a model compiles its kernels: warm up on one image, then time four.
      // On a GPU the time per image falls with the batch, so the timed probe there is one batch of the plan's size
      // (the set's images repeated if it has fewer); four images on the CPU.
      const probeSize = isGpuBackend(runtime.name) ? plan.embed : 4;
      const probe = Array.from({ length: probeSize + 1 }, (_, k) => images[k % images.length]!).map((i) => ({ path: i.path, sha256: '' }));
      const timed = probe.slice(1);
      // The warm-up compiles the kernels for the timed batch's shape: on a GPU that is the whole batch.
      await embedImages(tf, backbone, info, null, isGpuBackend(runtime.name) ? timed : probe.slice(0, 1), () => undefined, plan.embed);
      const t0 = process.hrtime.bigint();
      await embedImages(tf, backbone, info, null, timed, () => undefined, plan.embed);
      const perImage = Number(process.hrtime.bigint() - t0) / 1e9 / timed.length;
      ctx.progress({ kind: 'images-estimate', value: 0.7, title: 'Estimating', detail: 'timing the head' }, true);
      const F = backbone.features;
      const nTrain = images.filter((i) => i.split === 'train').length;
      const m = Math.min(256, Math.max(32, nTrain));
      const r = rng(1);
      const x = Float32Array.from({ length: m * F }, () => r.next());
      const y = Int32Array.from({ length: m }, (_, i) => i % set.classes.length);
      const t1 = process.hrtime.bigint();
      const h = await trainHead(tf, { x, y }, { x: new Float32Array(0), y: new Int32Array(0) }, set.classes.length, {
        units: spec.headUnits, dropout: spec.dropout, learningRate: spec.learningRate, epochs: 1, batchSize: spec.batchSize, patience: 1, schedule: 'constant', classWeights: false, seed: 1,
      });
      const perRowEpoch = Number(process.hrtime.bigint() - t1) / 1e9 / m;
      h.head.dispose();
      const embedSeconds = (images.length - cached) * perImage;
      const headSeconds = perRowEpoch * nTrain * spec.epochs;
      // Phase 2 runs images through the backbone forward and backward: about 3× a forward pass per image per epoch.
      const fineSeconds = spec.fineTuneBlocks > 0 ? 3 * perImage * nTrain * spec.fineTuneEpochs : 0;
      const featureMB = (images.length * F * 4 * 2) / 2 ** 20;
      const peakMemoryMB = process.memoryUsage().rss / 2 ** 20 + featureMB;
      const seconds = embedSeconds + headSeconds + fineSeconds;
      return {
        images: images.length,
        cachedEmbeddings: cached,
        embedSecondsPerImage: perImage,
        seconds,
        peakMemoryMB,
        detail: `${images.length - cached} image(s) to embed at ${perImage.toFixed(3)} s each (${cached} cached), head ≤ ${spec.epochs} epochs on ${nTrain} images${fineSeconds ? `, fine-tuning ${spec.fineTuneEpochs} epochs ≈ ${Math.round(fineSeconds)} s` : ''}; features ${featureMB < 10 ? featureMB.toFixed(1) : featureMB.toFixed(0)} MB${plan.note ? `; ${plan.note}` : ''}`,
      };
    } finally {
      disposeBackbone(backbone);
    }
  } finally {
    db.close();
  }
}

import { disposeBackbone } from '../../ml/images/backbone';
import { batchPlan } from '../../ml/images/batch-plan';
import type { ImageEmbedJobSpec, ImageEmbedResult } from '../../protocol';
import { loadTf } from '../../runtime/backend';
import { yieldToEvents, type JobContext } from '../../runtime/context';
import { connectForBulkWrites } from '../../project/open';
import { readSetSummary, readUsableImages } from '../../project/images';
import { openBackbone } from '../../images/backbone-source';
import { embedImages } from './embed';

/**
 * One shard of an embedding extraction: images [start, end) of the set's usable images, through the backbone,
 * into the project's embedding cache (a training run on the same backbone then embeds nothing). The vectors
 * depend only on the image and the backbone, so a shard that runs twice writes the same rows again.
 */
export async function runImageEmbed(job: ImageEmbedJobSpec, ctx: JobContext): Promise<ImageEmbedResult> {
  const db = connectForBulkWrites(job.projectPath);
  try {
    const set = readSetSummary(db, job.setId);
    const images = readUsableImages(db, job.setId, set.classes).slice(job.start, job.end);
    const { tf, info: runtime } = await loadTf();
    const plan = batchPlan(runtime, job.inputSize, 32);
    const { backbone, info } = await openBackbone(tf, job.backbone, job.inputSize, ctx.signal);
    try {
      const title = `Image features ${job.start + 1}–${job.end} of set ${set.name}`;
      const { stats } = await embedImages(tf, backbone, info, db, images, async (done, total) => {
        ctx.progress({ kind: 'images-embed', value: done / total, title, detail: `${done} of ${total} images through ${info.name}` });
        await yieldToEvents();
        ctx.checkCancelled();
      }, plan.embed, (next, failed) => ctx.log('warn', `GPU out of memory embedding ${failed} images at once: trying ${next}`));
      return { backboneId: info.id, start: job.start, end: job.start + images.length, ...stats };
    } finally {
      disposeBackbone(backbone);
    }
  } finally {
    db.close();
  }
}

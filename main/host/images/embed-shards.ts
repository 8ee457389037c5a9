import { AssayError } from '../../../preload/contract/errors';
import { resolveImageTrainSpec, type BackboneRef } from '../../../preload/contract/images';
import { listImageSets, readUsableImages } from '../../../native-workers/project/images';
import type { Executors } from '../jobs/executors/registry';
import type { JobManager } from '../jobs/manager';
import { runShards, shardProblem, shardRanges } from '../jobs/shards';
import type { ProjectAccess } from '../project/access';

export interface EmbedRequest {
  /** The image set's name or id. */
  readonly set: string;
  readonly backbone?: BackboneRef;
  readonly inputSize?: number;
  /** How many jobs the images are split into (ranges of the set's usable images); 1 by default. */
  readonly shards?: number;
  /** An executor of Settings → Compute; absent: the default one. */
  readonly executor?: string;
}

export interface EmbedSummary {
  readonly set: string;
  readonly backboneId: string;
  readonly images: number;
  readonly cached: number;
  readonly computed: number;
  readonly shards: number;
  readonly executor: string;
}

export interface ImageEmbeddingDeps extends ProjectAccess {
  readonly jobs: JobManager;
  readonly executors: Executors;
}

/**
 * Embedding extraction over shards of an image set: each shard an `images-embed` job, locally or on a cluster
 * executor, filling the project's embedding cache (what an image training run reads first, so a run on the same
 * backbone afterwards embeds nothing). On a cluster each shard's vectors come back in its result and are merged in
 * one transaction under the job's token, once.
 */
export class ImageEmbedding {
  private readonly deps: ImageEmbeddingDeps;

  constructor(deps: ImageEmbeddingDeps) {
    this.deps = deps;
  }

  async embed(req: EmbedRequest): Promise<EmbedSummary> {
    const store = this.deps.store();
    const shards = req.shards ?? 1;
    const problem = shardProblem(shards);
    if (problem) throw new AssayError('BAD_INPUT', problem);
    const sets = listImageSets(store.db);
    const set = sets.find((s) => s.name === req.set) ?? sets.find((s) => String(s.id) === req.set);
    if (!set) throw new AssayError('NOT_FOUND', `No image set "${req.set}" in this project; it has: ${sets.map((s) => `"${s.name}"`).join(', ') || 'none'}.`);
    const count = readUsableImages(store.db, set.id, set.classes).length;
    if (count === 0) throw new AssayError('BAD_INPUT', `Image set "${set.name}" has no usable images to embed; import it again or check its files.`);
    const { backbone, inputSize } = resolveImageTrainSpec({ imageSetId: set.id, ...(req.backbone ? { backbone: req.backbone } : {}), ...(req.inputSize ? { inputSize: req.inputSize } : {}) });
    const executor = this.deps.executors.resolve(req.executor);
    const cluster = executor?.openRun(store, null) ?? null;
    try {
      const ranges = shardRanges(count, shards);
      const results = await runShards(
        this.deps.jobs,
        ranges,
        ({ start, end }) => ({ kind: 'images-embed', spec: { projectPath: store.path, setId: set.id, backbone, inputSize, start, end } }),
        ({ start, end }, i) => `Image features of ${set.name}: ${start + 1}–${end}${ranges.length > 1 ? ` (shard ${i + 1} of ${ranges.length})` : ''}`,
        cluster ? { launcher: cluster.launcher } : null,
      );
      return {
        set: set.name,
        backboneId: results[0]!.backboneId,
        images: count,
        cached: results.reduce((a, r) => a + r.cached, 0),
        computed: results.reduce((a, r) => a + r.computed, 0),
        shards: ranges.length,
        executor: executor?.name ?? 'local',
      };
    } finally {
      cluster?.close();
    }
  }
}

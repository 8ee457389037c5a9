/**
 * Backbone features for many images with bounded memory: images are read and
 * decoded from disk a batch at a time (16 on the CPU; on a GPU as batchPlan says), embedded, and the vectors cached
 * in the project keyed by backbone id + image content hash, so a second run —
 * or the same picture in another set — costs no forward pass. Only the
 * features (n × 1,280 floats: 51 MB for 10,000 images) stay in memory.
 */
import fs from 'node:fs';
import type { BackboneInfo } from '../../../preload/contract/images';
import { embedBatch, type Backbone, type Tf } from '../../ml/images/backbone';
import { squareRgb } from '../../ml/images/pixels';
import type { Db } from '../../project/open';
import { embeddingReader, embeddingWriter, type EmbeddingEntry } from '../../project/image-embeddings';
import { decodeImage } from '../../images/decode';
import { withBatchHalving } from '../../ml/gpu-failure';
import { guardGpu } from '../../runtime/gpu-guard';

export const embedBatchSize = 16;

export async function readSquare(file: string, size: number, out: Uint8Array, offset: number): Promise<void> {
  const img = await decodeImage(fs.readFileSync(file));
  squareRgb(img, size, out, offset);
}

export interface EmbedItem {
  readonly path: string;
  readonly sha256: string;
}

export interface EmbedStats {
  readonly cached: number;
  readonly computed: number;
  readonly seconds: number;
}

export async function embedImages(
  tf: Tf,
  backbone: Backbone,
  info: BackboneInfo,
  db: Db | null,
  items: readonly EmbedItem[],
  onBatch: (done: number, total: number) => void | Promise<void>,
  batchSize = embedBatchSize,
  onHalve?: (next: number, failed: number) => void,
): Promise<{ features: Float32Array; stats: EmbedStats }> {
  const F = backbone.features;
  const s = backbone.inputSize;
  const out = new Float32Array(items.length * F);
  const cachedVector = db ? embeddingReader(db) : null;
  const cache = db ? embeddingWriter(db) : null;
  const missing: number[] = [];
  items.forEach((item, i) => {
    const vector = item.sha256 ? cachedVector?.(info.id, item.sha256) : undefined;
    if (vector && vector.length === F) out.set(vector, i * F);
    else missing.push(i);
  });
  const cached = items.length - missing.length;
  const t0 = Date.now();
  const pixels = new Uint8Array(batchSize * s * s * 3);
  let size = batchSize;
  for (let b = 0; b < missing.length; ) {
    // Out of GPU memory: the same images again in half as many per batch, and that size from then on.
    const done = await withBatchHalving(size, async (n) => {
      const rows = missing.slice(b, b + n);
      for (const [j, i] of rows.entries()) await readSquare(items[i]!.path, s, pixels, j * s * s * 3);
      return { rows, f: await guardGpu(tf, () => embedBatch(tf, backbone, pixels.subarray(0, rows.length * s * s * 3), rows.length)) };
    }, onHalve);
    size = done.batch;
    const { rows, f } = done.value;
    const computed: EmbeddingEntry[] = [];
    rows.forEach((i, j) => {
      const vector = f.subarray(j * F, (j + 1) * F);
      out.set(vector, i * F);
      if (items[i]!.sha256) computed.push({ sha256: items[i]!.sha256, vector });
    });
    cache?.(info.id, computed);
    b += rows.length;
    await onBatch(cached + b, items.length);
  }
  return { features: out, stats: { cached, computed: missing.length, seconds: (Date.now() - t0) / 1000 } };
}

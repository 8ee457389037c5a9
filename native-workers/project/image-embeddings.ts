/**
 * The embedding cache (`image_embeddings`, migration 010): a backbone's
 * feature vector per image content, keyed by backbone id and the image's
 * sha256, so a second run — or the same picture in another set — costs no
 * forward pass. Each function prepares its statement once and returns a closure
 * for the per-image loop.
 */
import type { Db } from './open';

/** A lookup of cached vectors: a copy of the vector, or undefined when none is cached. */
export function embeddingReader(db: Db): (backboneId: string, sha256: string) => Float32Array | undefined {
  const get = db.prepare('SELECT vector FROM image_embeddings WHERE backbone_id = ? AND sha256 = ?');
  return (backboneId, sha256) => {
    const row = get.get(backboneId, sha256) as { vector: Buffer } | undefined;
    // A blob that is not whole floats was not written by this cache: treat it as missing.
    if (!row || row.vector.byteLength % 4 !== 0) return undefined;
    return new Float32Array(row.vector.buffer.slice(row.vector.byteOffset, row.vector.byteOffset + row.vector.byteLength));
  };
}

/** Whether a vector is cached, without reading it (the estimate counts what is left to embed). */
export function embeddingProbe(db: Db): (backboneId: string, sha256: string) => boolean {
  const has = db.prepare('SELECT 1 FROM image_embeddings WHERE backbone_id = ? AND sha256 = ?');
  return (backboneId, sha256) => has.get(backboneId, sha256) !== undefined;
}

/** One vector to cache: the image's content hash and its features. */
export interface EmbeddingEntry {
  readonly sha256: string;
  readonly vector: Float32Array;
}

/** A writer of a batch of vectors for one backbone, in one transaction (replacing any cached before). */
export function embeddingWriter(db: Db): (backboneId: string, entries: readonly EmbeddingEntry[]) => void {
  const put = db.prepare('INSERT OR REPLACE INTO image_embeddings (backbone_id, sha256, vector) VALUES (?, ?, ?)');
  const write = db.transaction((backboneId: string, entries: readonly EmbeddingEntry[]) => {
    for (const e of entries) put.run(backboneId, e.sha256, Buffer.from(e.vector.buffer, e.vector.byteOffset, e.vector.byteLength));
  });
  return (backboneId, entries) => write.immediate(backboneId, entries);
}

/**
 * Decoded chunks kept per connection for row-range reads: a grid page needs 256 rows of each
 * column, but a chunk is read whole (512 KiB of a Float64 column, several ms each on a busy
 * machine), so the pages that follow in the same chunks must not read it again. Keyed by the
 * chunk's id, which a rewrite never reuses (AUTOINCREMENT), so a stale entry is never hit; least
 * recently used entries go past the byte budget.
 */
import type { Db } from '../open';
import { decodeChunk, type ChunkView } from './chunk-codec';

const budgetBytes = 64 * 2 ** 20;

class ChunkCache {
  private readonly entries = new Map<number, { view: ChunkView; bytes: number }>();
  private bytes = 0;

  get(id: number, load: () => Buffer): ChunkView {
    const hit = this.entries.get(id);
    if (hit) {
      this.entries.delete(id);
      this.entries.set(id, hit);
      return hit.view;
    }
    const data = load();
    const entry = { view: decodeChunk(data), bytes: data.length };
    this.entries.set(id, entry);
    this.bytes += entry.bytes;
    for (const [old, e] of this.entries) {
      if (this.bytes <= budgetBytes || old === id) break;
      this.entries.delete(old);
      this.bytes -= e.bytes;
    }
    return entry.view;
  }
}

const caches = new WeakMap<Db, ChunkCache>();

/** Chunk `id` decoded, from this connection's cache or by `load`ing its bytes. */
export function cachedChunk(db: Db, id: number, load: () => Buffer): ChunkView {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new ChunkCache()));
  return cache.get(id, load);
}

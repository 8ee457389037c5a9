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
  /** The warm-up under way (see warmChunks): a newer one replaces it. */
  warming = 0;

  has(id: number): boolean {
    return this.entries.has(id);
  }

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

function cacheOf(db: Db): ChunkCache {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new ChunkCache()));
  return cache;
}

/** Chunk `id` decoded, from this connection's cache or by `load`ing its bytes. */
export function cachedChunk(db: Db, id: number, load: () => Buffer): ChunkView {
  return cacheOf(db).get(id, load);
}

/** Whether chunk `id` is in this connection's cache. */
export function isCached(db: Db, id: number): boolean {
  return cacheOf(db).has(id);
}

/**
 * Loads chunks into the cache while the connection's thread is idle, one per turn of the event
 * loop (a chunk costs a few ms, so a request that arrives meanwhile waits for one chunk at most,
 * not for a band). The grid warms the band beside the one it shows this way: a band's first page
 * otherwise reads its ~30 chunks at once (45 ms p99 at row 1,000,000, `columns` bench). A newer
 * warm-up replaces an older one; a closed connection ends it.
 */
export function warmChunks(db: Db, ids: readonly number[], load: (id: number) => Buffer | undefined): void {
  const cache = cacheOf(db);
  const token = ++cache.warming;
  let k = 0;
  const step = (): void => {
    if (cache.warming !== token || !db.open) return;
    while (k < ids.length && cache.has(ids[k]!)) k++;
    if (k >= ids.length) return;
    const id = ids[k++]!;
    const bytes = load(id);
    if (bytes) cache.get(id, () => bytes);
    setImmediate(step);
  };
  setImmediate(step);
}

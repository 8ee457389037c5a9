/**
 * A hash table from byte ranges to small integer codes, so a reader that works on bytes can find a
 * value it has seen without making a string of it first: a string per field was most of the CSV
 * import's garbage (docs/figures.md, "Where a columnar import's time went"). The caller owns what a
 * code means (a dictionary code, an index into cached cells). Each key's bytes are copied once.
 */
export class ByteDict {
  /** Open addressing: code + 1 per slot, 0 when empty; the table size is a power of two. */
  private slots = new Int32Array(1024);
  private slotHash = new Int32Array(1024);
  private arena: Uint8Array = new Uint8Array(1 << 16);
  private arenaAt = 0;
  /** Per code: where its bytes are in the arena, and how many. */
  private starts = new Int32Array(256);
  private lens = new Int32Array(256);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** The code of src[start…end), or -1. */
  find(src: Uint8Array, start: number, end: number): number {
    const h = hashBytes(src, start, end);
    const mask = this.slots.length - 1;
    const n = end - start;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const s = this.slots[i]!;
      if (s === 0) return -1;
      if (this.slotHash[i] !== h) continue;
      const code = s - 1;
      if (this.lens[code] !== n) continue;
      const at = this.starts[code]!;
      const arena = this.arena;
      let k = 0;
      while (k < n && arena[at + k] === src[start + k]) k++;
      if (k === n) return code;
    }
  }

  /** Adds src[start…end) under `code` (the caller has checked find() missed it). */
  add(src: Uint8Array, start: number, end: number, code: number): void {
    if (this.count * 2 >= this.slots.length) this.grow();
    const n = end - start;
    if (this.arenaAt + n > this.arena.length) {
      const grown = new Uint8Array(Math.max(this.arena.length * 2, this.arenaAt + n));
      grown.set(this.arena.subarray(0, this.arenaAt));
      this.arena = grown;
    }
    this.arena.set(src.subarray(start, end), this.arenaAt);
    if (code >= this.starts.length) {
      const size = Math.max(this.starts.length * 2, code + 1);
      const starts = new Int32Array(size);
      const lens = new Int32Array(size);
      starts.set(this.starts);
      lens.set(this.lens);
      this.starts = starts;
      this.lens = lens;
    }
    this.starts[code] = this.arenaAt;
    this.lens[code] = n;
    this.arenaAt += n;
    this.insert(hashBytes(src, start, end), code);
    this.count++;
  }

  clear(): void {
    if (this.count === 0) return;
    this.slots.fill(0);
    this.arenaAt = 0;
    this.count = 0;
  }

  private insert(h: number, code: number): void {
    const mask = this.slots.length - 1;
    let i = h & mask;
    while (this.slots[i] !== 0) i = (i + 1) & mask;
    this.slots[i] = code + 1;
    this.slotHash[i] = h;
  }

  private grow(): void {
    const old = this.slots;
    const oldHash = this.slotHash;
    this.slots = new Int32Array(old.length * 2);
    this.slotHash = new Int32Array(old.length * 2);
    for (let i = 0; i < old.length; i++) if (old[i] !== 0) this.insert(oldHash[i]!, old[i]! - 1);
  }
}

/**
 * FNV-1a over the bytes, then murmur3's finaliser: FNV's multiplications carry a byte's bits only
 * upwards, and the table is indexed by the low bits.
 */
export function hashBytes(src: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = start; i < end; i++) h = Math.imul(h ^ src[i]!, 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * KLL quantile sketch (Karnin, Lang, Liberty 2016) with k = 200: bounded
 * memory (about 3k values whatever the count) and a normalized rank error of
 * about 1.3 % at 99 % confidence (Apache DataSketches' figure for k = 200;
 * kll.test.ts checks ≤ 2 % on a million values). Used for a window's
 * percentiles once it holds more values than the exact buffer keeps.
 *
 * Compaction keeps the odd or even items of a sorted level; the choice comes
 * from a seeded generator, so results are reproducible run to run.
 */
export const kllK = 200;
/** The stated bound: |rank(returned) − q·n| ≤ kllRankError · n (99 % confidence). */
export const kllRankError = 0.0133;

const decay = 2 / 3;
const minLevelCapacity = 8;

export class KllSketch {
  /** levels[h] holds items of weight 2^h; level 0 is unsorted. */
  private levels: number[][] = [[]];
  /** Per level its capacity, and their sum: recomputed only when a level is added. */
  private caps: number[] = [kllK];
  private cap = kllK;
  private size = 0;
  private seed: number;
  count = 0;

  constructor(seed = 0x9e3779b9) {
    this.seed = seed >>> 0 || 1;
  }

  /** Items held: bounded whatever the count. */
  get retained(): number {
    return this.size;
  }

  add(x: number): void {
    this.levels[0].push(x);
    this.size++;
    this.count++;
    if (this.size > this.cap) this.compress();
  }

  /** Adds another sketch's items (session windows merge). */
  merge(other: KllSketch): void {
    for (let h = 0; h < other.levels.length; h++) {
      while (this.levels.length <= h) this.addLevel();
      for (const x of other.levels[h]) this.levels[h].push(x);
      this.size += other.levels[h].length;
    }
    this.count += other.count;
    while (this.size > this.cap) this.compress();
  }

  /** The smallest item whose weighted rank reaches q·n (q in [0, 1]); NaN when empty. */
  quantile(q: number): number {
    if (this.count === 0) return NaN;
    const items: [number, number][] = [];
    this.levels.forEach((level, h) => {
      for (const x of level) items.push([x, 2 ** h]);
    });
    items.sort((a, b) => a[0] - b[0]);
    let total = 0;
    for (const [, w] of items) total += w;
    const target = q * total;
    let cum = 0;
    for (const [x, w] of items) {
      cum += w;
      if (cum >= target) return x;
    }
    return items[items.length - 1][0];
  }

  /** The top level holds k items, each level below 2/3 of the one above. */
  private addLevel(): void {
    this.levels.push([]);
    const top = this.levels.length - 1;
    this.caps = this.levels.map((_, h) => Math.max(minLevelCapacity, Math.ceil(kllK * decay ** (top - h))));
    this.cap = this.caps.reduce((a, b) => a + b, 0);
  }

  private random(): number {
    // xorshift32: one bit per compaction is all it needs.
    let s = this.seed;
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    this.seed = s >>> 0;
    return this.seed & 1;
  }

  /** Compacts the lowest level over its capacity: half its items move up with double weight. */
  private compress(): void {
    for (let h = 0; h < this.levels.length; h++) {
      const level = this.levels[h];
      if (level.length < this.caps[h]) continue;
      if (h + 1 === this.levels.length) this.addLevel();
      sortNumbers(level);
      // An odd item stays at this level so that weights add up exactly.
      const keep = level.length % 2 === 1 ? level.pop() : undefined;
      const offset = this.random();
      const up = this.levels[h + 1];
      for (let i = offset; i < level.length; i += 2) up.push(level[i]);
      this.size -= level.length - Math.floor(level.length / 2);
      level.length = 0;
      if (keep !== undefined) level.push(keep);
      return;
    }
  }
}

/** Sorts in place through a Float64Array: several times faster than a comparator sort. */
function sortNumbers(a: number[]): void {
  const f = Float64Array.from(a).sort();
  for (let i = 0; i < f.length; i++) a[i] = f[i];
}

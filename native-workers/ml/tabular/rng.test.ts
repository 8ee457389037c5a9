import { describe, expect, it } from 'vitest';
import { rng, shuffle } from './rng';

// Every split, bootstrap and initialisation replays from these draws, so the generator is pinned to the
// published algorithm: the 32-bit outputs below come from fixtures/make-rng-golden.py (an independent
// xoshiro128** with splitmix32 seeding, run with Debian's python3).
const golden: Record<number, number[]> = {
  0: [3809008728, 1133695204, 53579671, 2891528803, 139681546, 2203266335],
  42: [2837322924, 544945897, 479756282, 3500138142, 339756180, 113173290],
  4294967295: [835879718, 1921286648, 2356205009, 1885780724, 980451116, 1053911718],
};

describe('rng', () => {
  it("draws xoshiro128**'s outputs over 2³² for each seed", () => {
    for (const [seed, u32] of Object.entries(golden)) {
      const r = rng(Number(seed));
      expect(u32.map(() => r.next() * 4294967296), `seed ${seed}`).toEqual(u32);
    }
  });

  it('int(n) scales the same draw down to [0, n)', () => {
    const r = rng(42);
    expect(golden[42].map(() => r.int(1000))).toEqual(golden[42].map((u) => Math.floor((u / 4294967296) * 1000)));
  });

  it('normal() turns two draws into a Box–Muller pair, the cosine first', () => {
    const r = rng(0);
    const [u, v] = golden[0].slice(0, 2).map((x) => x / 4294967296);
    const radius = Math.sqrt(-2 * Math.log(u));
    expect(r.normal()).toBeCloseTo(radius * Math.cos(2 * Math.PI * v), 14);
    expect(r.normal()).toBeCloseTo(radius * Math.sin(2 * Math.PI * v), 14);
    // The pair used up, the next normal takes the next two draws.
    const [u2, v2] = golden[0].slice(2, 4).map((x) => x / 4294967296);
    expect(r.normal()).toBeCloseTo(Math.sqrt(-2 * Math.log(u2)) * Math.cos(2 * Math.PI * v2), 14);
  });

  it('fork() seeds a new generator with the next draw', () => {
    const r = rng(42);
    const child = r.fork();
    const same = rng(golden[42][0]);
    expect([child.next(), child.next()]).toEqual([same.next(), same.next()]);
    expect(r.next() * 4294967296).toBe(golden[42][1]);
  });
});

describe('shuffle', () => {
  it('is Fisher–Yates from the last element down, with int(i + 1) draws', () => {
    const a = Int32Array.from({ length: 7 }, (_, i) => i);
    shuffle(a, rng(42));
    const expected = Array.from({ length: 7 }, (_, i) => i);
    const r = rng(42);
    for (let i = 6; i > 0; i--) {
      const j = r.int(i + 1);
      [expected[i], expected[j]] = [expected[j]!, expected[i]!];
    }
    expect([...a]).toEqual(expected);
    expect([...a].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect([...a]).not.toEqual([0, 1, 2, 3, 4, 5, 6]);
    // n − 1 draws for n elements: a seeded run's later draws depend on it.
    const r6 = rng(42);
    shuffle(new Float64Array(6), r6);
    expect(r6.next() * 4294967296).toBe(golden[42][5]);
  });
});

/**
 * Settings for the property-based and fuzz tests (`*.fuzz.test.ts`, fast-check). CI runs a
 * fixed seed, so a failure there reproduces; locally FUZZ_SEED picks another seed (or
 * `random`) and FUZZ_RUNS multiplies every target's number of cases, to explore more.
 * A failure prints its seed and shrunk counterexample: keep that as a named case in the
 * target's corpus (`fixtures/fuzz/`). For tests only.
 */
export interface FuzzSettings {
  readonly seed: number;
  readonly numRuns: number;
}

/** The fixed CI seed (any constant would do: it only has to stay the same between runs). */
export const defaultFuzzSeed = 20_151_015;

function seedFromEnv(): number {
  const raw = process.env.FUZZ_SEED;
  if (raw === undefined || raw === '') return defaultFuzzSeed;
  if (raw === 'random') return Date.now() % 2 ** 31;
  const seed = Number(raw);
  if (!Number.isSafeInteger(seed)) throw new Error(`FUZZ_SEED must be an integer or "random" (got "${raw}")`);
  return seed;
}

function factorFromEnv(): number {
  const raw = process.env.FUZZ_RUNS;
  if (raw === undefined || raw === '') return 1;
  const factor = Number(raw);
  if (!(factor > 0)) throw new Error(`FUZZ_RUNS must be a positive number, a multiplier of each target's cases (got "${raw}")`);
  return factor;
}

/** fast-check parameters for a target that runs `runs` cases per CI run. */
export function fuzzSettings(runs: number): FuzzSettings {
  return { seed: seedFromEnv(), numRuns: Math.max(1, Math.round(runs * factorFromEnv())) };
}

/** `p`, or a rejection once `ms` have passed: a fuzz case that hangs fails (and shrinks) instead of stalling the run. */
export async function withinMs<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HungError(`${what}: no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, hung]);
  } finally {
    clearTimeout(timer);
  }
}

/** What withinMs rejects with, told apart from the errors under test. */
export class HungError extends Error {
  override name = 'HungError';
}

/**
 * A search's candidates and the pick among their scores: pure, so the host can list a fold's trials and
 * pick their best (a cluster's fan-out) exactly as the fold's own search loop does.
 */
import { AssayError } from '../../../preload/contract/errors';
import type { ParamValue, ResolvedTrainSpec, SearchSpec, Task } from '../../../preload/contract/train';
import { rng } from '../../ml/tabular/rng';
import { mainMetric } from './evaluate';

type Params = Readonly<Record<string, ParamValue>>;

const maxGrid = 200;

/** Grid: every combination; random: `iterations` distinct draws (seeded). */
export function candidates(search: SearchSpec, seed: number): Params[] {
  const names = Object.keys(search.space).sort();
  for (const n of names) if (search.space[n]!.length === 0) throw new AssayError('BAD_INPUT', `The search space for "${n}" has no values.`);
  const total = names.reduce((t, n) => t * search.space[n]!.length, 1);
  const at = (index: number): Params => {
    const out: Record<string, ParamValue> = {};
    let rest = index;
    for (const n of names) {
      const values = search.space[n]!;
      out[n] = values[rest % values.length]!;
      rest = Math.floor(rest / values.length);
    }
    return out;
  };
  if (search.kind === 'grid') {
    if (total > maxGrid) throw new AssayError('BAD_INPUT', `The grid has ${total} combinations (at most ${maxGrid}); use random search or fewer values.`);
    return Array.from({ length: total }, (_, i) => at(i));
  }
  const r = rng(seed);
  const wanted = Math.min(search.iterations ?? 10, total);
  const picked = new Set<number>();
  while (picked.size < wanted) picked.add(r.int(total));
  return [...picked].map(at);
}

/** Each fold gets its own seed, derived from the run's, so folds are independent and replayable. */
export function foldSeed(seed: number, fold: number): number {
  return (Math.imul(seed, 0x9e3779b1) + fold + 1) >>> 0;
}

/** The parameters a fold's search tries, in order: the fold's seed draws them, the spec's own params under each. */
export function foldCandidates(spec: ResolvedTrainSpec, foldSeed: number): Params[] {
  return candidates(spec.search!, foldSeed).map((c) => ({ ...spec.params, ...c }));
}

/**
 * The best candidate by its score; the first one on a tie, so trials scored apart (a cluster's jobs)
 * pick what the loop in one job picks.
 */
export function bestCandidate(task: Task, scored: readonly { readonly params: Params; readonly value: number | null }[]): Params {
  const { name, higher } = mainMetric(task);
  let best: { params: Params; value: number } | null = null;
  for (const { params, value } of scored) {
    if (value === null) continue;
    if (!best || (higher ? value > best.value : value < best.value)) best = { params, value };
  }
  if (!best) throw new AssayError('BAD_INPUT', `The search could not score any candidate by ${name} on the inner folds.`);
  return best.params;
}

import { AssayError } from '../../../preload/contract/errors';
import type { ParamValue, ResolvedTrainSpec, SearchSpec } from '../../../preload/contract/train';
import { takeValues } from '../../ml/tabular/matrix';
import { rng } from '../../ml/tabular/rng';
import { mainMetric, score } from './evaluate';
import { fitRows, predictRows, type TrainData } from './fit';
import { innerSplits } from './folds';

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

/**
 * Nested CV's inner loop: scores each candidate by an inner k-fold over the
 * outer fold's training rows only, and returns the best parameters. The
 * outer validation rows are never seen here.
 */
export async function searchParams(
  data: TrainData,
  rows: Int32Array,
  spec: ResolvedTrainSpec,
  seed: number,
  checkpoint: (fraction: number, detail?: string) => void,
): Promise<Params> {
  const search = spec.search!;
  const list = candidates(search, seed);
  const inner = innerSplits(data, rows, search.innerK ?? 3, seed);
  const { name, higher } = mainMetric(data.task);
  const plain = { ...spec, search: null };
  let best: { params: Params; value: number } | null = null;
  for (let c = 0; c < list.length; c++) {
    const params = { ...spec.params, ...list[c] };
    let sum = 0;
    let count = 0;
    for (let f = 0; f < inner.length; f++) {
      const step = (c * inner.length + f) / (list.length * inner.length);
      const fitted = await fitRows(data, inner[f]!.train, plain, params, seed, () => checkpoint(step, `search ${c + 1}/${list.length}`));
      const value = score(data.task, takeValues(data.y, inner[f]!.validation), predictRows(fitted, data, inner[f]!.validation), data.task === 'regression' ? null : classNames(data.nClasses)).metrics[name];
      if (value !== undefined) {
        sum += value;
        count++;
      }
    }
    if (count === 0) continue;
    const mean = sum / count;
    if (!best || (higher ? mean > best.value : mean < best.value)) best = { params, value: mean };
  }
  if (!best) throw new AssayError('BAD_INPUT', `The search could not score any candidate by ${name} on the inner folds.`);
  return best.params;
}

function classNames(k: number): string[] {
  return Array.from({ length: k }, (_, i) => String(i));
}

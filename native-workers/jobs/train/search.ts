import type { ParamValue, ResolvedTrainSpec } from '../../../preload/contract/train';
import { takeValues } from '../../ml/tabular/matrix';
import { mainMetric, score } from './evaluate';
import { fitRows, predictRows, type TrainData } from './fit';
import { innerSplits } from './folds';
import { bestCandidate, foldCandidates } from './candidates';

type Params = Readonly<Record<string, ParamValue>>;

/** One candidate's score: its mean main metric over the inner folds (null when no inner fold could be scored). */
export async function scoreCandidate(
  data: TrainData,
  inner: readonly { readonly train: Int32Array; readonly validation: Int32Array }[],
  spec: ResolvedTrainSpec,
  params: Params,
  seed: number,
  onFit: (innerFold: number) => void,
): Promise<number | null> {
  const { name } = mainMetric(data.task);
  const plain = { ...spec, search: null };
  let sum = 0;
  let count = 0;
  for (let f = 0; f < inner.length; f++) {
    const fitted = await fitRows(data, inner[f]!.train, plain, params, seed, () => onFit(f));
    const value = score(data.task, takeValues(data.y, inner[f]!.validation), predictRows(fitted, data, inner[f]!.validation), data.task === 'regression' ? null : classNames(data.nClasses)).metrics[name];
    if (value !== undefined) {
      sum += value;
      count++;
    }
  }
  return count === 0 ? null : sum / count;
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
  const list = foldCandidates(spec, seed);
  const inner = innerSplits(data, rows, spec.search!.innerK ?? 3, seed);
  const scored: { params: Params; value: number | null }[] = [];
  for (let c = 0; c < list.length; c++) {
    const params = list[c]!;
    const value = await scoreCandidate(data, inner, spec, params, seed, (f) => checkpoint((c * inner.length + f) / (list.length * inner.length), `search ${c + 1}/${list.length}`));
    scored.push({ params, value });
  }
  return bestCandidate(data.task, scored);
}

function classNames(k: number): string[] {
  return Array.from({ length: k }, (_, i) => String(i));
}

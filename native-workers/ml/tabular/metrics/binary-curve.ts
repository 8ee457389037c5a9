/**
 * The cumulative counts every ranking curve is built from, computed as
 * scikit-learn's `_binary_clf_curve`: one point per distinct score, scores
 * descending, a row counting as positive when its score is at least the threshold.
 */

export interface BinaryCounts {
  /** False positives at each threshold. */
  readonly fps: Float64Array;
  /** True positives at each threshold. */
  readonly tps: Float64Array;
  /** The distinct scores, descending. */
  readonly thresholds: Float64Array;
}

/** `yTrue`: 1 marks the positive class, anything else negative. */
export function binaryCounts(yTrue: ArrayLike<number>, score: ArrayLike<number>): BinaryCounts {
  const n = yTrue.length;
  if (score.length !== n) throw new Error(`Got ${n} labels but ${score.length} scores.`);
  if (n === 0) throw new Error('A curve needs at least one row.');
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(score[i])) throw new Error(`Score of row ${i} is missing (NaN).`);
    order[i] = i;
  }
  // Tie order does not matter: only the last row of each run of equal scores is kept.
  // Compared, not subtracted: Infinity − Infinity would be NaN and break the sort.
  order.sort((a, b) => (score[b]! > score[a]! ? 1 : score[b]! < score[a]! ? -1 : 0));
  const fps: number[] = [];
  const tps: number[] = [];
  const thresholds: number[] = [];
  let tp = 0;
  for (let i = 0; i < n; i++) {
    const row = order[i]!;
    if (yTrue[row] === 1) tp++;
    if (i === n - 1 || score[order[i + 1]!] !== score[row]) {
      tps.push(tp);
      fps.push(i + 1 - tp);
      thresholds.push(score[row]!);
    }
  }
  return { fps: Float64Array.from(fps), tps: Float64Array.from(tps), thresholds: Float64Array.from(thresholds) };
}

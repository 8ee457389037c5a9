/**
 * The K best of a score vector without sorting it: a bounded min-heap on typed arrays. Ties go
 * to the lower item index, so a ranking is the same on every run and in every implementation.
 */
export interface Ranked {
  readonly items: Int32Array;
  readonly scores: Float64Array;
}

/** `a` ranks below `b`: a lower score, or the same score and a higher index. */
function below(sa: number, ia: number, sb: number, ib: number): boolean {
  return sa < sb || (sa === sb && ia > ib);
}

/**
 * Top `k` of `scores`, best first. `skip[i] = 1` leaves item i out (seen items); `candidates`,
 * when given, is the only items considered. NaN and -Infinity scores are never ranked.
 */
export function topK(scores: Float64Array, k: number, skip: Uint8Array | null = null, candidates: Int32Array | null = null): Ranked {
  const heapItems = new Int32Array(k);
  const heapScores = new Float64Array(k);
  let size = 0;
  const n = candidates ? candidates.length : scores.length;
  for (let c = 0; c < n; c++) {
    const i = candidates ? candidates[c]! : c;
    const s = scores[i]!;
    if (!(s > -Infinity) || (skip && skip[i])) continue;
    if (size < k) {
      // Sift up.
      let at = size++;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (!below(s, i, heapScores[parent]!, heapItems[parent]!)) break;
        heapItems[at] = heapItems[parent]!;
        heapScores[at] = heapScores[parent]!;
        at = parent;
      }
      heapItems[at] = i;
      heapScores[at] = s;
    } else if (k > 0 && below(heapScores[0]!, heapItems[0]!, s, i)) {
      // Replace the root (the worst kept) and sift down.
      let at = 0;
      for (;;) {
        const l = 2 * at + 1;
        if (l >= size) break;
        const r = l + 1;
        const m = r < size && below(heapScores[r]!, heapItems[r]!, heapScores[l]!, heapItems[l]!) ? r : l;
        if (!below(heapScores[m]!, heapItems[m]!, s, i)) break;
        heapItems[at] = heapItems[m]!;
        heapScores[at] = heapScores[m]!;
        at = m;
      }
      heapItems[at] = i;
      heapScores[at] = s;
    }
  }
  const order = Array.from({ length: size }, (_, j) => j).sort((a, b) =>
    below(heapScores[a]!, heapItems[a]!, heapScores[b]!, heapItems[b]!) ? 1 : below(heapScores[b]!, heapItems[b]!, heapScores[a]!, heapItems[a]!) ? -1 : 0,
  );
  return { items: Int32Array.from(order, (j) => heapItems[j]!), scores: Float64Array.from(order, (j) => heapScores[j]!) };
}

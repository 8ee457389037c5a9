/**
 * numpy's default `argsort` (kind='quicksort': introsort with median-of-3
 * partitioning, insertion sort for 16 elements or fewer, heapsort past the depth
 * limit), reproduced step for step. It is not stable, and GroupKFold's folds
 * depend on how it orders groups of equal size, so matching sklearn's folds
 * needs the same algorithm.
 */

const SMALL_QUICKSORT = 15;

export function numpyArgsort(v: ArrayLike<number>): Int32Array {
  const num = v.length;
  const tosort = Int32Array.from({ length: num }, (_, i) => i);
  if (num < 2) return tosort;
  const swap = (a: number, b: number): void => {
    const t = tosort[a]!;
    tosort[a] = tosort[b]!;
    tosort[b] = t;
  };
  const less = (a: number, b: number): boolean => a < b;
  let pl = 0;
  let pr = num - 1;
  const stack: number[] = [];
  const depthStack: number[] = [];
  let cdepth = msb(num) * 2;
  for (;;) {
    let sorted = false;
    if (cdepth < 0) {
      heapsort(v, tosort, pl, pr - pl + 1);
      sorted = true;
    }
    if (!sorted) {
      while (pr - pl > SMALL_QUICKSORT) {
        const pm = pl + ((pr - pl) >> 1);
        if (less(v[tosort[pm]!]!, v[tosort[pl]!]!)) swap(pm, pl);
        if (less(v[tosort[pr]!]!, v[tosort[pm]!]!)) swap(pr, pm);
        if (less(v[tosort[pm]!]!, v[tosort[pl]!]!)) swap(pm, pl);
        const vp = v[tosort[pm]!]!;
        let pi = pl;
        let pj = pr - 1;
        swap(pm, pj);
        for (;;) {
          do ++pi;
          while (less(v[tosort[pi]!]!, vp));
          do --pj;
          while (less(vp, v[tosort[pj]!]!));
          if (pi >= pj) break;
          swap(pi, pj);
        }
        const pk = pr - 1;
        swap(pi, pk);
        // Push the larger partition, continue with the smaller.
        if (pi - pl < pr - pi) {
          stack.push(pi + 1, pr);
          pr = pi - 1;
        } else {
          stack.push(pl, pi - 1);
          pl = pi + 1;
        }
        depthStack.push(--cdepth);
      }
      for (let pi = pl + 1; pi <= pr; ++pi) {
        const vi = tosort[pi]!;
        const vp = v[vi]!;
        let pj = pi;
        let pk = pi - 1;
        while (pj > pl && less(vp, v[tosort[pk]!]!)) tosort[pj--] = tosort[pk--]!;
        tosort[pj] = vi;
      }
    }
    if (stack.length === 0) break;
    pr = stack.pop()!;
    pl = stack.pop()!;
    cdepth = depthStack.pop()!;
  }
  return tosort;
}

function msb(n: number): number {
  let depth = 0;
  while (n > 1) {
    n >>= 1;
    depth++;
  }
  return depth;
}

/**
 * numpy's `argsort(kind='heapsort')`. The default argsort falls back to this heapsort only past
 * its depth limit; exported so its tie order is checked against numpy on ordinary inputs too.
 */
export function numpyHeapArgsort(v: ArrayLike<number>): Int32Array {
  const tosort = Int32Array.from({ length: v.length }, (_, i) => i);
  heapsort(v, tosort, 0, v.length);
  return tosort;
}

/** numpy's aheapsort over tosort[start .. start+n). */
function heapsort(v: ArrayLike<number>, tosort: Int32Array, start: number, n: number): void {
  // numpy indexes the heap from 1: a[i] is tosort[start + i - 1].
  const get = (i: number): number => tosort[start + i - 1]!;
  const set = (i: number, x: number): void => {
    tosort[start + i - 1] = x;
  };
  for (let l = n >> 1; l > 0; --l) {
    const tmp = get(l);
    let i = l;
    for (let j = l << 1; j <= n; ) {
      if (j < n && v[get(j)]! < v[get(j + 1)]!) j += 1;
      if (v[tmp]! < v[get(j)]!) {
        set(i, get(j));
        i = j;
        j += j;
      } else break;
    }
    set(i, tmp);
  }
  for (; n > 1; ) {
    const tmp = get(n);
    set(n, get(1));
    n -= 1;
    let i = 1;
    for (let j = 2; j <= n; ) {
      if (j < n && v[get(j)]! < v[get(j + 1)]!) j++;
      if (v[tmp]! < v[get(j)]!) {
        set(i, get(j));
        i = j;
        j += j;
      } else break;
    }
    set(i, tmp);
  }
}

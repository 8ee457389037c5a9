const todo = (): never => {
  throw new Error('stream-core: not implemented yet');
};

export interface Series {
  readonly t: number[];
  readonly y: (number | null)[];
}

/** Largest-Triangle-Three-Buckets down to `threshold` points (nulls kept as gaps). */
export function lttb(_t: ArrayLike<number>, _y: ArrayLike<number | null>, _threshold: number): Series {
  return todo();
}

/** Min and max of each of `buckets` equal-time buckets, in time order. */
export function minMaxDecimate(_t: ArrayLike<number>, _y: ArrayLike<number | null>, _buckets: number): Series {
  return todo();
}

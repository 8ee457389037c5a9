/**
 * Limited-memory BFGS with a backtracking (Armijo) line search: the smooth
 * solver behind L2 logistic regression, as scikit-learn's default 'lbfgs'.
 * Stops when the largest gradient component is below `gtol` (scipy's pgtol test,
 * which is what sklearn's `tol` means for lbfgs).
 */
export interface LbfgsOptions {
  readonly maxIter: number;
  readonly gtol: number;
  readonly memory?: number;
  /** Called once per iteration with the current point (read it, do not keep it); may throw to cancel. */
  readonly onIteration?: (iter: number, x: Float64Array) => void;
}

/** Writes the gradient at x into `grad` and returns the objective. */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

export interface LbfgsResult {
  readonly x: Float64Array;
  readonly value: number;
  readonly iterations: number;
  readonly converged: boolean;
}

export function minimizeLbfgs(f: Objective, x0: Float64Array, opts: LbfgsOptions): LbfgsResult {
  const n = x0.length;
  const m = opts.memory ?? 10;
  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  let fx = f(x, g);
  const s: Float64Array[] = [];
  const yv: Float64Array[] = [];
  const rho: number[] = [];
  const alpha = new Float64Array(m);
  const dir = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  let iter = 0;
  for (; iter < opts.maxIter; iter++) {
    if (maxAbs(g) <= opts.gtol) return { x, value: fx, iterations: iter, converged: true };
    opts.onIteration?.(iter, x);
    // Two-loop recursion: dir = -H·g.
    dir.set(g);
    for (let k = s.length - 1; k >= 0; k--) {
      alpha[k] = rho[k]! * dot(s[k]!, dir);
      axpy(-alpha[k]!, yv[k]!, dir);
    }
    if (s.length > 0) {
      const last = s.length - 1;
      scale(dir, dot(s[last]!, yv[last]!) / dot(yv[last]!, yv[last]!));
    }
    for (let k = 0; k < s.length; k++) {
      const beta = rho[k]! * dot(yv[k]!, dir);
      axpy(alpha[k]! - beta, s[k]!, dir);
    }
    scale(dir, -1);
    let slope = dot(dir, g);
    if (slope >= 0) {
      // Curvature pairs went stale: restart from steepest descent.
      s.length = 0;
      yv.length = 0;
      rho.length = 0;
      for (let i = 0; i < n; i++) dir[i] = -g[i]!;
      slope = dot(dir, g);
    }
    // The first step has no curvature yet: keep it from overshooting wildly.
    let step = s.length === 0 ? Math.min(1, 1 / Math.max(1e-12, Math.sqrt(dot(g, g)))) : 1;
    let fNew = Infinity;
    for (let tries = 0; tries < 60; tries++) {
      for (let i = 0; i < n; i++) xNew[i] = x[i]! + step * dir[i]!;
      fNew = f(xNew, gNew);
      if (fNew <= fx + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(fNew <= fx)) return { x, value: fx, iterations: iter, converged: false };
    const sk = new Float64Array(n);
    const yk = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      sk[i] = xNew[i]! - x[i]!;
      yk[i] = gNew[i]! - g[i]!;
    }
    const sy = dot(sk, yk);
    if (sy > 1e-12 * Math.sqrt(dot(sk, sk) * dot(yk, yk))) {
      if (s.length === m) {
        s.shift();
        yv.shift();
        rho.shift();
      }
      s.push(sk);
      yv.push(yk);
      rho.push(1 / sy);
    }
    const decrease = fx - fNew;
    x.set(xNew);
    g.set(gNew);
    fx = fNew;
    // No progress at machine precision: further steps only chase rounding.
    if (decrease <= 1e-16 * Math.max(1, Math.abs(fx)) && maxAbs(g) <= Math.max(opts.gtol, 1e-8)) break;
  }
  return { x, value: fx, iterations: iter, converged: maxAbs(g) <= opts.gtol };
}

export function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] += a * x[i]!;
}

function scale(x: Float64Array, a: number): void {
  for (let i = 0; i < x.length; i++) x[i] *= a;
}

function maxAbs(x: Float64Array): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]!));
  return m;
}

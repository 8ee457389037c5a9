/**
 * Platt scaling: P(y=1 | f) = 1 / (1 + exp(A·f + B)), fitted by the Newton method
 * with backtracking of Lin, Lin & Weng (2007) — libsvm's sigmoid_train — with
 * Platt's smoothed targets so separable data cannot push A to infinity.
 */
export interface PlattSigmoid {
  readonly A: number;
  readonly B: number;
}

export function fitPlatt(f: Float64Array, positive: Uint8Array, sw?: Float64Array): PlattSigmoid {
  const n = f.length;
  let prior1 = 0;
  let prior0 = 0;
  for (let i = 0; i < n; i++) {
    const w = sw ? sw[i]! : 1;
    if (positive[i]) prior1 += w;
    else prior0 += w;
  }
  const hiTarget = (prior1 + 1) / (prior1 + 2);
  const loTarget = 1 / (prior0 + 2);
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) t[i] = positive[i] ? hiTarget : loTarget;
  const weight = (i: number): number => (sw ? sw[i]! : 1);
  const objective = (A: number, B: number): number => {
    let v = 0;
    for (let i = 0; i < n; i++) {
      const fApB = f[i]! * A + B;
      v += weight(i) * (fApB >= 0 ? t[i]! * fApB + Math.log1p(Math.exp(-fApB)) : (t[i]! - 1) * fApB + Math.log1p(Math.exp(fApB)));
    }
    return v;
  };
  let A = 0;
  let B = Math.log((prior0 + 1) / (prior1 + 1));
  let fval = objective(A, B);
  const sigma = 1e-12;
  for (let iter = 0; iter < 100; iter++) {
    let h11 = sigma, h22 = sigma, h21 = 0, g1 = 0, g2 = 0;
    for (let i = 0; i < n; i++) {
      const fApB = f[i]! * A + B;
      const [p, q] = fApB >= 0
        ? [Math.exp(-fApB) / (1 + Math.exp(-fApB)), 1 / (1 + Math.exp(-fApB))]
        : [1 / (1 + Math.exp(fApB)), Math.exp(fApB) / (1 + Math.exp(fApB))];
      const w = weight(i);
      const d2 = w * p * q;
      h11 += f[i]! * f[i]! * d2;
      h22 += d2;
      h21 += f[i]! * d2;
      const d1 = w * (t[i]! - p);
      g1 += f[i]! * d1;
      g2 += d1;
    }
    if (Math.abs(g1) < 1e-5 && Math.abs(g2) < 1e-5) break;
    const det = h11 * h22 - h21 * h21;
    const dA = -(h22 * g1 - h21 * g2) / det;
    const dB = -(-h21 * g1 + h11 * g2) / det;
    const gd = g1 * dA + g2 * dB;
    let step = 1;
    let moved = false;
    while (step >= 1e-10) {
      const newA = A + step * dA;
      const newB = B + step * dB;
      const newf = objective(newA, newB);
      if (newf < fval + 1e-4 * step * gd) {
        A = newA;
        B = newB;
        fval = newf;
        moved = true;
        break;
      }
      step /= 2;
    }
    if (!moved) break;
  }
  return { A, B };
}

export function plattProbability(s: PlattSigmoid, f: number): number {
  const fApB = f * s.A + s.B;
  return fApB >= 0 ? Math.exp(-fApB) / (1 + Math.exp(-fApB)) : 1 / (1 + Math.exp(fApB));
}

/**
 * Split criteria over histogram channel sums. Each gives a node score such that a split's
 * gain is score(left) + score(right) − score(parent); for CART that gain is the weighted
 * impurity decrease (scikit-learn's feature importance unit), for boosting XGBoost's gain.
 */

export interface Criterion {
  /** Histogram channels per row. */
  readonly channels: number;
  /** Values per leaf. */
  readonly outputs: number;
  score(s: Float64Array, o: number): number;
  /** Whether a child with these sums may exist (minimum samples or hessian). */
  admissible(s: Float64Array, o: number): boolean;
  /** Whether splitting a node with these sums and `rows` rows can help (not pure, enough rows). */
  splittable(s: Float64Array, o: number, rows: number): boolean;
  /** Weight of a node, to send missing values of unseen features to the heavier child. */
  weight(s: Float64Array, o: number): number;
  leaf(s: Float64Array, o: number, out: Float64Array, at: number): void;
}

/** Second-order boosting (channels gradient, hessian): score G²/(H+λ), leaf −η·G/(H+λ). */
export class GradientCriterion implements Criterion {
  readonly channels = 2;
  readonly outputs = 1;
  constructor(
    readonly lambda: number,
    readonly minChildWeight: number,
    private readonly learningRate: number,
  ) {}

  score(s: Float64Array, o: number): number {
    const g = s[o]!;
    return (g * g) / (s[o + 1]! + this.lambda);
  }
  admissible(s: Float64Array, o: number): boolean {
    return s[o + 1]! >= this.minChildWeight;
  }
  splittable(s: Float64Array, o: number, rows: number): boolean {
    return rows >= 2 && s[o + 1]! >= 2 * this.minChildWeight;
  }
  weight(s: Float64Array, o: number): number {
    return s[o + 1]!;
  }
  leaf(s: Float64Array, o: number, out: Float64Array, at: number): void {
    out[at] = (-this.learningRate * s[o]!) / (s[o + 1]! + this.lambda);
  }
}

/** Channels: weighted target sum, weight, row count. Score G²/W; leaf the weighted mean. */
export class SquaredErrorCriterion implements Criterion {
  readonly channels = 3;
  readonly outputs = 1;
  constructor(
    private readonly minSamplesLeaf: number,
    private readonly minSamplesSplit: number,
  ) {}

  score(s: Float64Array, o: number): number {
    const w = s[o + 1]!;
    return w > 0 ? (s[o]! * s[o]!) / w : 0;
  }
  admissible(s: Float64Array, o: number): boolean {
    return s[o + 2]! >= this.minSamplesLeaf && s[o + 1]! > 0;
  }
  splittable(_s: Float64Array, _o: number, rows: number): boolean {
    return rows >= this.minSamplesSplit && rows >= 2 * this.minSamplesLeaf;
  }
  weight(s: Float64Array, o: number): number {
    return s[o + 1]!;
  }
  leaf(s: Float64Array, o: number, out: Float64Array, at: number): void {
    out[at] = s[o + 1]! > 0 ? s[o]! / s[o + 1]! : 0;
  }
}

/** Channels: K class weights, then a row count. Leaf: class proportions. */
export class ClassCriterion implements Criterion {
  readonly channels: number;
  constructor(
    readonly outputs: number,
    private readonly kind: 'gini' | 'entropy',
    private readonly minSamplesLeaf: number,
    private readonly minSamplesSplit: number,
  ) {
    this.channels = outputs + 1;
  }

  score(s: Float64Array, o: number): number {
    const K = this.outputs;
    let w = 0;
    for (let k = 0; k < K; k++) w += s[o + k]!;
    if (w <= 0) return 0;
    let acc = 0;
    if (this.kind === 'gini') {
      // W·gini = W − Σc²/W.
      for (let k = 0; k < K; k++) acc += s[o + k]! * s[o + k]!;
      return acc / w;
    }
    // W·entropy = W·log W − Σ c·log c.
    for (let k = 0; k < K; k++) {
      const c = s[o + k]!;
      if (c > 0) acc += c * Math.log2(c);
    }
    return acc - w * Math.log2(w);
  }
  admissible(s: Float64Array, o: number): boolean {
    return s[o + this.outputs]! >= this.minSamplesLeaf && this.weight(s, o) > 0;
  }
  splittable(s: Float64Array, o: number, rows: number): boolean {
    if (rows < this.minSamplesSplit || rows < 2 * this.minSamplesLeaf) return false;
    let present = 0;
    for (let k = 0; k < this.outputs; k++) if (s[o + k]! > 0) present++;
    return present > 1;
  }
  weight(s: Float64Array, o: number): number {
    let w = 0;
    for (let k = 0; k < this.outputs; k++) w += s[o + k]!;
    return w;
  }
  leaf(s: Float64Array, o: number, out: Float64Array, at: number): void {
    const w = this.weight(s, o);
    for (let k = 0; k < this.outputs; k++) out[at + k] = w > 0 ? s[o + k]! / w : 1 / this.outputs;
  }
}

/**
 * Linear SVM with hinge loss (sklearn's LinearSVC(loss='hinge'), C=1), one-vs-rest for
 * more than two classes. Probabilities: each head's decision value goes through a
 * Platt sigmoid fitted on the training rows' decision values (as libsvm's
 * probability=True, but without its internal cross-validation, so they lean
 * over-confident where the SVM fits its training rows very well); one-vs-rest
 * heads are normalised to sum to 1, as sklearn's CalibratedClassifierCV does.
 */
import { field, isNumber, isNumberArray } from '../codec';
import type { Matrix } from '../matrix';
import type { FitOptions, Model, ModelJSON } from '../model';
import { rng } from '../rng';
import { checkCols, checkLabels, checkShapes, coefImportance, decision, notFitted, numbers, weightsOf } from './params';
import { fitPlatt, plattProbability, type PlattSigmoid } from './platt';
import { hingeDualCd } from './svm-dual-cd';

export interface LinearSvmParams {
  /** Default 1. */
  readonly C?: number;
  /** Dual coordinate-descent epochs per head, default 1000 (sklearn's; hinge loss on noisy data often needs them all, in liblinear too). */
  readonly maxIter?: number;
  /** liblinear's stopping tolerance on the projected-gradient spread, default 1e-4 (sklearn's). */
  readonly tol?: number;
}

export class LinearSvm implements Model {
  readonly type = 'svm';
  readonly C: number;
  readonly maxIter: number;
  readonly tol: number;
  private coef: Float64Array | null = null;
  private intercept: Float64Array | null = null;
  private platt: PlattSigmoid[] = [];
  private nClasses = 0;

  constructor(params: LinearSvmParams = {}) {
    this.C = params.C ?? 1;
    this.maxIter = params.maxIter ?? 1000;
    this.tol = params.tol ?? 1e-4;
    if (!(this.C > 0)) throw new Error('C must be positive.');
  }

  fit(X: Matrix, y: Float64Array, opts: FitOptions): void {
    checkShapes(X, y);
    if (opts.task === 'regression') throw new Error('The linear SVM here is a classifier.');
    const K = Math.max(2, opts.nClasses);
    checkLabels(y, K);
    const heads = K === 2 ? 1 : K;
    const sw = weightsOf(opts, X.rows);
    const upper = sw.map((w) => this.C * w);
    const p = X.cols;
    const coef = new Float64Array(heads * p);
    const intercept = new Float64Array(heads);
    const r = rng(opts.seed);
    for (let k = 0; k < heads; k++) {
      // Binary: class 1 is the positive side, as sklearn's classes_[1].
      const positive = heads === 1 ? 1 : k;
      const sign = new Int8Array(X.rows);
      for (let i = 0; i < X.rows; i++) sign[i] = y[i] === positive ? 1 : -1;
      const w = hingeDualCd(X, sign, {
        upper, maxIter: this.maxIter, tol: this.tol, rng: r.fork(),
        onEpoch: (e) => opts.checkpoint?.((k + e / this.maxIter) / heads),
      });
      coef.set(w.subarray(0, p), k * p);
      intercept[k] = w[p]!;
    }
    const z = decision(X, coef, intercept);
    this.platt = [];
    for (let k = 0; k < heads; k++) {
      const f = new Float64Array(X.rows);
      const pos = new Uint8Array(X.rows);
      for (let i = 0; i < X.rows; i++) {
        f[i] = z[i * heads + k]!;
        pos[i] = y[i] === (heads === 1 ? 1 : k) ? 1 : 0;
      }
      this.platt.push(fitPlatt(f, pos, opts.sampleWeight));
    }
    this.coef = coef;
    this.intercept = intercept;
    this.nClasses = K;
    opts.checkpoint?.(1);
  }

  /** Signed distances to each head's hyperplane (rows × heads; one head for binary), as sklearn's decision_function. */
  decisionFunction(X: Matrix): Float64Array {
    const { coef, intercept } = this.fitted();
    checkCols(X, coef.length / intercept.length);
    return decision(X, coef, intercept);
  }

  predict(X: Matrix): Float64Array {
    const z = this.decisionFunction(X);
    const heads = this.platt.length;
    const K = this.nClasses;
    const out = new Float64Array(X.rows * K);
    for (let i = 0; i < X.rows; i++) {
      if (heads === 1) {
        const p = plattProbability(this.platt[0]!, z[i]!);
        out[2 * i] = 1 - p;
        out[2 * i + 1] = p;
        continue;
      }
      let sum = 0;
      for (let k = 0; k < K; k++) {
        const p = plattProbability(this.platt[k]!, z[i * K + k]!);
        out[i * K + k] = p;
        sum += p;
      }
      for (let k = 0; k < K; k++) out[i * K + k] = sum > 0 ? out[i * K + k]! / sum : 1 / K;
    }
    return out;
  }

  coefficients(): { coef: Float64Array; intercept: Float64Array } {
    const { coef, intercept } = this.fitted();
    return { coef: coef.slice(), intercept: intercept.slice() };
  }

  featureImportance(): Float64Array {
    const { coef, intercept } = this.fitted();
    return coefImportance(coef, coef.length / intercept.length);
  }

  toJSON(): ModelJSON {
    const { coef, intercept } = this.fitted();
    return {
      type: this.type, C: this.C, maxIter: this.maxIter, tol: this.tol, nClasses: this.nClasses,
      coef: Array.from(coef), intercept: Array.from(intercept),
      plattA: this.platt.map((s) => s.A), plattB: this.platt.map((s) => s.B),
    };
  }

  static fromJSON(json: ModelJSON): LinearSvm {
    if (json.type !== 'svm') throw new Error(`Expected an svm model, got ${json.type}.`);
    const m = new LinearSvm({ C: field(json, 'C', isNumber), maxIter: field(json, 'maxIter', isNumber), tol: field(json, 'tol', isNumber) });
    m.coef = numbers(json, 'coef');
    m.intercept = numbers(json, 'intercept');
    m.nClasses = field(json, 'nClasses', isNumber);
    const A = field(json, 'plattA', isNumberArray);
    const B = field(json, 'plattB', isNumberArray);
    m.platt = A.map((a, k) => ({ A: a, B: B[k]! }));
    return m;
  }

  private fitted(): { coef: Float64Array; intercept: Float64Array } {
    if (!this.coef || !this.intercept) throw notFitted(this.type);
    return { coef: this.coef, intercept: this.intercept };
  }
}

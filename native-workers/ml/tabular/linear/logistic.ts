/**
 * Logistic regression: sklearn's LogisticRegression (C=1, intercept not penalised).
 * Binary → one sigmoid head; multiclass → softmax over K heads ('multinomial').
 * penalty 'l2' solves with L-BFGS, 'l1' with proximal Newton + coordinate descent.
 */
import { field, isNumber, isString } from '../codec';
import type { Matrix } from '../matrix';
import type { FitOptions, Model, ModelJSON } from '../model';
import { sigmoid, softmaxInPlace } from './link';
import { fitLogisticL1 } from './logistic-l1';
import { fitLogisticL2 } from './logistic-l2';
import { checkCols, checkLabels, checkShapes, coefImportance, decision, notFitted, numbers, weightsOf } from './params';

export interface LogisticRegressionParams {
  /** Default 'l2'. */
  readonly penalty?: 'l2' | 'l1';
  /** Inverse regularisation strength, default 1 (sklearn's default). */
  readonly C?: number;
  /** Default 1000 (L-BFGS iterations, or proximal Newton sweeps for l1). */
  readonly maxIter?: number;
  /** Stop when the gradient (l2) or optimality violation (l1) of the per-row objective is below this; default 1e-10 (l2), 1e-8 (l1). */
  readonly tol?: number;
}

export class LogisticRegression implements Model {
  readonly type = 'logreg';
  readonly penalty: 'l2' | 'l1';
  readonly C: number;
  readonly maxIter: number;
  readonly tol: number;
  private coef: Float64Array | null = null;
  private intercept: Float64Array | null = null;
  private nClasses = 0;

  constructor(params: LogisticRegressionParams = {}) {
    this.penalty = params.penalty ?? 'l2';
    this.C = params.C ?? 1;
    this.maxIter = params.maxIter ?? 1000;
    // L-BFGS reaches 1e-10 cheaply (digits: coefficients within 1e-7 of newton-cg's optimum); L1's sweeps cost more.
    this.tol = params.tol ?? (this.penalty === 'l2' ? 1e-10 : 1e-8);
    if (!(this.C > 0)) throw new Error('C must be positive.');
  }

  fit(X: Matrix, y: Float64Array, opts: FitOptions): void {
    checkShapes(X, y);
    if (opts.task === 'regression') throw new Error('Logistic regression is for classification.');
    const K = Math.max(2, opts.nClasses);
    checkLabels(y, K);
    const heads = K === 2 ? 1 : K;
    const solve = this.penalty === 'l1' ? fitLogisticL1 : fitLogisticL2;
    const params = solve(
      { X, y, sw: weightsOf(opts, X.rows), heads },
      {
        C: this.C,
        tol: this.tol,
        maxIter: this.maxIter,
        onIteration: (i) => opts.checkpoint?.(i / this.maxIter),
      },
    );
    this.coef = params.coef;
    this.intercept = params.intercept;
    if (heads > 1) {
      // Softmax intercepts are only defined up to a common shift (unpenalised): zero-mean, as sklearn's come out.
      const mean = params.intercept.reduce((a, b) => a + b, 0) / heads;
      for (let k = 0; k < heads; k++) params.intercept[k] -= mean;
    }
    this.nClasses = K;
    opts.checkpoint?.(1);
  }

  predict(X: Matrix): Float64Array {
    const { coef, intercept } = this.fitted();
    checkCols(X, coef.length / intercept.length);
    const z = decision(X, coef, intercept);
    const K = this.nClasses;
    if (intercept.length === 1) {
      const out = new Float64Array(X.rows * 2);
      for (let i = 0; i < X.rows; i++) {
        const p = sigmoid(z[i]!);
        out[2 * i] = 1 - p;
        out[2 * i + 1] = p;
      }
      return out;
    }
    for (let i = 0; i < X.rows; i++) softmaxInPlace(z, i * K, K);
    return z;
  }

  /** Coefficients (heads × cols, row-major; one head for binary) and intercepts, as sklearn's coef_ / intercept_. */
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
      type: this.type, penalty: this.penalty, C: this.C, maxIter: this.maxIter, tol: this.tol,
      nClasses: this.nClasses, coef: Array.from(coef), intercept: Array.from(intercept),
    };
  }

  static fromJSON(json: ModelJSON): LogisticRegression {
    if (json.type !== 'logreg') throw new Error(`Expected a logreg model, got ${json.type}.`);
    const penalty = field(json, 'penalty', isString);
    if (penalty !== 'l1' && penalty !== 'l2') throw new Error(`Unknown penalty ${penalty}.`);
    const m = new LogisticRegression({
      penalty, C: field(json, 'C', isNumber), maxIter: field(json, 'maxIter', isNumber), tol: field(json, 'tol', isNumber),
    });
    m.coef = numbers(json, 'coef');
    m.intercept = numbers(json, 'intercept');
    m.nClasses = field(json, 'nClasses', isNumber);
    return m;
  }

  private fitted(): { coef: Float64Array; intercept: Float64Array } {
    if (!this.coef || !this.intercept) throw notFitted(this.type);
    return { coef: this.coef, intercept: this.intercept };
  }
}

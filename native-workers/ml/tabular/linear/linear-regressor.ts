/** What LinearRegression, Ridge and Lasso share once fitted: w·x + b, its JSON, its importance. */
import { field, isNumber } from '../codec';
import type { Matrix } from '../matrix';
import type { FitOptions, Model, ModelJSON } from '../model';
import { checkCols, checkShapes, coefImportance, notFitted, numbers, weightsOf } from './params';

export abstract class LinearRegressor implements Model {
  abstract readonly type: 'linear' | 'ridge' | 'lasso';
  protected coef: Float64Array | null = null;
  protected intercept = 0;

  /** Fits w (and b) on validated inputs. */
  protected abstract solve(X: Matrix, y: Float64Array, sw: Float64Array, opts: FitOptions): void;
  /** Hyper-parameters to store beside the weights. */
  protected abstract params(): Record<string, number>;

  fit(X: Matrix, y: Float64Array, opts: FitOptions): void {
    checkShapes(X, y);
    if (opts.task !== 'regression') throw new Error(`${this.type} is a regression model.`);
    this.solve(X, y, weightsOf(opts, X.rows), opts);
    opts.checkpoint?.(1);
  }

  predict(X: Matrix): Float64Array {
    const coef = this.fitted();
    checkCols(X, coef.length);
    const out = new Float64Array(X.rows);
    for (let i = 0; i < X.rows; i++) {
      let s = this.intercept;
      for (let j = 0; j < X.cols; j++) s += coef[j]! * X.data[i * X.cols + j]!;
      out[i] = s;
    }
    return out;
  }

  /** sklearn's coef_ and intercept_. */
  coefficients(): { coef: Float64Array; intercept: number } {
    return { coef: this.fitted().slice(), intercept: this.intercept };
  }

  featureImportance(): Float64Array {
    const coef = this.fitted();
    return coefImportance(coef, coef.length);
  }

  toJSON(): ModelJSON {
    return { type: this.type, ...this.params(), coef: Array.from(this.fitted()), intercept: this.intercept };
  }

  protected restore(json: ModelJSON): this {
    if (json.type !== this.type) throw new Error(`Expected a ${this.type} model, got ${json.type}.`);
    this.coef = numbers(json, 'coef');
    this.intercept = field(json, 'intercept', isNumber);
    return this;
  }

  private fitted(): Float64Array {
    if (!this.coef) throw notFitted(this.type);
    return this.coef;
  }
}
